using System.Globalization;
using PortStress.Analytics.Measures;
using PortStress.Analytics.Statistics;
using PortStress.Analytics.Statistics.Internal;
using PortStress.Analytics.Storage;
using ScottPlot;

namespace PortStress.Analytics.Reporting;

/// <summary>
/// The report's PNG plots (ScottPlot). Everything plotted is queried from the store or read from the child costs,
/// and bucketed so a million children draw as quickly as a hundred.
/// </summary>
internal static class ReportPlots
{
    /// <summary>State bands with P(stress), CFR, PPR and TWR over time, one panel per run.</summary>
    public const string StateTimeline = "state-timeline.png";

    /// <summary>Intended launches per second (intendedLaunchTime) against actual sends (sentTime), one panel per run.</summary>
    public const string LaunchCadence = "launch-cadence.png";

    /// <summary>Child IS distributions, stressed vs baseline, per run.</summary>
    public const string ShortfallDistribution = "is-distribution.png";

    /// <summary>Mean markout at 1 s, 5 s and 60 s, stressed vs baseline, per run.</summary>
    public const string MarkoutCurves = "markouts.png";

    /// <summary>Matched and naive effects on q95 and mean IS with their intervals, per run.</summary>
    public const string EffectIntervals = "q95-intervals.png";

    private const int Buckets = 240;

    private static readonly Color[] RunColors = [Color.FromHex("#1f77b4"), Color.FromHex("#d62728"), Color.FromHex("#2ca02c"), Color.FromHex("#9467bd")];

    /// <summary>The colour of the <paramref name="index"/>-th run.</summary>
    /// <param name="index">Run index.</param>
    public static Color RunColor(int index) => RunColors[index % RunColors.Length];

    /// <summary>Draws the state timeline.</summary>
    /// <param name="store">The store.</param>
    /// <param name="path">The PNG.</param>
    public static void WriteStateTimeline(RecordStore store, string path) => PerRun(store, path, (plot, name, run, origin) =>
    {
        var segments = store.Query(
            $"""
                SELECT state, min(time), max(next) FROM (
                  SELECT state, time, coalesce(lead(time) OVER (ORDER BY time), time) AS next,
                         sum(changed) OVER (ORDER BY time ROWS UNBOUNDED PRECEDING) AS segment
                  FROM (SELECT state, time, (state IS DISTINCT FROM lag(state) OVER (ORDER BY time))::INT AS changed FROM ticks WHERE run = {run}))
                GROUP BY segment, state ORDER BY 2
                """,
            r => (State: r.IsDBNull(0) ? "GREEN" : r.GetString(0), From: r.GetInt64(1), To: r.GetInt64(2)));
        foreach (var (state, from, to) in segments)
        {
            var band = plot.Add.HorizontalSpan(Seconds(from, origin), Seconds(to, origin), StateColor(state).WithAlpha(0.3));
            band.LineWidth = 0;
        }

        var width = BucketWidth(store, $"SELECT min(time), max(time) FROM ticks WHERE run = {run}");
        var lines = store.Query(
            $"SELECT min(time), avg(coalesce(p, 0)), max(coalesce(cfr, 0)), avg(coalesce(ppr, 0)), avg(coalesce(twr, 0)) FROM ticks WHERE run = {run} "
            + $"GROUP BY (time - {origin}) // {width} ORDER BY 1",
            r => (T: Seconds(r.GetInt64(0), origin), P: r.GetDouble(1), Cfr: r.GetDouble(2), Ppr: r.GetDouble(3), Twr: r.GetDouble(4)));
        if (lines.Count > 0)
        {
            var xs = lines.Select(l => l.T).ToArray();
            Line(plot, xs, lines.Select(l => l.P).ToArray(), Colors.Black, "P(stress)", 2);
            Line(plot, xs, lines.Select(l => l.Cfr).ToArray(), Color.FromHex("#d62728"), "CFR", 1.5f);
            Line(plot, xs, lines.Select(l => l.Ppr).ToArray(), Color.FromHex("#1f77b4"), "PPR", 1.5f);
            Line(plot, xs, lines.Select(l => l.Twr).ToArray(), Color.FromHex("#9467bd"), "TWR", 1.5f);
        }

        plot.Axes.SetLimitsY(0, 1.05);
        plot.Title($"{name}: decided state (bands: green, yellow, orange, red) and signals");
    });

