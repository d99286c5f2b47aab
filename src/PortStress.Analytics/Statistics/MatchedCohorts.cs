using PortStress.Analytics.Statistics.Internal;

namespace PortStress.Analytics.Statistics;

/// <summary>
/// The port term estimated causally: stressed children matched to baseline children with the same venue and urgency
/// bucket and a close propensity to be stressed (symbol, spread, volatility, time of day, clip size, remaining
/// quantity), then the difference in mean and tail IS between the matched groups with parent-clustered bootstrap
/// intervals. See docs/analytics-methods.md.
/// </summary>
public static class MatchedCohorts
{
    private static readonly (string Name, Func<ChildCost, double> Read)[] MarkoutHorizons =
    [
        ("1s", c => c.Markout1sBps),
        ("5s", c => c.Markout5sBps),
        ("60s", c => c.Markout60sBps),
    ];

    /// <summary>Matches stressed to baseline children and estimates the port term with intervals.</summary>
    /// <param name="children">Children with their IS, treatment flag and covariates; those with a non-finite IS are left out.</param>
    /// <param name="options">Matching and bootstrap settings (null: defaults).</param>
    /// <exception cref="ArgumentException">There is not at least one stressed and one baseline child with a finite IS.</exception>
    public static MatchedCohortResult Estimate(IReadOnlyList<ChildCost> children, MatchingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(children);
        options ??= new MatchingOptions();
        options.Validate();

        var used = children.Where(c => double.IsFinite(c.ShortfallBps)).ToList();
        var n = used.Count;
        var stressed = new bool[n];
        var treatedCount = 0;
        for (var i = 0; i < n; i++)
        {
            stressed[i] = used[i].Stressed;
            treatedCount += stressed[i] ? 1 : 0;
        }
        if (treatedCount == 0 || treatedCount == n)
            throw new ArgumentException("Matching needs at least one stressed and one baseline child with a finite IS.", nameof(children));

        // Propensity of stress and its logit.
        var covariates = Covariates.Build(used, options.MaxSymbols);
        var beta = LogisticRegression.Fit(covariates.Design, covariates.Columns, stressed);
        var logit = LogisticRegression.Logits(covariates.Design, covariates.Columns, beta, n);
        var caliper = options.CaliperSd * PooledSd(logit, stressed);

        // Exact strata (venue x urgency), nearest neighbour within each.
        var strata = new Dictionary<(string Venue, int Urgency), (List<int> Treated, List<int> Controls)>();
        for (var i = 0; i < n; i++)
        {
            var key = (used[i].Venue, used[i].Urgency);
            if (!strata.TryGetValue(key, out var s))
                strata[key] = s = ([], []);
            (stressed[i] ? s.Treated : s.Controls).Add(i);
        }
        var pairs = new List<(int Treated, int Control)>(treatedCount);
        var unmatched = 0;
        var strataWithTreated = 0;
        foreach (var key in strata.Keys.OrderBy(k => k.Venue, StringComparer.Ordinal).ThenBy(k => k.Urgency))
        {
            var s = strata[key];
            if (s.Treated.Count > 0)
                strataWithTreated++;
            unmatched += NearestNeighbourMatcher.Match(s.Treated.ToArray(), s.Controls.ToArray(), logit, caliper,
                options.WithReplacement, pairs);
        }

        var clusterOf = ClusterBootstrap.DenseClusters(used, out var clusterCount);
        var bootstrap = options.Bootstrap;
        var q = options.TailQuantile;

        // Naive: every stressed child against every baseline child, clustered by parent.
        var naiveT = Sample(used, clusterOf, clusterCount, i => stressed[i]);
        var naiveC = Sample(used, clusterOf, clusterCount, i => !stressed[i]);
        var naiveReps = ClusterBootstrap.Run(clusterCount, bootstrap, 2, (m, row) =>
        {
            row[0] = naiveT.Mean(m) - naiveC.Mean(m);
            row[1] = naiveT.Quantile(q, m) - naiveC.Quantile(q, m);
        });
        var naiveMean = ClusterBootstrap.Percentile(naiveT.Mean() - naiveC.Mean(), naiveReps, 0, bootstrap.Confidence);
        var naiveTail = ClusterBootstrap.Percentile(naiveT.Quantile(q) - naiveC.Quantile(q), naiveReps, 1, bootstrap.Confidence);

        // Matched: the matches stay fixed and parents are resampled; each matched stressed child counts its parent's
        // multiplicity and each matched control its own parent's, so correlation within parents on either side (and
        // parents holding children of both kinds) reaches the interval.
        var g = clusterCount;
        var treatedCluster = pairs.Select(p => clusterOf[p.Treated]).ToArray();
        var controlCluster = pairs.Select(p => clusterOf[p.Control]).ToArray();
        var matchedT = new ClusteredSample(pairs.Select(p => used[p.Treated].ShortfallBps).ToArray(), treatedCluster, g);
        var controlCost = pairs.Select(p => used[p.Control].ShortfallBps).ToArray();
        if (options.BiasCorrection)
            controlCost = PairAdjustment.Adjust(covariates.Design, covariates.Columns, pairs, controlCost);
        var matchedC = new ClusteredSample(controlCost, controlCluster, g);
        var markoutSamples = MarkoutHorizons
            .Select(h => MarkoutSamples(used, pairs, clusterOf, g, h.Read, options.BiasCorrection ? covariates : null))
            .ToArray();

        Interval mean, tail;
        var markouts = new List<MarkoutGap>(MarkoutHorizons.Length);
        if (pairs.Count == 0)
        {
            mean = tail = Interval.PointOnly(double.NaN);
            markouts.AddRange(MarkoutHorizons.Select(h => new MarkoutGap(h.Name, Interval.PointOnly(double.NaN), 0)));
        }
        else
        {
            var reps = ClusterBootstrap.Run(g, bootstrap, 2 + markoutSamples.Length, (m, row) =>
            {
                row[0] = matchedT.Mean(m) - matchedC.Mean(m);
                row[1] = matchedT.Quantile(q, m) - matchedC.Quantile(q, m);
                for (var h = 0; h < markoutSamples.Length; h++)
                    row[2 + h] = markoutSamples[h].T.Mean(m) - markoutSamples[h].C.Mean(m);
            });
            mean = ClusterBootstrap.Percentile(matchedT.Mean() - matchedC.Mean(), reps, 0, bootstrap.Confidence);
            tail = ClusterBootstrap.Percentile(matchedT.Quantile(q) - matchedC.Quantile(q), reps, 1, bootstrap.Confidence);
            for (var h = 0; h < markoutSamples.Length; h++)
            {
                var (t, c) = markoutSamples[h];
                var gap = t.Count == 0
                    ? Interval.PointOnly(double.NaN)
                    : ClusterBootstrap.Percentile(t.Mean() - c.Mean(), reps, 2 + h, bootstrap.Confidence);
                markouts.Add(new MarkoutGap(MarkoutHorizons[h].Name, gap, t.Count));
            }
        }

        var balance = Balance(covariates, stressed, pairs);
        var counts = new MatchCounts(
            Children: children.Count,
            Excluded: children.Count - n,
            Treated: treatedCount,
            Controls: n - treatedCount,
            MatchedPairs: pairs.Count,
            UnmatchedTreated: unmatched,
            DistinctControls: pairs.Select(p => p.Control).Distinct().Count(),
            Strata: strataWithTreated,
            Clusters: treatedCluster.Concat(controlCluster).Distinct().Count());
        var matchedPairs = pairs
            .Select(p => new MatchedPair(used[p.Treated].OrderId, used[p.Control].OrderId, logit[p.Treated], logit[p.Control]))
            .ToList();
        return new MatchedCohortResult(mean, tail, naiveMean, naiveTail, markouts, balance, counts, caliper, matchedPairs);
    }

