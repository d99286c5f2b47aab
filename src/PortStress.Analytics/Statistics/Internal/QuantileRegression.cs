using MathNet.Numerics.LinearAlgebra;

namespace PortStress.Analytics.Statistics.Internal;

/// <summary>
/// Linear quantile regression: β minimizing Σ wᵢ ρτ(yᵢ − xᵢ'β) with ρτ(u) = u(τ − 1{u &lt; 0}), solved exactly (to a
/// relative duality gap) as a linear program by a primal-dual interior-point method with Mehrotra's
/// predictor-corrector, on the bounded dual
///   max y'a  subject to  X'a = (1 − τ) X'1,  0 ≤ a ≤ 1
/// (Koenker and Portnoy's Frisch-Newton formulation; derived here from the KKT conditions). Each iteration costs
/// O(n p²) for X'QX and a p × p Cholesky solve; a fit takes some 15-30 iterations whatever n is. Non-negative
/// weights enter by scaling rows, since w ρτ(y − x'β) = ρτ(wy − (wx)'β).
/// </summary>
internal static class QuantileRegression
{
    private const double StepFraction = 0.99995;
    private const int MaxIterations = 100;

    /// <summary>Fits row-major <paramref name="design"/> (n × p) to <paramref name="y"/> at quantile <paramref name="tau"/>.</summary>
    public static double[] Fit(double[] design, int p, double[] y, double tau, double[]? weights = null, double tolerance = 1e-10) =>
        Fit(design, p, y, tau, weights, tolerance, out _);

    /// <summary>As <see cref="Fit(double[], int, double[], double, double[], double)"/>, saying how many iterations it took.</summary>
    public static double[] Fit(double[] design, int p, double[] y, double tau, double[]? weights, double tolerance, out int iterations)
    {
        if (tau is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(tau), tau, "The quantile must lie in (0, 1).");
        var n = y.Length;
        var a = design;
        var c = new double[n]; // the LP's cost: -y
        if (weights is not null)
        {
            a = new double[design.Length];
            for (var i = 0; i < n; i++)
            {
                c[i] = -weights[i] * y[i];
                for (var j = 0; j < p; j++)
                    a[(i * p) + j] = weights[i] * design[(i * p) + j];
            }
        }
        else
        {
            for (var i = 0; i < n; i++)
                c[i] = -y[i];
        }

        // Primal start: x = 1 - τ (feasible by construction: A x = (1 - τ) X'1 = b), s = u - x = τ.
        var x = new double[n];
        var s = new double[n];
        Array.Fill(x, 1 - tau);
        Array.Fill(s, tau);
        var b = new double[p];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < p; j++)
                b[j] += a[(i * p) + j] * x[i];
        }

        // Dual start: least squares dy, then split the residual r = c - A'dual into z - w, both strictly positive.
        var q = new double[n];
        Array.Fill(q, 1.0);
        var dual = SolveWeighted(a, p, q, c);
        var z = new double[n];
        var w = new double[n];
        var scale = 0.0;
        for (var i = 0; i < n; i++)
            scale += Math.Abs(c[i]);
        var floor = 1e-3 * ((scale / Math.Max(1, n)) + 1e-9);
        for (var i = 0; i < n; i++)
        {
            var r = c[i] - Dot(a, i, p, dual);
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
                dualObjective -= w[i];
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
            var dy = SolveWeighted(a, p, q, rhsTerm);
            for (var i = 0; i < n; i++)
            {
                dx[i] = q[i] * (Dot(a, i, p, dy) - rhsTerm[i]);
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
                var dyc = SolveWeighted(a, p, q, rhsTerm);
                for (var i = 0; i < n; i++)
                {
                    var affineDx = dx[i];
                    var newDx = q[i] * (Dot(a, i, p, dyc) - rhsTerm[i]);
                    dz[i] = ((mu - (affineDx * dz[i]) - (z[i] * newDx)) * xinv[i]) - z[i];
                    dw[i] = ((mu + (affineDx * dw[i]) + (w[i] * newDx)) * sinv[i]) - w[i];
                    dx[i] = newDx;
                }
                dy = dyc;
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

    /// <summary>Σ wᵢ ρτ(yᵢ − xᵢ'β): the objective the fit minimizes.</summary>
    public static double Objective(double[] design, int p, double[] y, double tau, double[] beta)
    {
        var total = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            var u = y[i] - Dot(design, i, p, beta);
            total += u * (u < 0 ? tau - 1 : tau);
        }
        return total;
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

    /// <summary>Solves (A Q A') d = A Q v for the p-vector d, A = X' (so A Q A' = Σ qᵢ xᵢxᵢ').</summary>
    private static double[] SolveWeighted(double[] a, int p, double[] q, double[] v)
    {
        var m = Matrix<double>.Build.Dense(p, p);
        var rhs = Vector<double>.Build.Dense(p);
        var h = new double[p * p];
        var g = new double[p];
        for (var i = 0; i < q.Length; i++)
        {
            var row = i * p;
            var qi = q[i];
            for (var j = 0; j < p; j++)
            {
                var qx = qi * a[row + j];
                g[j] += qx * v[i];
                for (var k = 0; k <= j; k++)
                    h[(j * p) + k] += qx * a[row + k];
            }
        }
        for (var j = 0; j < p; j++)
        {
            rhs[j] = g[j];
            for (var k = 0; k <= j; k++)
            {
                m[j, k] = h[(j * p) + k];
                m[k, j] = h[(j * p) + k];
            }
        }
        return m.Cholesky().Solve(rhs).ToArray();
    }

    private static double Dot(double[] a, int i, int p, double[] beta)
    {
        var s = 0.0;
        var row = i * p;
        for (var j = 0; j < p; j++)
            s += a[row + j] * beta[j];
        return s;
    }
}
