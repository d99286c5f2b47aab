using System.Globalization;
using System.Net;
using System.Text;
using PortStress.Analytics.Statistics;
using PortStress.Analytics.Storage;

namespace PortStress.Analytics.Reporting;

/// <summary>Writes <c>report.html</c>: one file, no external resources (the PNGs are embedded as base64 data URIs).</summary>
internal static class HtmlReport
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:2em;max-width:1250px;color:#222}
        table{border-collapse:collapse;margin:0.5em 0 1.5em}th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}
        th:first-child,td:first-child{text-align:left}th{background:#f3f3f3}img{max-width:100%;border:1px solid #ddd;margin:0.5em 0}
        .note{color:#555;font-size:0.9em}
        """;

    /// <summary>Writes the report.</summary>
    /// <param name="path">The HTML file.</param>
    /// <param name="store">The loaded store.</param>
    /// <param name="options">The report's options.</param>
    /// <param name="result">What was computed.</param>
    public static void Write(string path, RecordStore store, ReportOptions options, ReportResult result)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>portstress report</title><style>").Append(Style).Append("</style></head><body>");
        html.Append("<h1>portstress report</h1>");
        var children = result.Costs.Sum(c => c.Children.Count);
        P(html, $"Records: <code>{E(Path.GetFullPath(options.Records))}</code>, {result.Costs.Count} run(s), {children:N0} priced child orders "
            + $"({result.Costs.Sum(c => c.Unpriced):N0} without a mid at their decision, left out), {result.Parents.Count:N0} parents. "
            + $"Loaded and measured in {result.LoadTime.TotalSeconds:F1} s into <code>{E(result.Database)}</code>.");
        P(html, "Fees: " + (options.Measures.FeeBpsByVenue.Count == 0 && options.Measures.DefaultFeeBps == 0
            ? "none (the records carry no fees; pass <code>--fees VENUE=bps,...</code> to charge them)."
            : E(string.Join(", ", options.Measures.FeeBpsByVenue.Select(f => $"{f.Key} {F(f.Value)} bps").Append($"others {F(options.Measures.DefaultFeeBps)} bps")))));
        P(html, "IS is in bps of the paper value at the decision mid (positive = cost): delay = decision → arrival at the gate, timing = arrival → send "
            + "(the cadence term), impact = fills against the mid at send, opportunity = unfilled quantity against the parent's end mid, fees. "
            + "Definitions: docs/analytics.md.", note: true);

        html.Append("<h2>Runs</h2>");
        Table(html, ["run", "children", "sent", "refused", "parents", "completion", "completion miss (qty)", "parents missed", "DSD p95 (ms)",
            "child IS mean", "child IS q95", "parent IS mean", "parent IS q95", "markout 1 s", "5 s", "60 s", "PSMG 1 s", "5 s", "60 s"],
            result.Summaries.Select(s => new[]
            {
                s.Run, N(s.Children), N(s.Sent), N(s.Refused), N(s.Parents), Pct(s.Completion), F(s.MissQuantity, "N0"), N(s.ParentsMissed), F(s.DecisionToSend95Ms, "F1"),
                F(s.MeanShortfallBps), F(s.Q95ShortfallBps), F(s.ParentMeanShortfallBps), F(s.ParentQ95ShortfallBps),
                F(s.Markout1sBps), F(s.Markout5sBps), F(s.Markout60sBps), F(s.Psmg1sBps), F(s.Psmg5sBps), F(s.Psmg60sBps),
            }));
        P(html, "PSMG here is raw (stressed − baseline mean markout); the matched PSMG with intervals is under the port term.", note: true);

        html.Append("<h2>IS decomposition, children (mean bps)</h2>");
        Table(html, ["run", "cohort", "children", "delay", "timing", "impact", "opportunity", "fees", "total", "total q95", "total (currency)"],
            store.Query(
                """
                SELECT run, CASE WHEN stressed THEN 'stressed' ELSE 'baseline' END, count(*), avg(delayBps), avg(timingBps), avg(impactBps),
                       avg(opportunityBps), avg(feesBps), avg(shortfallBps), quantile_cont(shortfallBps, 0.95), sum(shortfallCcy)
                FROM child_costs WHERE decisionMid IS NOT NULL GROUP BY ALL ORDER BY 1, 2
                """,
                r => new[] { r.GetString(0), r.GetString(1), N(r.GetInt64(2)), G(r, 3), G(r, 4), G(r, 5), G(r, 6), G(r, 7), G(r, 8), G(r, 9), G(r, 10, "N0") }));
        P(html, "Delay, timing and impact are averaged over filled children (undefined for unfilled ones), so the columns need not add up to the total; "
            + "per child they do (NaN terms count as 0).", note: true);

        html.Append("<h2>IS decomposition, parents (mean bps)</h2>");
        Table(html, ["run", "parents", "derived", "delay", "timing", "impact", "opportunity", "fees", "total", "total q95", "completion"],
            store.Query(
                """
                SELECT run, count(*), count(*) FILTER (WHERE derived), avg(delayBps), avg(timingBps), avg(impactBps), avg(opportunityBps), avg(feesBps),
                       avg(shortfallBps), quantile_cont(shortfallBps, 0.95), sum(filled) / sum(quantity)
                FROM parent_costs GROUP BY run ORDER BY run
                """,
                r => new[] { r.GetString(0), N(r.GetInt64(1)), N(r.GetInt64(2)), G(r, 3), G(r, 4), G(r, 5), G(r, 6), G(r, 7), G(r, 8), G(r, 9), Pct(r.IsDBNull(10) ? double.NaN : r.GetDouble(10)) }));

        html.Append("<h2>The port term (matched cohorts, parent-clustered bootstrap)</h2>");
        P(html, $"Per run: stressed children (decided state not GREEN) matched 1:1 to baseline children of the same venue and urgency with a close "
            + $"propensity (symbol, spread, volatility, time of day, clip, remaining quantity); {options.Replicates} bootstrap replicates over parents.", note: true);
        foreach (var estimate in result.Estimates)
        {
            html.Append("<h3>").Append(E(estimate.Run)).Append("</h3>");
            if (estimate.Interactions is { } m)
            {
                P(html, $"Urgency × stress models of child IS ({m.Observations:N0} children, {m.Clusters:N0} parents): OLS for the mean, linear quantile regression at q{m.Quantile * 100:0}.");
                Table(html, ["term", "mean model (bps)", "interval", "q95 model (bps)", "interval"],
                    m.Mean.Zip(m.Tail, (a, b) => new[] { a.Term, F(a.Value.Estimate), Span(a.Value), F(b.Value.Estimate), Span(b.Value) }));
                Table(html, ["urgency (0 low … 3 critical)", "stress effect on the mean", "interval", "on q95", "interval"],
                    m.ByUrgency.Select(u => new[] { u.Urgency.ToString(CultureInfo.InvariantCulture), F(u.Mean.Estimate), Span(u.Mean), F(u.Tail.Estimate), Span(u.Tail) }));
            }

            if (estimate.Result is not { } r)
            {
                P(html, "No matched estimate: " + E(estimate.Reason ?? "unknown"));
                continue;
            }

            Table(html, ["effect (stressed − baseline, bps)", "estimate", "95 % interval", "excludes 0"],
                [
                    Effect("q95 IS, matched", r.TailEffect), Effect("mean IS, matched", r.MeanEffect),
                    Effect("q95 IS, naive", r.NaiveTailEffect), Effect("mean IS, naive", r.NaiveMeanEffect),
                    .. r.Markouts.Select(m => Effect($"PSMG {m.Horizon} ({m.Pairs} pairs)", m.Gap)),
                ]);
            var c = r.Counts;
            P(html, $"{c.Treated:N0} stressed and {c.Controls:N0} baseline children; {c.MatchedPairs:N0} pairs, {c.UnmatchedTreated:N0} stressed unmatched, "
                + $"{c.Strata} strata, {c.Clusters:N0} parent clusters; caliper {F(r.Caliper, "F3")} on the logit; balanced (|SMD| &lt; 0.1): {(r.IsBalanced() ? "yes" : "no")}.");
            Table(html, ["covariate", "stressed before", "baseline before", "SMD before", "stressed after", "baseline after", "SMD after"],
                r.Balance.Select(b => new[] { b.Covariate, F(b.MeanTreatedBefore), F(b.MeanControlBefore), F(b.SmdBefore, "F3"), F(b.MeanTreatedAfter), F(b.MeanControlAfter), F(b.SmdAfter, "F3") }));
        }

        html.Append("<h2>Plots</h2>");
        foreach (var plot in result.Plots)
        {
            var name = Path.GetFileName(plot);
            html.Append(CultureInfo.InvariantCulture, $"<h3>{E(name)}</h3><img alt=\"{E(name)}\" src=\"data:image/png;base64,{Convert.ToBase64String(File.ReadAllBytes(plot))}\">");
        }

        html.Append("</body></html>\n");
        File.WriteAllText(path, html.ToString());
    }

    private static string[] Effect(string name, Interval interval) => [name, F(interval.Estimate), Span(interval), interval.ExcludesZero ? "yes" : "no"];

    private static string Span(Interval interval) => double.IsFinite(interval.Lower) ? $"[{F(interval.Lower)}, {F(interval.Upper)}]" : "n/a";

    private static void Table(StringBuilder html, IReadOnlyList<string> headings, IEnumerable<string[]> rows)
    {
        html.Append("<table><tr>");
        foreach (var heading in headings)
            html.Append("<th>").Append(E(heading)).Append("</th>");
        html.Append("</tr>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
                html.Append("<td>").Append(E(cell)).Append("</td>");
            html.Append("</tr>");
        }

        html.Append("</table>");
    }

    private static void P(StringBuilder html, string inner, bool note = false) =>
        html.Append(note ? "<p class=\"note\">" : "<p>").Append(inner).Append("</p>");

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string F(double value, string format = "F2") => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Pct(double value) => double.IsFinite(value) ? value.ToString("P1", CultureInfo.InvariantCulture) : "n/a";

    private static string G(System.Data.Common.DbDataReader r, int i, string format = "F2") => F(Measures.CostReader.D(r, i), format);
}
