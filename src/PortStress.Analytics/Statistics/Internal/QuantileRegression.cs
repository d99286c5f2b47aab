using MathNet.Numerics.LinearAlgebra;

namespace PortStress.Analytics.Statistics.Internal;

/// <summary>
/// Linear quantile regression: β minimizing Σ wᵢ ρτ(yᵢ − xᵢ'β) with ρτ(u) = u(τ − 1{u &lt; 0}), solved exactly (to a
/// relative duality gap) as a linear program by a primal-dual interior-point method with Mehrotra's
/// predictor-corrector, on the bounded dual
///   max y'a  subject to  X'a = (1 − τ) X'w,  0 ≤ a ≤ w
/// (Koenker and Portnoy's Frisch-Newton formulation; derived here from the KKT conditions). Each iteration costs
/// O(n p²) for X'QX and a p × p Cholesky solve; a fit takes some 15-30 iterations whatever n is. When the design
/// has few distinct rows (the interaction model has eight), <see cref="FitCells"/> keeps one copy of each and an
/// iteration costs O(n + cells·p²).
/// </summary>
internal static class QuantileRegression
{
    private const double StepFraction = 0.99995;
    private const int MaxIterations = 100;

    /// <summary>
    /// Fits row-major <paramref name="design"/> (n × p) to <paramref name="y"/> at quantile <paramref name="tau"/>,
    /// with positive <paramref name="weights"/> (null: all one).
    /// </summary>
    public static double[] Fit(double[] design, int p, double[] y, double tau, double[]? weights = null, double tolerance = 1e-10) =>
        Fit(design, p, y, tau, weights, tolerance, out _);

    /// <summary>As <see cref="Fit(double[], int, double[], double, double[], double)"/>, saying how many iterations it took.</summary>
    public static double[] Fit(double[] design, int p, double[] y, double tau, double[]? weights, double tolerance, out int iterations) =>
        Solve(new Rows(design, p, null), y, tau, weights, tolerance, out iterations);

    /// <summary>Fits rows given as indices <paramref name="cellOf"/> into a table of distinct rows (row-major, cells × p).</summary>
    public static double[] FitCells(double[] table, int p, int[] cellOf, double[] y, double tau, double[]? weights, double tolerance, out int iterations) =>
        Solve(new Rows(table, p, cellOf), y, tau, weights, tolerance, out iterations);

