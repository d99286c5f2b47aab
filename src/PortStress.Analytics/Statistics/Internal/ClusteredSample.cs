namespace PortStress.Analytics.Statistics.Internal;

/// <summary>
/// One group's outcomes, sorted, each tagged with its cluster, with per-cluster sums so a replicate's mean costs
/// O(clusters) and its upper quantile reads only the top of the array.
/// </summary>
internal sealed class ClusteredSample
{
    private readonly double[] _sorted;
    private readonly int[] _clusterOf;
    private readonly double[] _sumByCluster;
    private readonly double[] _weightByCluster;
    private readonly int[] _countByCluster;

    /// <param name="values">Outcomes.</param>
    /// <param name="clusters">Dense cluster index per outcome (0 .. clusterCount-1).</param>
    /// <param name="clusterCount">How many clusters the shared index has.</param>
    /// <param name="weights">Optional non-negative weights for the mean (e.g. filled quantity); the quantile ignores them.</param>
    public ClusteredSample(double[] values, int[] clusters, int clusterCount, double[]? weights = null)
    {
        _sorted = (double[])values.Clone();
        _clusterOf = (int[])clusters.Clone();
        Array.Sort(_sorted, _clusterOf);
        _sumByCluster = new double[clusterCount];
        _weightByCluster = new double[clusterCount];
        _countByCluster = new int[clusterCount];
        for (var i = 0; i < values.Length; i++)
        {
            var w = weights is null ? 1.0 : weights[i];
            _sumByCluster[clusters[i]] += w * values[i];
            _weightByCluster[clusters[i]] += w;
            _countByCluster[clusters[i]]++;
        }
        Count = values.Length;
    }

    public int Count { get; }

    public double Mean() => Mean(null);

    public double Quantile(double q) => Quantiles.OfSorted(_sorted, q);

    /// <summary>The (weighted) mean when each cluster counts <paramref name="multiplicity"/>[c] times (null: once).</summary>
    public double Mean(int[]? multiplicity)
    {
        double s = 0, w = 0;
        for (var c = 0; c < _sumByCluster.Length; c++)
        {
            var m = multiplicity is null ? 1 : multiplicity[c];
            if (m == 0)
                continue;
            s += m * _sumByCluster[c];
            w += m * _weightByCluster[c];
        }
        return w > 0 ? s / w : double.NaN;
    }

    public double Quantile(double q, int[] multiplicity)
    {
        long total = 0;
        for (var c = 0; c < _countByCluster.Length; c++)
            total += (long)multiplicity[c] * _countByCluster[c];
        return Quantiles.OfSortedWeighted(_sorted, q, total, new ClusterWeight(_clusterOf, multiplicity));
    }
}