    /// <summary>Draws intended vs actual launch cadence.</summary>
    /// <param name="store">The store.</param>
    /// <param name="path">The PNG.</param>
    public static void WriteLaunchCadence(RecordStore store, string path) => PerRun(store, path, (plot, name, run, origin) =>
    {
        var width = BucketWidth(store, $"SELECT min(decisionTime), max(greatest(sentTime, intendedLaunchTime)) FROM orders WHERE run = {run}");
        var perSecond = 1e6 / width;
        foreach (var (column, label, color) in new[]
                 {
                         ("intendedLaunchTime", "intended launches (arrival + jitter)", Color.FromHex("#2ca02c")),
                         ("sentTime", "actual sends", Color.FromHex("#d62728")),
                         ("decisionTime", "decisions", Color.FromHex("#7f7f7f")),
                     })
        {
            var counts = store.Query(
                $"SELECT ({column} - {origin}) // {width} AS b, count(*) FROM orders WHERE run = {run} AND {column} > 0 AND sentTime > 0 GROUP BY b ORDER BY b",
                r => (Bucket: r.GetInt64(0), Count: r.GetInt64(1)));
            if (counts.Count == 0)
                continue;
            // Dense buckets: an empty bucket is a zero rate, not a line bridging the gap.
            var first = counts[0].Bucket;
            var ys = new double[counts[^1].Bucket - first + 2];
            foreach (var (bucket, count) in counts)
                ys[bucket - first] = count * perSecond;
            var xs = Enumerable.Range(0, ys.Length).Select(k => (first + k) * width / 1e6).ToArray();
            var line = Line(plot, xs, ys, color, label, column == "decisionTime" ? 1 : 2);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
        }

        plot.Title($"{name}: launch cadence of sent children, per {width / 1e6:0.###} s bucket");
        plot.YLabel("children / s");
    });

