namespace PortStress.Analytics.Statistics.Internal;

/// <summary>Sample quantiles by linear interpolation between order statistics (Hyndman and Fan type 7, R's default).</summary>
internal static class Quantiles
{
    /// <summary>The q-quantile of ascending <paramref name="sorted"/>; NaN when empty.</summary>
    public static double OfSorted(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.Length == 0)
            return double.NaN;
        var h = q * (sorted.Length - 1);
        var k = (int)Math.Floor(h);
        if (k >= sorted.Length - 1)
            return sorted[^1];
        return sorted[k] + ((h - k) * (sorted[k + 1] - sorted[k]));
    }

    /// <summary>The q-quantile of <paramref name="values"/> (copied and sorted).</summary>
    public static double Of(IEnumerable<double> values, double q)
    {
        var a = values.ToArray();
        Array.Sort(a);
        return OfSorted(a, q);
    }

    /// <summary>
    /// The type-7 q-quantile of the sample in which ascending <paramref name="sorted"/>[i] appears
    /// <paramref name="weight"/>(i) times (integer bootstrap multiplicities). Walks from the nearer end, so an upper
    /// quantile reads only the top of the array.
    /// </summary>
    public static double OfSortedWeighted<TWeight>(ReadOnlySpan<double> sorted, double q, long total, TWeight weight)
        where TWeight : struct, IWeight
    {
        if (total <= 0)
            return double.NaN;
        var h = q * (total - 1);
        var k = (long)Math.Floor(h);
        var frac = h - k;
        double lo = double.NaN, hi = double.NaN;
        if (q >= 0.5)
        {
            long covered = 0; // expanded positions at or above the current element's upper end
            for (var i = sorted.Length - 1; i >= 0; i--)
            {
                long w = weight.Of(i);
                if (w == 0)
                    continue;
                var top = total - 1 - covered;
                var bottom = top - w + 1;
                covered += w;
                if (k + 1 >= bottom && k + 1 <= top)
                    hi = sorted[i];
                if (k >= bottom && k <= top)
                {
                    lo = sorted[i];
                    break;
                }
            }
        }
        else
        {
            long covered = 0;
            for (var i = 0; i < sorted.Length; i++)
            {
                long w = weight.Of(i);
                if (w == 0)
                    continue;
                var bottom = covered;
                var top = covered + w - 1;
                covered += w;
                if (k >= bottom && k <= top)
                    lo = sorted[i];
                if (k + 1 >= bottom && k + 1 <= top)
                {
                    hi = sorted[i];
                    break;
                }
            }
        }
        if (k + 1 > total - 1 || frac == 0)
            return lo;
        return lo + (frac * (hi - lo));
    }
}

/// <summary>An element's integer multiplicity in one bootstrap replicate (a struct so the JIT inlines it).</summary>
internal interface IWeight
{
    int Of(int index);
}

/// <summary>Each element weighs its cluster's multiplicity.</summary>
internal readonly struct ClusterWeight(int[] clusterOf, int[] multiplicity) : IWeight
{
    public int Of(int index) => multiplicity[clusterOf[index]];
}

/// <summary>Every element weighs one (the plain sample).</summary>
internal readonly struct UnitWeight : IWeight
{
    public int Of(int index) => 1;
}