    private static ClusteredSample Sample(List<ChildCost> used, int[] clusterOf, int clusterCount, Func<int, bool> include)
    {
        var values = new List<double>();
        var clusters = new List<int>();
        for (var i = 0; i < used.Count; i++)
        {
            if (!include(i))
                continue;
            values.Add(used[i].ShortfallBps);
            clusters.Add(clusterOf[i]);
        }
        return new ClusteredSample(values.ToArray(), clusters.ToArray(), clusterCount);
    }

    /// <summary>Fill-weighted markouts of the pairs in which both children filled and both markouts are known.</summary>
    private static (ClusteredSample T, ClusteredSample C) MarkoutSamples(List<ChildCost> used,
        List<(int Treated, int Control)> pairs, int[] clusterOf, int g, Func<ChildCost, double> read, Covariates? adjust)
    {
        var kept = new List<(int Treated, int Control)>();
        var tv = new List<double>();
        var tw = new List<double>();
        var cv = new List<double>();
        var cw = new List<double>();
        var tc = new List<int>();
        var cc = new List<int>();
        for (var k = 0; k < pairs.Count; k++)
        {
            var t = used[pairs[k].Treated];
            var c = used[pairs[k].Control];
            if (!(t.FilledQuantity > 0 && c.FilledQuantity > 0 && double.IsFinite(read(t)) && double.IsFinite(read(c))))
                continue;
            tv.Add(read(t));
            tw.Add(t.FilledQuantity);
            cv.Add(read(c));
            cw.Add(c.FilledQuantity);
            tc.Add(clusterOf[pairs[k].Treated]);
            cc.Add(clusterOf[pairs[k].Control]);
            kept.Add(pairs[k]);
        }
        var control = cv.ToArray();
        if (adjust is not null)
            control = PairAdjustment.Adjust(adjust.Design, adjust.Columns, kept, control);
        return (new ClusteredSample(tv.ToArray(), tc.ToArray(), g, tw.ToArray()),
            new ClusteredSample(control, cc.ToArray(), g, cw.ToArray()));
    }

