namespace PortStress.Analytics.Statistics.Internal;

/// <summary>
/// The cluster bootstrap: each replicate draws as many clusters as there are, uniformly with replacement, and hands
/// the statistic each cluster's multiplicity. Replicate b seeds its own generator from (seed, b), so results do not
/// depend on thread count or scheduling.
/// </summary>
internal static class ClusterBootstrap
{
    /// <summary>
    /// Runs <paramref name="statistic"/> (which writes <paramref name="width"/> values for one replicate's
    /// multiplicities) <see cref="BootstrapOptions.Replicates"/> times; returns replicates × width.
    /// </summary>
    public static double[][] Run(int clusterCount, BootstrapOptions options, int width, Action<int[], double[]> statistic)
    {
        var results = new double[options.Replicates][];
        Parallel.For(0, options.Replicates,
            () => new int[clusterCount],
            (b, _, multiplicity) =>
            {
                Draw(multiplicity, ReplicateRandom(options.Seed, b));
                var row = new double[width];
                statistic(multiplicity, row);
                results[b] = row;
                return multiplicity;
            },
            _ => { });
        return results;
    }

    public static Random ReplicateRandom(int seed, int replicate) =>
        new(unchecked((seed * 1_000_003) + (replicate * 7919) + 17));

    public static void Draw(int[] multiplicity, Random random)
    {
        Array.Clear(multiplicity);
        for (var i = 0; i < multiplicity.Length; i++)
            multiplicity[random.Next(multiplicity.Length)]++;
    }

    /// <summary>Percentile interval of column <paramref name="column"/> around <paramref name="estimate"/>; NaN replicates are skipped.</summary>
    public static Interval Percentile(double estimate, double[][] replicates, int column, double confidence)
    {
        var values = new List<double>(replicates.Length);
        foreach (var r in replicates)
        {
            if (!double.IsNaN(r[column]))
                values.Add(r[column]);
        }
        if (values.Count < 10 || double.IsNaN(estimate))
            return Interval.PointOnly(estimate);
        values.Sort();
        var alpha = (1 - confidence) / 2;
        return new Interval(estimate, Quantiles.OfSorted(values.ToArray(), alpha), Quantiles.OfSorted(values.ToArray(), 1 - alpha));
    }

    /// <summary>
    /// Maps children to dense cluster indices 0..n-1 (order of first appearance): the parent, or the child itself when
    /// it has none (ParentId 0).
    /// </summary>
    public static int[] DenseClusters(IEnumerable<ChildCost> children, out int clusterCount)
    {
        var map = new Dictionary<(bool Own, long Id), int>();
        var list = new List<int>();
        foreach (var child in children)
        {
            var p = child.ParentId != 0 ? (false, child.ParentId) : (true, child.OrderId);
            if (!map.TryGetValue(p, out var c))
            {
                c = map.Count;
                map.Add(p, c);
            }
            list.Add(c);
        }
        clusterCount = map.Count;
        return list.ToArray();
    }
}
