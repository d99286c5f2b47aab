namespace PortStress.Analytics.Statistics.Internal;

/// <summary>
/// 1:1 nearest-neighbour matching on the logit of the propensity score within one exact stratum. Controls are sorted
/// by logit once; each treated child binary-searches its position. Without replacement, treated children pick in
/// descending logit order (the hardest to match choose first) and taken controls are skipped through two
/// path-compressed "next free to the left/right" forests, so a stratum costs O(n log n).
/// </summary>
internal static class NearestNeighbourMatcher
{
    /// <summary>
    /// Matches <paramref name="treated"/> to <paramref name="controls"/> (indices into <paramref name="logit"/>);
    /// writes each matched pair to <paramref name="pairs"/>; returns the number of treated left unmatched.
    /// </summary>
    public static int Match(int[] treated, int[] controls, double[] logit, double caliper, bool withReplacement,
        List<(int Treated, int Control)> pairs)
    {
        if (treated.Length == 0)
            return 0;
        if (controls.Length == 0)
            return treated.Length;

        var m = controls.Length;
        var keys = new double[m];
        var order = (int[])controls.Clone();
        for (var j = 0; j < m; j++)
            keys[j] = logit[order[j]];
        Array.Sort(keys, order);

        var picks = (int[])treated.Clone();
        var pickKeys = new double[picks.Length];
        for (var i = 0; i < picks.Length; i++)
            pickKeys[i] = -logit[picks[i]];
        Array.Sort(pickKeys, picks); // descending logit

        // right[j]: smallest free index >= j (m = none); left[j + 1]: largest free index <= j (0 = none, shifted by one).
        var right = new int[m + 1];
        var left = new int[m + 1];
        for (var j = 0; j <= m; j++)
        {
            right[j] = j;
            left[j] = j;
        }

        var unmatched = 0;
        foreach (var t in picks)
        {
            var x = logit[t];
            var pos = LowerBound(keys, x); // first key >= x
            int best;
            if (withReplacement)
            {
                best = Closer(keys, x, pos - 1, pos < m ? pos : -1);
            }
            else
            {
                var r = Find(right, pos);
                var l = Find(left, pos) - 1; // free index <= pos - 1
                best = Closer(keys, x, l, r < m ? r : -1);
            }
            if (best < 0 || Math.Abs(keys[best] - x) > caliper)
            {
                unmatched++;
                continue;
            }
            pairs.Add((t, order[best]));
            if (!withReplacement)
            {
                right[best] = best + 1;
                left[best + 1] = best;
            }
        }
        return unmatched;
    }

    private static int Closer(double[] keys, double x, int l, int r)
    {
        if (l < 0)
            return r;
        if (r < 0)
            return l;
        return x - keys[l] <= keys[r] - x ? l : r;
    }

    private static int Find(int[] parent, int j)
    {
        var root = j;
        while (parent[root] != root)
            root = parent[root];
        while (parent[j] != root)
        {
            var next = parent[j];
            parent[j] = root;
            j = next;
        }
        return root;
    }

    private static int LowerBound(double[] keys, double x)
    {
        int lo = 0, hi = keys.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (keys[mid] < x)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
}
