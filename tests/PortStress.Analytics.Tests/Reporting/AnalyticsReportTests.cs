using PortStress.Analytics.Measures;
using PortStress.Analytics.Reporting;
using PortStress.Analytics.Storage;
using PortStress.Analytics.Tests.Measures;
using PortStress.Analytics.Tests.Storage;
using PortStress.Testing.Records;

namespace PortStress.Analytics.Tests.Reporting;

public sealed class AnalyticsReportTests : IClassFixture<GeneratedRecordSet>, IDisposable
{
    private static readonly byte[] PngMagic = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private readonly GeneratedRecordSet _generated;
    private readonly RecordFolder _folder = new();

    public AnalyticsReportTests(GeneratedRecordSet generated) => _generated = generated;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_report_is_one_html_file_with_every_plot_embedded_and_beside_it()
    {
        var steps = new List<LoadStep>();
        var result = AnalyticsReport.Run(
            new ReportOptions { Records = _generated.Records, Out = _folder.PathOf("report"), Parquet = _folder.PathOf("parquet"), Replicates = 50 },
            new Steps(steps));

        result.Plots.Select(Path.GetFileName).Should().Equal(
            ReportPlots.StateTimeline, ReportPlots.LaunchCadence, ReportPlots.ShortfallDistribution, ReportPlots.MarkoutCurves, ReportPlots.EffectIntervals);
        foreach (var plot in result.Plots)
            File.ReadAllBytes(plot).Take(8).Should().Equal(PngMagic, $"{plot} is a PNG");
        var html = File.ReadAllText(result.HtmlPath);
        CountOf(html, "src=\"data:image/png;base64,").Should().Be(5);
        html.Should().NotContain("src=\"http").And.Contain("run-off").And.Contain("run-on").And.Contain("spread_bps").And.Contain("urgency_x_stressed");
        result.ParquetFiles.Should().Contain(f => f.EndsWith("child_costs.parquet", StringComparison.Ordinal));
        steps[^1].Done.Should().Be(steps[^1].Total);
        steps.Select(s => s.Total).Distinct().Should().ContainSingle("one bar from the first file to the HTML");
    }

    [Fact]
    public void The_generated_stress_cost_shows_as_a_positive_port_term_in_the_shadow_run()
    {
        var result = AnalyticsReport.Run(new ReportOptions { Records = _generated.Records, Out = _folder.PathOf("report"), Replicates = 100 });

        var off = result.Estimates.Single(e => e.Run == "run-off").Result!;
        off.TailEffect.Estimate.Should().BePositive("late shadow children slip more under stress");
        off.TailEffect.Lower.Should().BePositive();
        off.Counts.MatchedPairs.Should().BePositive();
        var summaries = result.Summaries.ToDictionary(s => s.Run);
        summaries["run-on"].DecisionToSend95Ms.Should().BeLessThan(summaries["run-off"].DecisionToSend95Ms);
        result.Costs.Sum(c => c.Children.Count).Should().Be(12_000, "100 parents of 60 children per run");
    }

    [Fact]
    public void A_run_without_stressed_children_gets_a_reason_instead_of_an_estimate()
    {
        HandMadeRecords.Write(_folder);
        using var store = Load(_folder.Root);
        var run = CostReader.Children(store).Single();
        var baselineOnly = run with { Children = run.Children.Where(c => !c.Stressed).ToList() };
        var estimate = AnalyticsReport.Estimate(baselineOnly, new ReportOptions { Records = _folder.Root, Out = _folder.PathOf("out") });
        estimate.Result.Should().BeNull();
        estimate.Reason.Should().Be("needs stressed and baseline children (0 stressed of 2)");
    }

    [Fact]
    public void Promotion_passes_when_tail_cost_falls_out_of_sample_and_completion_holds()
    {
        using var store = Load(_generated.Records);
        var decision = PromotionReview.Decide(CostReader.Children(store), new PromotionWindows { Replicates = 100 });

        decision.Promote.Should().BeTrue(string.Join("; ", decision.Reasons));
        decision.TailChange.Upper.Should().BeNegative();
        decision.ControlledCompletion.Should().BeGreaterThanOrEqualTo(decision.ShadowCompletion - 0.005);
        decision.InSampleExcluded.Should().BePositive("the first four of eight windows are in sample");
        decision.ShadowWindows.Should().Be(4);
        decision.ControlledWindows.Should().Be(4);
    }

    [Fact]
    public void Promotion_fails_when_the_controller_changed_nothing()
    {
        using var store = Load(_generated.NoEffect());
        var decision = PromotionReview.Decide(CostReader.Children(store), new PromotionWindows { Replicates = 50 });

        decision.Promote.Should().BeFalse();
        decision.Reasons[0].Should().StartWith("Do not promote");
        decision.TailChange.Estimate.Should().BeApproximately(0, 1e-9, "each controller-on child is matched to its identical shadow twin");
    }

    [Fact]
    public void Promotion_needs_both_shadow_and_controller_on_records()
    {
        HandMadeRecords.Write(_folder);
        using var store = Load(_folder.Root);
        FluentActions.Invoking(() => PromotionReview.Decide(CostReader.Children(store), new PromotionWindows()))
            .Should().Throw<RecordsException>().WithMessage("*shadow-mode records*controller-on records*");
    }

    private RecordStore Load(string records)
    {
        var store = RecordStore.Create(_folder.PathOf("db", Guid.NewGuid().ToString("N") + ".duckdb"));
        store.Load(RecordRuns.Discover(records), new MeasureOptions());
        return store;
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
            count++;
        return count;
    }

    private sealed class Steps(List<LoadStep> steps) : IProgress<LoadStep>
    {
        public void Report(LoadStep value) => steps.Add(value);
    }
}