    private static List<BalanceRow> Balance(Covariates covariates, bool[] stressed, List<(int Treated, int Control)> pairs)
    {
        var rows = new List<BalanceRow>(covariates.Names.Length);
        for (var j = 0; j < covariates.Names.Length; j++)
        {
            var x = covariates.Raw[j];
            var (mt, vt) = MeanVar(x, stressed, true);
            var (mc, vc) = MeanVar(x, stressed, false);
            var sd = Math.Sqrt((vt + vc) / 2);
            double at = 0, ac = 0;
            foreach (var (t, c) in pairs)
            {
                at += x[t];
                ac += x[c];
            }
            at = pairs.Count > 0 ? at / pairs.Count : double.NaN;
            ac = pairs.Count > 0 ? ac / pairs.Count : double.NaN;
            rows.Add(new BalanceRow(covariates.Names[j], mt, mc, Smd(mt, mc, sd), at, ac, Smd(at, ac, sd)));
        }
        return rows;
    }

    private static double Smd(double a, double b, double sd) => sd > 0 ? (a - b) / sd : (a == b ? 0 : double.NaN);

    private static (double Mean, double Var) MeanVar(double[] x, bool[] group, bool which)
    {
        double s = 0, ss = 0;
        var k = 0;
        for (var i = 0; i < x.Length; i++)
        {
            if (group[i] != which)
                continue;
            s += x[i];
            k++;
        }
        var m = k > 0 ? s / k : double.NaN;
        for (var i = 0; i < x.Length; i++)
        {
            if (group[i] == which)
                ss += (x[i] - m) * (x[i] - m);
        }
        return (m, k > 1 ? ss / (k - 1) : 0);
    }

    private static double PooledSd(double[] logit, bool[] stressed)
    {
        var (_, vt) = MeanVar(logit, stressed, true);
        var (_, vc) = MeanVar(logit, stressed, false);
        return Math.Sqrt((vt + vc) / 2);
    }
}
