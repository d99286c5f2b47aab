using MathNet.Numerics.LinearAlgebra;
using PortStress.Analytics.Statistics.Internal;

namespace PortStress.Analytics.Statistics;

/// <summary>
/// The urgency × stress interaction: IS = b0 + b1·urgency + b2·stressed + b3·urgency·stressed, fitted for the mean
/// (OLS) and for the 95th percentile (linear quantile regression), with intervals from a bootstrap that resamples
/// parents. See docs/analytics-methods.md.
/// </summary>
public static class InteractionModels
{
    private const int P = 4;
    private const double Tolerance = 1e-10;

    /// <summary>Fits both models.</summary>
    /// <param name="children">Children; those with a non-finite IS are left out.</param>
    /// <param name="bootstrap">Interval settings (null: defaults).</param>
    /// <param name="quantile">The tail model's quantile. Default 0.95.</param>
    /// <exception cref="ArgumentException">Fewer than 10 usable children, or no variation in stress or urgency to fit four terms.</exception>
    public static InteractionModelResult Fit(IReadOnlyList<ChildCost> children, BootstrapOptions? bootstrap = null, double quantile = 0.95)
    {
        ArgumentNullException.ThrowIfNull(children);
        bootstrap ??= new BootstrapOptions();
        bootstrap.Validate();
        if (quantile is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "Must lie in (0, 1).");

        var used = children.Where(c => double.IsFinite(c.ShortfallBps)).ToList();
        var n = used.Count;
        if (n < 10 || used.Where(c => c.Stressed).Select(c => c.Urgency).Distinct().Count() < 2
            || used.Where(c => !c.Stressed).Select(c => c.Urgency).Distinct().Count() < 2)
            throw new ArgumentException("The interaction models need at least 10 children with a finite IS, and stressed and baseline children each at two urgencies or more.", nameof(children));

        var design = new double[n * P];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var c = used[i];
            var s = c.Stressed ? 1.0 : 0.0;
            design[i * P] = 1;
            design[(i * P) + 1] = c.Urgency;
            design[(i * P) + 2] = s;
            design[(i * P) + 3] = c.Urgency * s;
            y[i] = c.ShortfallBps;
        }
        var clusterOf = ClusterBootstrap.DenseClusters(used, out var g);

        // Mean model: per-cluster X'X and X'y make a replicate O(clusters).
        var xtx = new double[g][];
        var xty = new double[g][];
        for (var k = 0; k < g; k++)
        {
            xtx[k] = new double[P * P];
            xty[k] = new double[P];
        }
        for (var i = 0; i < n; i++)
        {
            var k = clusterOf[i];
            for (var a = 0; a < P; a++)
            {
                var xa = design[(i * P) + a];
                xty[k][a] += xa * y[i];
                for (var b = 0; b < P; b++)
                    xtx[k][(a * P) + b] += xa * design[(i * P) + b];
            }
        }
        var ols = Ols(xtx, xty, null);
        var robust = ClusterRobustSe(xtx, xty, ols, n);
        var meanReps = ClusterBootstrap.Run(g, bootstrap, P, (m, row) => Ols(xtx, xty, m).CopyTo(row, 0));

        // Tail model: refit per replicate, on fewer clusters when the data are large (m-out-of-n).
        // The design has one distinct row per (urgency, stressed): the cell form of the solver costs O(n) per iteration.
        var cellIndex = new Dictionary<(double U, double S), int>();
        var cellOf = new int[n];
        var table = new List<double>();
        for (var i = 0; i < n; i++)
        {
            var key = (design[(i * P) + 1], design[(i * P) + 2]);
            if (!cellIndex.TryGetValue(key, out var cell))
            {
                cellIndex[key] = cell = cellIndex.Count;
                table.AddRange(design.AsSpan(i * P, P).ToArray());
            }
            cellOf[i] = cell;
        }
        var cells = table.ToArray();
        var qr = QuantileRegression.FitCells(cells, P, cellOf, y, quantile, null, Tolerance, out _);
        var refitClusters = n <= bootstrap.MaxRowsPerRefit ? g : Math.Max(20, (int)Math.Round((double)g * bootstrap.MaxRowsPerRefit / n));
        var scale = Math.Sqrt((double)refitClusters / g);
        var rowsOf = RowsByCluster(clusterOf, g);
        var tailReplicates = Math.Min(bootstrap.RefitReplicates, bootstrap.Replicates);
        var tailReps = new double[tailReplicates][];
        Parallel.For(0, tailReplicates, r =>
        {
            var random = ClusterBootstrap.ReplicateRandom(bootstrap.Seed ^ 0x5bd1e995, r);
            var multiplicity = new Dictionary<int, int>();
            for (var d = 0; d < refitClusters; d++)
            {
                var k = random.Next(g);
                multiplicity[k] = multiplicity.GetValueOrDefault(k) + 1;
            }
            var rows = multiplicity.Keys.Sum(k => rowsOf[k].Length);
            var rc = new int[rows];
            var ry = new double[rows];
            var rw = new double[rows];
            var at = 0;
            foreach (var (k, times) in multiplicity.OrderBy(kv => kv.Key))
            {
                foreach (var i in rowsOf[k])
                {
                    rc[at] = cellOf[i];
                    ry[at] = y[i];
                    rw[at] = times;
                    at++;
                }
            }
            // A replicate can miss a cell (no stressed child at two urgencies): leave it out rather than solve a singular system.
            if (!DistinctCellsSpan(cells, rc))
            {
                tailReps[r] = [double.NaN, double.NaN, double.NaN, double.NaN];
                return;
            }
            var beta = QuantileRegression.FitCells(cells, P, rc, ry, quantile, rw, Tolerance, out _);
            // Rescale the replicate's deviation to the full sample's clusters.
            tailReps[r] = beta.Select((v, j) => qr[j] + (scale * (v - qr[j]))).ToArray();
        });