    /// <summary>Draws the child IS distributions.</summary>
    /// <param name="runs">Child costs per run.</param>
    /// <param name="path">The PNG.</param>
    public static void WriteShortfallDistribution(IReadOnlyList<RunCosts> runs, string path)
    {
        var plot = new Plot();
        var all = runs.SelectMany(r => r.Children).Select(c => c.ShortfallBps).Where(double.IsFinite).ToArray();
        if (all.Length > 0)
        {
            Array.Sort(all);
            var low = all[(int)(0.005 * (all.Length - 1))];
            var high = all[(int)(0.995 * (all.Length - 1))];
            if (!(high > low))
                high = low + 1;
            const int bins = 50;
            var width = (high - low) / bins;
            for (var i = 0; i < runs.Count; i++)
            {
                foreach (var stressed in new[] { false, true })
                {
                    var values = runs[i].Children.Where(c => c.Stressed == stressed).Select(c => c.ShortfallBps).Where(double.IsFinite).ToArray();
                    if (values.Length == 0)
                        continue;
                    var counts = new double[bins + 1];
                    foreach (var v in values)
                        counts[Math.Clamp((int)Math.Floor((v - low) / width), 0, bins - 1)] += 1.0 / values.Length;
                    var xs = Enumerable.Range(0, bins + 1).Select(b => low + (b * width)).ToArray();
                    var line = Line(plot, xs, counts, RunColor(i), string.Create(CultureInfo.InvariantCulture,
                        $"{runs[i].Run} {(stressed ? "stressed" : "baseline")} (n {values.Length}, q95 {Quantiles.Of(values, 0.95):F1} bps)"), 2);
                    line.ConnectStyle = ConnectStyle.StepHorizontal;
                    line.LinePattern = stressed ? LinePattern.Solid : LinePattern.Dotted;
                }
            }
        }

        plot.Title("Child implementation shortfall: stressed (solid) vs baseline (dotted), 0.5-99.5 % range");
        plot.XLabel("IS, bps of the decision mid (positive = cost)");
        plot.YLabel("share of children");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 1200, 560);
    }

    /// <summary>Draws the markout curves.</summary>
    /// <param name="runs">Child costs per run.</param>
    /// <param name="path">The PNG.</param>
    public static void WriteMarkouts(IReadOnlyList<RunCosts> runs, string path)
    {
        var plot = new Plot();
        double[] horizons = [1, 5, 60];
        for (var i = 0; i < runs.Count; i++)
        {
            foreach (var stressed in new[] { false, true })
            {
                var group = runs[i].Children.Where(c => c.Stressed == stressed).ToList();
                var means = new[]
                {
                    Mean(group.Select(c => c.Markout1sBps)), Mean(group.Select(c => c.Markout5sBps)), Mean(group.Select(c => c.Markout60sBps)),
                };
                var xs = horizons.Where((_, k) => double.IsFinite(means[k])).Select(Math.Log10).ToArray();
                var ys = means.Where(double.IsFinite).ToArray();
                if (xs.Length == 0)
                    continue;
                var line = plot.Add.Scatter(xs, ys, RunColor(i));
                line.LineWidth = 2;
                line.MarkerSize = 8;
                line.LinePattern = stressed ? LinePattern.Solid : LinePattern.Dotted;
                line.LegendText = $"{runs[i].Run} {(stressed ? "stressed" : "baseline")}";
            }
        }

        plot.Axes.Bottom.SetTicks([0, Math.Log10(5), Math.Log10(60)], ["1 s", "5 s", "60 s"]);
        plot.Axes.SetLimitsX(-0.1, Math.Log10(60) + 0.1);
        plot.Add.HorizontalLine(0, 1, Colors.Gray, LinePattern.Dashed);
        plot.Title("Mean fill markout after the fill (positive = price moved in the desk's favour); PSMG is the stressed − baseline gap");
        plot.XLabel("horizon");
        plot.YLabel("markout, bps");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 1200, 520);
    }

    /// <summary>Draws the matched and naive effects with intervals.</summary>
    /// <param name="estimates">Per-run matched estimates (null where matching was not possible).</param>
    /// <param name="path">The PNG.</param>
    public static void WriteEffectIntervals(IReadOnlyList<(string Run, MatchedCohortResult? Result)> estimates, string path)
    {
        var plot = new Plot();
        var labels = new List<string>();
        var x = 0.0;
        var positions = new List<double>();
        for (var i = 0; i < estimates.Count; i++)
        {
            if (estimates[i].Result is not { } result)
                continue;
            foreach (var (name, interval, naive) in new[] { ("q95", result.TailEffect, false), ("mean", result.MeanEffect, false), ("q95 naive", result.NaiveTailEffect, true) })
            {
                var color = naive ? Colors.Gray : RunColor(i);
                if (double.IsFinite(interval.Lower) && double.IsFinite(interval.Upper))
                {
                    var bar = plot.Add.Line(x, interval.Lower, x, interval.Upper);
                    bar.LineColor = color;
                    bar.LineWidth = 3;
                }

                var marker = plot.Add.Marker(x, interval.Estimate);
                marker.Color = color;
                marker.Size = 10;
                positions.Add(x);
                labels.Add($"{estimates[i].Run}\n{name}");
                x += 1;
            }

            x += 0.5;
        }

        plot.Add.HorizontalLine(0, 1, Colors.Gray, LinePattern.Dashed);
        if (positions.Count > 0)
            plot.Axes.Bottom.SetTicks([.. positions], [.. labels]);
        plot.Title("Port term: stressed − matched baseline IS (bps) with 95 % clustered-bootstrap intervals");
        plot.YLabel("effect, bps");
        plot.SavePng(path, 1200, 520);
    }

    // One panel per run, time since the run's first record on x: draw(plot, run name, run as a SQL literal, origin µs).
    private static void PerRun(RecordStore store, string path, Action<Plot, string, string, long> draw)
    {
        var runs = store.Runs;
        var multiplot = new Multiplot();
        multiplot.AddPlots(runs.Count);
        for (var i = 0; i < runs.Count; i++)
        {
            var plot = multiplot.GetPlot(i);
            draw(plot, runs[i].Name, RecordStore.Literal(runs[i].Name), Origin(store, runs[i].Name));
            plot.XLabel("seconds since the run's first record");
            plot.ShowLegend(Alignment.UpperRight);
        }

        multiplot.SavePng(path, 1200, 320 * Math.Max(1, runs.Count));
    }

    private static ScottPlot.Plottables.Scatter Line(Plot plot, double[] xs, double[] ys, Color color, string label, float width)
    {
        var line = plot.Add.ScatterLine(xs, ys, color);
        line.LineWidth = width;
        line.LegendText = label;
        return line;
    }

    private static long Origin(RecordStore store, string run)
    {
        var literal = RecordStore.Literal(run);
        var origin = store.Scalar($"SELECT least((SELECT min(time) FROM ticks WHERE run = {literal}), (SELECT min(decisionTime) FROM orders WHERE run = {literal}))");
        return double.IsNaN(origin) ? 0 : (long)origin;
    }

    private static long BucketWidth(RecordStore store, string spanQuery)
    {
        var span = store.Query(spanQuery, r => r.IsDBNull(0) || r.IsDBNull(1) ? 0L : r.GetInt64(1) - r.GetInt64(0)).FirstOrDefault();
        return Math.Max(100_000, span / Buckets);
    }

    private static double Seconds(long micros, long origin) => (micros - origin) / 1e6;

    private static double Mean(IEnumerable<double> values)
    {
        double sum = 0;
        var n = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                sum += v;
                n++;
            }
        }

        return n == 0 ? double.NaN : sum / n;
    }

    private static Color StateColor(string state) => state switch
    {
        "YELLOW" => Color.FromHex("#f2c500"),
        "ORANGE" => Color.FromHex("#ff7f0e"),
        "RED" => Color.FromHex("#d62728"),
        _ => Color.FromHex("#2ca02c"),
    };
}
