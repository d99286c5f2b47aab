using System.Globalization;
using System.Text;

namespace PortStress.Gateway.Demo;

/// <summary>One row of the off-vs-on table: the metric, both values, and the numbers behind them.</summary>
/// <param name="Metric">What is measured.</param>
/// <param name="Off">Controller off (shadow), formatted.</param>
/// <param name="On">Controller on, formatted.</param>
/// <param name="OffValue">The off value.</param>
/// <param name="OnValue">The on value.</param>
internal sealed record ComparisonRow(string Metric, string Off, string On, double OffValue, double OnValue);

/// <summary>The side-by-side table of the two runs, as plain text and as markdown.</summary>
internal sealed class ComparisonTable
{
    /// <summary>Column heading of the controller-off run.</summary>
    public const string OffHeading = "controller off (shadow)";

    /// <summary>Column heading of the controller-on run.</summary>
    public const string OnHeading = "controller on";

    private ComparisonTable(IReadOnlyList<ComparisonRow> rows) => Rows = rows;

    /// <summary>The rows, in display order.</summary>
    public IReadOnlyList<ComparisonRow> Rows { get; }

    /// <summary>Builds the table from both runs' metrics.</summary>
    /// <param name="off">The controller-off run.</param>
    /// <param name="on">The controller-on run.</param>
    public static ComparisonTable Create(RunMetrics off, RunMetrics on)
    {
        ArgumentNullException.ThrowIfNull(off);
        ArgumentNullException.ThrowIfNull(on);
        var rows = new List<ComparisonRow>
        {
            Row("q95 implementation shortfall (bps)", off.ShortfallQ95Bps, on.ShortfallQ95Bps, "F2"),
            Row("mean implementation shortfall (bps)", off.ShortfallMeanBps, on.ShortfallMeanBps, "F2"),
            Row("filled children", off.FilledChildren, on.FilledChildren, "F0"),
            Row("completion rate (filled / parent qty)", off.CompletionRate, on.CompletionRate, "P1"),
            Row("DSD95 (ms, sent − decided)", off.DecisionToSend95Ms, on.DecisionToSend95Ms, "F1"),
            Row("DSD95 without the controller's own holds (ms)", off.DecisionToSendUnintended95Ms, on.DecisionToSendUnintended95Ms, "F1"),
            Row("CFR peak", off.PeakConnectFailureRatio, on.PeakConnectFailureRatio, "P1"),
            Row("child orders", off.Orders, on.Orders, "F0"),
            Row("orders contained", off.Contained, on.Contained, "F0"),
            Row("orders refused", off.Refused, on.Refused, "F0"),
        };
        for (var i = 0; i < RunMetrics.States.Length; i++)
            rows.Add(Row($"time in {RunMetrics.States[i]}", off.StateShares[i], on.StateShares[i], "P1"));
        return new ComparisonTable(rows);
    }

    /// <summary>A GitHub-flavoured markdown table.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"| metric | {OffHeading} | {OnHeading} |\n");
        text.Append("|---|---:|---:|\n");
        foreach (var row in Rows)
            text.Append(CultureInfo.InvariantCulture, $"| {row.Metric} | {row.Off} | {row.On} |\n");
        return text.ToString();
    }

    /// <summary>A fixed-width plain-text table.</summary>
    public string ToPlainText()
    {
        var metricWidth = Math.Max(6, Rows.Max(r => r.Metric.Length));
        var offWidth = Math.Max(OffHeading.Length, Rows.Max(r => r.Off.Length));
        var onWidth = Math.Max(OnHeading.Length, Rows.Max(r => r.On.Length));
        var text = new StringBuilder();
        text.Append("metric".PadRight(metricWidth)).Append("  ").Append(OffHeading.PadLeft(offWidth)).Append("  ").Append(OnHeading.PadLeft(onWidth)).Append('\n');
        text.Append(new string('-', metricWidth + offWidth + onWidth + 4)).Append('\n');
        foreach (var row in Rows)
            text.Append(row.Metric.PadRight(metricWidth)).Append("  ").Append(row.Off.PadLeft(offWidth)).Append("  ").Append(row.On.PadLeft(onWidth)).Append('\n');
        return text.ToString();
    }

    private static ComparisonRow Row(string metric, double off, double on, string format) =>
        new(metric, Format(off, format), Format(on, format), off, on);

    private static string Format(double value, string format) =>
        double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);
}