        var confidence = bootstrap.Confidence;
        var mean = InteractionModelResult.Terms
            .Select((t, j) => new Coefficient(t, ClusterBootstrap.Percentile(ols[j], meanReps, j, confidence), robust[j]))
            .ToList();
        var tail = InteractionModelResult.Terms
            .Select((t, j) => new Coefficient(t, ClusterBootstrap.Percentile(qr[j], tailReps, j, confidence), double.NaN))
            .ToList();
        var byUrgency = Enumerable.Range(0, 4).Select(u =>
        {
            static double Effect(double[] beta, int u) => beta[2] + (u * beta[3]);
            var meanAt = meanReps.Select(b => new[] { Effect(b, u) }).ToArray();
            var tailAt = tailReps.Select(b => new[] { Effect(b, u) }).ToArray();
            return new StressEffectAtUrgency(u,
                ClusterBootstrap.Percentile(Effect(ols, u), meanAt, 0, confidence),
                ClusterBootstrap.Percentile(Effect(qr, u), tailAt, 0, confidence));
        }).ToList();
        return new InteractionModelResult(mean, tail, byUrgency, quantile, n, children.Count - n, g, refitClusters);
    }

    private static double[] Ols(double[][] xtx, double[][] xty, int[]? multiplicity)
    {
        var m = Matrix<double>.Build.Dense(P, P);
        var v = Vector<double>.Build.Dense(P);
        for (var k = 0; k < xtx.Length; k++)
        {
            var times = multiplicity is null ? 1 : multiplicity[k];
            if (times == 0)
                continue;
            for (var a = 0; a < P; a++)
            {
                v[a] += times * xty[k][a];
                for (var b = 0; b < P; b++)
                    m[a, b] += times * xtx[k][(a * P) + b];
            }
        }
        // A replicate can miss a cell (e.g. no stressed child at two urgencies): report NaN rather than a singular solve.
        if (Math.Abs(m.Determinant()) < 1e-9 * Math.Pow(m.L1Norm(), P))
            return [double.NaN, double.NaN, double.NaN, double.NaN];
        return m.Solve(v).ToArray();
    }

    /// <summary>CR1 sandwich: (X'X)⁻¹ Σ_g (X_g'e_g)(X_g'e_g)' (X'X)⁻¹ · G/(G−1) · (n−1)/(n−p).</summary>
    private static double[] ClusterRobustSe(double[][] xtx, double[][] xty, double[] beta, int n)
    {
        var g = xtx.Length;
        var bread = Matrix<double>.Build.Dense(P, P);
        var meat = Matrix<double>.Build.Dense(P, P);
        var score = new double[P];
        for (var k = 0; k < g; k++)
        {
            for (var a = 0; a < P; a++)
            {
                score[a] = xty[k][a];
                for (var b = 0; b < P; b++)
                {
                    bread[a, b] += xtx[k][(a * P) + b];
                    score[a] -= xtx[k][(a * P) + b] * beta[b];
                }
            }
            for (var a = 0; a < P; a++)
            {
                for (var b = 0; b < P; b++)
                    meat[a, b] += score[a] * score[b];
            }
        }
        if (g < 2)
            return [double.NaN, double.NaN, double.NaN, double.NaN];
        var inverse = bread.Inverse();
        var v = inverse * meat * inverse * ((double)g / (g - 1) * (n - 1) / (n - P));
        return Enumerable.Range(0, P).Select(j => Math.Sqrt(v[j, j])).ToArray();
    }

    /// <summary>True when the rows hold two urgencies among both stressed and baseline children (all four terms identified).</summary>
    private static bool DistinctCellsSpan(double[] table, int[] cellOf)
    {
        double? stressedUrgency = null, baselineUrgency = null;
        bool stressedVaries = false, baselineVaries = false;
        foreach (var cell in cellOf.Distinct())
        {
            var u = table[(cell * P) + 1];
            if (table[(cell * P) + 2] > 0)
            {
                stressedVaries |= stressedUrgency is { } su && su != u;
                stressedUrgency ??= u;
            }
            else
            {
                baselineVaries |= baselineUrgency is { } bu && bu != u;
                baselineUrgency ??= u;
            }
        }
        return stressedVaries && baselineVaries;
    }

    private static int[][] RowsByCluster(int[] clusterOf, int g)
    {
        var counts = new int[g];
        foreach (var k in clusterOf)
            counts[k]++;
        var rows = new int[g][];
        for (var k = 0; k < g; k++)
            rows[k] = new int[counts[k]];
        Array.Clear(counts);
        for (var i = 0; i < clusterOf.Length; i++)
            rows[clusterOf[i]][counts[clusterOf[i]]++] = i;
        return rows;
    }
}
