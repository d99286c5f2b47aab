using ScottPlot;

namespace PortStress.Gateway.Demo;

/// <summary>One run's records and metrics, as the plots need them.</summary>
/// <param name="Label">The run's label.</param>
/// <param name="Records">Its records.</param>
/// <param name="Metrics">Its metrics.</param>
/// <param name="StartUnixMicros">Time zero of the run (the start of the order flow).</param>
internal sealed record PlottedRun(string Label, DemoRecords Records, RunMetrics Metrics, long StartUnixMicros);

/// <summary>The report's PNG plots (ScottPlot): state timeline with P(stress), DSD per child, IS distribution.</summary>
internal static class DemoPlots
{
    /// <summary>State timeline and P(stress), one panel per run.</summary>
    public const string StateTimeline = "state-timeline.png";

    /// <summary>Decision-to-send delay of every sent child, both runs.</summary>
    public const string DecisionToSend = "dsd-per-child.png";

    /// <summary>Distribution of the per-child implementation shortfall of filled children (from the analytics), both runs.</summary>
    public const string ShortfallDistribution = "is-distribution.png";

    private static readonly Color OffColor = Color.FromHex("#1f77b4");
    private static readonly Color OnColor = Color.FromHex("#d62728");

    /// <summary>Writes the three plots into <paramref name="directory"/>; returns their file names.</summary>
    /// <param name="directory">The report folder.</param>
    /// <param name="off">The controller-off run.</param>
    /// <param name="on">The controller-on run.</param>
    /// <param name="scenario">The scenario (stress span).</param>
    public static IReadOnlyList<string> Write(string directory, PlottedRun off, PlottedRun on, DemoScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(off);
        ArgumentNullException.ThrowIfNull(on);
        ArgumentNullException.ThrowIfNull(scenario);
        WriteStateTimeline(Path.Combine(directory, StateTimeline), off, on, scenario);
        WriteDecisionToSend(Path.Combine(directory, DecisionToSend), off, on, scenario);
        WriteShortfall(Path.Combine(directory, ShortfallDistribution), off, on);
        return [StateTimeline, DecisionToSend, ShortfallDistribution];
    }

    private static void WriteStateTimeline(string path, PlottedRun off, PlottedRun on, DemoScenario scenario)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        Timeline(multiplot.GetPlot(0), off, scenario);
        Timeline(multiplot.GetPlot(1), on, scenario);
        multiplot.SavePng(path, 1100, 700);
    }

    private static void Timeline(Plot plot, PlottedRun run, DemoScenario scenario)
    {
        var ticks = run.Records.Ticks;
        var xs = ticks.Select(t => Seconds(t.TimeMicros, run.StartUnixMicros)).ToArray();
        for (var i = 0; i < ticks.Count;)
        {
            var j = i;
            while (j + 1 < ticks.Count && ticks[j + 1].State == ticks[i].State)
                j++;
            var end = j + 1 < ticks.Count ? xs[j + 1] : xs[j] + scenario.ControlOptions(false).TickInterval.TotalSeconds;
            var span = plot.Add.HorizontalSpan(xs[i], end, StateColor(ticks[i].State).WithAlpha(0.35));
            span.LineWidth = 0;
            i = j + 1;
        }

        var probability = plot.Add.ScatterLine(xs, ticks.Select(t => double.IsNaN(t.StressProbability) ? 0 : t.StressProbability).ToArray(), Colors.Black);
        probability.LineWidth = 2;
        probability.LegendText = "P(stress)";
        StressMarkers(plot, scenario);
        plot.Axes.SetLimitsY(0, 1.05);
        plot.Axes.SetLimitsX(Math.Min(0, xs.FirstOrDefault()), scenario.RunLength.TotalSeconds + 1);
        plot.Title($"{run.Label}: decided state (bands) and P(stress); stress between the dashed lines");
        plot.XLabel("seconds since the order flow started");
        plot.YLabel("P(stress)");
    }

    private static void WriteDecisionToSend(string path, PlottedRun off, PlottedRun on, DemoScenario scenario)
    {
        var plot = new Plot();
        foreach (var (run, color) in new[] { (off, OffColor), (on, OnColor) })
        {
            var sent = run.Records.Orders.Where(o => o.WasSent).ToArray();
            var points = plot.Add.ScatterPoints(
                sent.Select(o => Seconds(o.DecisionMicros, run.StartUnixMicros)).ToArray(),
                sent.Select(o => (o.SentMicros - o.DecisionMicros) / 1000.0).ToArray(),
                color.WithAlpha(0.6));
            points.MarkerSize = 4;
            points.LegendText = $"{run.Label} (DSD95 {run.Metrics.DecisionToSend95Ms:F0} ms)";
        }

        StressMarkers(plot, scenario);
        plot.Axes.SetLimitsX(0, scenario.RunLength.TotalSeconds + 1);
        plot.Axes.AutoScaleY();
        plot.Title("Decision-to-send delay per child order (sent − decided); stress between the dashed lines");
        plot.XLabel("decision time, seconds since the order flow started");
        plot.YLabel("DSD (ms)");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 1100, 550);
    }

    private static void WriteShortfall(string path, PlottedRun off, PlottedRun on)
    {
        var plot = new Plot();
        var all = off.Metrics.Shortfall.Concat(on.Metrics.Shortfall).Select(s => s.ShortfallBps).ToArray();
        if (all.Length > 0)
        {
            var low = Quantile.Of(all, 0.005);
            var high = Quantile.Of(all, 0.995);
            if (!(high > low))
                high = low + 1;
            const int bins = 40;
            var width = (high - low) / bins;
            foreach (var (run, color) in new[] { (off, OffColor), (on, OnColor) })
            {
                var counts = new double[bins];
                var samples = run.Metrics.Shortfall;
                foreach (var sample in samples)
                    counts[Math.Clamp((int)Math.Floor((sample.ShortfallBps - low) / width), 0, bins - 1)]++;
                var xs = Enumerable.Range(0, bins + 1).Select(i => low + (i * width)).ToArray();
                var ys = counts.Select(c => samples.Count == 0 ? 0 : c / samples.Count).Append(0).ToArray();
                var line = plot.Add.ScatterLine(xs, ys, color);
                line.ConnectStyle = ConnectStyle.StepHorizontal;
                line.LineWidth = 2;
                line.LegendText = $"{run.Label} (q95 {run.Metrics.ShortfallQ95Bps:F1} bps, {samples.Count} children)";
                if (!double.IsNaN(run.Metrics.ShortfallQ95Bps))
                    plot.Add.VerticalLine(run.Metrics.ShortfallQ95Bps, 1.5f, color, LinePattern.Dashed);
            }
        }

        plot.Title("Implementation shortfall per child fill (dashed: q95)");
        plot.XLabel("bps vs the mid at the child's decision (positive = cost)");
        plot.YLabel("share of fills");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 1100, 550);
    }

    private static void StressMarkers(Plot plot, DemoScenario scenario)
    {
        foreach (var at in new[] { scenario.StressStart, scenario.StressEnd })
            plot.Add.VerticalLine(at.TotalSeconds, 1.5f, Colors.DimGray, LinePattern.Dashed);
    }

    private static double Seconds(long micros, long originMicros) => (micros - originMicros) / 1e6;

    private static Color StateColor(string state) => state switch
    {
        "YELLOW" => Color.FromHex("#f2c500"),
        "ORANGE" => Color.FromHex("#ff7f0e"),
        "RED" => Color.FromHex("#d62728"),
        _ => Color.FromHex("#2ca02c"),
    };
}