    /// <summary>Σ ρτ(yᵢ − xᵢ'β): the objective the fit minimizes (unit weights).</summary>
    public static double Objective(double[] design, int p, double[] y, double tau, double[] beta)
    {
        var total = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            var u = y[i];
            for (var j = 0; j < p; j++)
                u -= design[(i * p) + j] * beta[j];
            total += u * (u < 0 ? tau - 1 : tau);
        }
        return total;
    }

    private static double[] Solve(Rows rows, double[] y, double tau, double[]? weights, double tolerance, out int iterations)
    {
        if (tau is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(tau), tau, "The quantile must lie in (0, 1).");
        var n = y.Length;
        var p = rows.P;
        var u = new double[n]; // upper bounds: the weights
        for (var i = 0; i < n; i++)
        {
            u[i] = weights?[i] ?? 1.0;
            if (!(u[i] > 0))
                throw new ArgumentOutOfRangeException(nameof(weights), "Weights must be positive (leave zero-weight rows out).");
        }
        var c = new double[n]; // the LP's cost: -y
        for (var i = 0; i < n; i++)
            c[i] = -y[i];

        // Primal start: x = (1 - τ)u (feasible by construction: A x = (1 - τ) X'w = b), s = u - x = τu.
        var x = new double[n];
        var s = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = (1 - tau) * u[i];
            s[i] = tau * u[i];
        }
        var b = rows.Transpose(x);

        // Dual start: least squares, then split the residual r = c - A'dual into z - w, both strictly positive.
        var q = new double[n];
        Array.Fill(q, 1.0);
        var dual = rows.SolveNormal(q, c);
        var projection = new double[n];
        rows.Project(dual, projection);
        var z = new double[n];
        var w = new double[n];
        var scale = 0.0;
        for (var i = 0; i < n; i++)
            scale += Math.Abs(c[i]);
        var floor = 1e-3 * ((scale / Math.Max(1, n)) + 1e-9);
        for (var i = 0; i < n; i++)
        {
            var r = c[i] - projection[i];
            z[i] = Math.Max(r, 0) + floor;
            w[i] = z[i] - r;
        }

        var dx = new double[n];
        var dz = new double[n];
        var dw = new double[n];
        var rhsTerm = new double[n];
        var xinv = new double[n];
        var sinv = new double[n];
        iterations = 0;
        while (iterations < MaxIterations)
        {
            var primal = 0.0;
            var dualObjective = 0.0;
            for (var i = 0; i < n; i++)
            {
                primal += c[i] * x[i];
                dualObjective -= u[i] * w[i];
            }
            for (var j = 0; j < p; j++)
                dualObjective += b[j] * dual[j];
            var gap = primal - dualObjective;
            if (gap <= tolerance * (1 + Math.Abs(primal)))
                break;
            iterations++;

            // Affine (predictor) direction.
            for (var i = 0; i < n; i++)
            {
                xinv[i] = 1 / x[i];
                sinv[i] = 1 / s[i];
                q[i] = 1 / ((z[i] * xinv[i]) + (w[i] * sinv[i]));
                rhsTerm[i] = z[i] - w[i];
            }
            var dy = rows.SolveNormal(q, rhsTerm);
            rows.Project(dy, projection);
            for (var i = 0; i < n; i++)
            {
                dx[i] = q[i] * (projection[i] - rhsTerm[i]);
                dz[i] = -z[i] * (1 + (dx[i] * xinv[i]));
                dw[i] = -w[i] * (1 - (dx[i] * sinv[i]));
            }
            var (fp, fd) = StepLengths(x, s, z, w, dx, dz, dw);

            if (Math.Min(fp, fd) < 1)
            {
                // Centering target from how much the affine step would cut complementarity (Mehrotra).
                double mu = 0, g = 0;
                for (var i = 0; i < n; i++)
                {
                    mu += (z[i] * x[i]) + (w[i] * s[i]);
                    g += ((z[i] + (fd * dz[i])) * (x[i] + (fp * dx[i]))) + ((w[i] + (fd * dw[i])) * (s[i] - (fp * dx[i])));
                }
                mu = mu * Math.Pow(g / mu, 3) / (2 * n);

                // Corrector: XZ and SW aim at mu, with the affine step's second-order terms
                // (ds = -dx, so the SW term's dsa·dwa is -dxa·dwa).
                for (var i = 0; i < n; i++)
                {
                    var xi = mu * (xinv[i] - sinv[i]);
                    var second = (dx[i] * dz[i] * xinv[i]) + (dx[i] * dw[i] * sinv[i]);
                    rhsTerm[i] = (z[i] - w[i]) - xi + second;
                }
                dy = rows.SolveNormal(q, rhsTerm);
                rows.Project(dy, projection);
                for (var i = 0; i < n; i++)
                {
                    var affineDx = dx[i];
                    var newDx = q[i] * (projection[i] - rhsTerm[i]);
                    dz[i] = ((mu - (affineDx * dz[i]) - (z[i] * newDx)) * xinv[i]) - z[i];
                    dw[i] = ((mu + (affineDx * dw[i]) + (w[i] * newDx)) * sinv[i]) - w[i];
                    dx[i] = newDx;
                }
                (fp, fd) = StepLengths(x, s, z, w, dx, dz, dw);
            }

            for (var i = 0; i < n; i++)
            {
                x[i] += fp * dx[i];
                s[i] -= fp * dx[i];
                z[i] += fd * dz[i];
                w[i] += fd * dw[i];
            }
            for (var j = 0; j < p; j++)
                dual[j] += fd * dy[j];
        }

        // The regression coefficients are the negated LP duals.
        var beta = new double[p];
        for (var j = 0; j < p; j++)
            beta[j] = -dual[j];
        return beta;
    }

    private static (double Primal, double Dual) StepLengths(double[] x, double[] s, double[] z, double[] w,
        double[] dx, double[] dz, double[] dw)
    {
        double fp = double.PositiveInfinity, fd = double.PositiveInfinity;
        for (var i = 0; i < x.Length; i++)
        {
            if (dx[i] < 0)
                fp = Math.Min(fp, -x[i] / dx[i]);
            if (dx[i] > 0)
                fp = Math.Min(fp, s[i] / dx[i]); // ds = -dx
            if (dz[i] < 0)
                fd = Math.Min(fd, -z[i] / dz[i]);
            if (dw[i] < 0)
                fd = Math.Min(fd, -w[i] / dw[i]);
        }
        return (Math.Min(1, StepFraction * fp), Math.Min(1, StepFraction * fd));
    }

    /// <summary>The design: a dense row-major matrix, or a table of distinct rows with each observation's row index.</summary>
    private sealed class Rows(double[] table, int p, int[]? cellOf)
    {
        private readonly int _cells = table.Length / p;

        public int P => p;

        /// <summary>A'v = Σ vᵢ xᵢ.</summary>
        public double[] Transpose(double[] v)
        {
            var perCell = Collapse(v);
            var result = new double[p];
            for (var k = 0; k < _cells; k++)
            {
                for (var j = 0; j < p; j++)
                    result[j] += perCell[k] * table[(k * p) + j];
            }
            return result;
        }

        /// <summary>into[i] = xᵢ'v.</summary>
        public void Project(double[] v, double[] into)
        {
            var perCell = new double[_cells];
            for (var k = 0; k < _cells; k++)
            {
                var d = 0.0;
                for (var j = 0; j < p; j++)
                    d += table[(k * p) + j] * v[j];
                perCell[k] = d;
            }
            if (cellOf is null)
            {
                perCell.CopyTo(into, 0);
                return;
            }
            for (var i = 0; i < into.Length; i++)
                into[i] = perCell[cellOf[i]];
        }

        /// <summary>Solves (Σ qᵢ xᵢxᵢ') d = Σ qᵢ vᵢ xᵢ.</summary>
        public double[] SolveNormal(double[] q, double[] v)
        {
            double[] qc, qv;
            if (cellOf is null)
            {
                qc = q;
                qv = new double[q.Length];
                for (var i = 0; i < q.Length; i++)
                    qv[i] = q[i] * v[i];
            }
            else
            {
                qc = new double[_cells];
                qv = new double[_cells];
                for (var i = 0; i < q.Length; i++)
                {
                    qc[cellOf[i]] += q[i];
                    qv[cellOf[i]] += q[i] * v[i];
                }
            }
            var m = Matrix<double>.Build.Dense(p, p);
            var rhs = Vector<double>.Build.Dense(p);
            var h = new double[p * p];
            var g = new double[p];
            for (var k = 0; k < _cells; k++)
            {
                var row = k * p;
                for (var j = 0; j < p; j++)
                {
                    var x = table[row + j];
                    g[j] += qv[k] * x;
                    var qx = qc[k] * x;
                    for (var l = 0; l <= j; l++)
                        h[(j * p) + l] += qx * table[row + l];
                }
            }
            for (var j = 0; j < p; j++)
            {
                rhs[j] = g[j];
                for (var l = 0; l <= j; l++)
                {
                    m[j, l] = h[(j * p) + l];
                    m[l, j] = h[(j * p) + l];
                }
            }
            return SolveSymmetric(m, rhs);
        }

        /// <summary>
        /// Cholesky; near convergence the weights q span many orders of magnitude and X'QX can lose definiteness in
        /// floating point, so then a ridge of 1e-12 of the trace, and failing that a pivoted LU.
        /// </summary>
        private static double[] SolveSymmetric(Matrix<double> m, Vector<double> rhs)
        {
            try
            {
                return m.Cholesky().Solve(rhs).ToArray();
            }
            catch (ArgumentException)
            {
                // MathNet's Cholesky refuses a matrix that is not (numerically) positive definite: fall through.
            }
            var ridged = m.Clone();
            var ridge = 1e-12 * Math.Max(m.Trace(), double.Epsilon);
            for (var j = 0; j < m.RowCount; j++)
                ridged[j, j] += ridge;
            var solution = ridged.LU().Solve(rhs);
            return solution.ToArray();
        }

        private double[] Collapse(double[] v)
        {
            if (cellOf is null)
                return v;
            var perCell = new double[_cells];
            for (var i = 0; i < v.Length; i++)
                perCell[cellOf[i]] += v[i];
            return perCell;
        }
    }
}
