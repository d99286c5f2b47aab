using PortStress.Analytics.Measures;
using PortStress.Analytics.Storage;
using PortStress.Analytics.Tests.Storage;

namespace PortStress.Analytics.Tests.Measures;

/// <summary>Every IS component on the hand-made records of <see cref="HandMadeRecords"/>, computed by hand.</summary>
public sealed class ShortfallDecompositionTests : IDisposable
{
    private const double Tolerance = 1e-9;
    private readonly RecordFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private (RecordStore Store, Dictionary<long, ChildCost> Children) Load(MeasureOptions? options = null)
    {
        HandMadeRecords.Write(_folder);
        var store = RecordStore.Create(_folder.PathOf("out", "records.duckdb"));
        store.Load(RecordRuns.Discover(_folder.Root), options ?? new MeasureOptions());
        var children = CostReader.Children(store).Single().Children.ToDictionary(c => c.OrderId);
        return (store, children);
    }

    [Fact]
    public void A_filled_buy_splits_into_delay_timing_and_impact()
    {
        var (store, children) = Load();
        using var _ = store;
        var a = children[HandMadeRecords.A];
        // Decision mid 100.0, arrival mid 100.2, send mid 100.4, 400 filled at 100.5; paper 400 × 100.0 = 40 000.
        // delay 400 × 0.2 = 80 (20 bps), timing 400 × 0.2 = 80 (20 bps), impact 400 × (100.5 − 100.4) = 40 (10 bps).
        a.DelayBps.Should().BeApproximately(20, Tolerance);
        a.TimingBps.Should().BeApproximately(20, Tolerance);
        a.ImpactBps.Should().BeApproximately(10, Tolerance);
        a.OpportunityBps.Should().Be(0);
        a.FeesBps.Should().Be(0);
        a.ShortfallBps.Should().BeApproximately(50, Tolerance);
        a.ShortfallCurrency.Should().BeApproximately(200, Tolerance);
        a.FilledQuantity.Should().Be(400);
        a.DecisionToSendMicros.Should().Be(2_000_000);
    }

    [Fact]
    public void A_partially_filled_buy_pays_opportunity_on_the_rest_at_the_parent_end_mid()
    {
        var (store, children) = Load();
        using var _ = store;
        var b = children[HandMadeRecords.B];
        // Decision, arrival and send mid 100.4; 200 filled at 100.6: impact 40; 400 unfilled against the parent's
        // end mid 101.0: opportunity 400 × 0.6 = 240; total 280 over paper 600 × 100.4 = 60 240.
        b.DelayBps.Should().Be(0);
        b.TimingBps.Should().Be(0);
        b.ImpactBps.Should().BeApproximately(40 / 60_240.0 * 1e4, Tolerance);
        b.OpportunityBps.Should().BeApproximately(240 / 60_240.0 * 1e4, Tolerance);
        b.ShortfallBps.Should().BeApproximately(280 / 60_240.0 * 1e4, Tolerance);
        b.ShortfallCurrency.Should().BeApproximately(280, Tolerance);
        b.FilledQuantity.Should().Be(200);
    }

    [Fact]
    public void A_sell_filled_below_the_send_mid_costs_impact()
    {
        var (store, children) = Load();
        using var _ = store;
        var c = children[HandMadeRecords.C];
        // Sell 500 at 100.4 against send mid 100.5: impact −(50 200 − 50 250) = 50 over paper 50 250.
        c.Buy.Should().BeFalse();
        c.DelayBps.Should().Be(0);
        c.TimingBps.Should().Be(0);
        c.ImpactBps.Should().BeApproximately(50 / 50_250.0 * 1e4, Tolerance);
        c.OpportunityBps.Should().Be(0);
        c.ShortfallBps.Should().BeApproximately(50 / 50_250.0 * 1e4, Tolerance);
    }

    [Fact]
    public void An_unfilled_sell_has_only_opportunity_and_no_execution_terms()
    {
        var (store, children) = Load();
        using var _ = store;
        var d = children[HandMadeRecords.D];
        // Refused: 300 unsold while the mid rose from 100.5 to 101.0: opportunity −300 × 0.5 = −150 (a gain).
        d.DelayBps.Should().Be(double.NaN);
        d.TimingBps.Should().Be(double.NaN);
        d.ImpactBps.Should().Be(double.NaN);
        d.OpportunityBps.Should().BeApproximately(-150 / 30_150.0 * 1e4, Tolerance);
        d.ShortfallBps.Should().BeApproximately(-150 / 30_150.0 * 1e4, Tolerance);
        d.ShortfallCurrency.Should().BeApproximately(-150, Tolerance);
        d.DecisionToSendMicros.Should().Be(double.NaN);
        d.FilledQuantity.Should().Be(0);
    }

    [Fact]
    public void Child_components_sum_to_the_total_with_undefined_terms_as_zero()
    {
        var (store, children) = Load(MeasureOptions.WithFees("SIM=2"));
        using var _ = store;
        children.Should().HaveCount(4);
        foreach (var child in children.Values)
        {
            var sum = Z(child.DelayBps) + Z(child.TimingBps) + Z(child.ImpactBps) + child.OpportunityBps + child.FeesBps;
            sum.Should().BeApproximately(child.ShortfallBps, Tolerance, $"child {child.OrderId}");
        }
    }

    [Fact]
    public void Fees_come_from_the_per_venue_schedule_on_fill_notional()
    {
        var (store, children) = Load(MeasureOptions.WithFees("SIM=2,OTHER=5"));
        using var _ = store;
        var a = children[HandMadeRecords.A];
        // 400 × 100.5 = 40 200 notional × 2 bps = 8.04; over paper 40 000 = 2.01 bps.
        a.FeesBps.Should().BeApproximately(2.01, Tolerance);
        a.ShortfallCurrency.Should().BeApproximately(208.04, Tolerance);
        children[HandMadeRecords.D].FeesBps.Should().Be(0);
    }

    [Fact]
    public void Parent_shortfall_decomposes_from_the_parent_decision_mid()
    {
        var (store, _) = Load();
        using var __ = store;
        var parents = CostReader.Parents(store).ToDictionary(p => p.ParentId);
        var one = parents[1];
        // Parent 1 (buy 1000, decision mid 100.0, end mid 101.0): delay 400 × 0.2 + 200 × 0.4 = 160, timing 80,
        // impact 40 + 40 = 80, opportunity 400 × 1.0 = 400: 720 over 100 000 = 72 bps.
        one.Derived.Should().BeFalse();
        one.DelayBps.Should().BeApproximately(16, Tolerance);
        one.TimingBps.Should().BeApproximately(8, Tolerance);
        one.ImpactBps.Should().BeApproximately(8, Tolerance);
        one.OpportunityBps.Should().BeApproximately(40, Tolerance);
        one.ShortfallBps.Should().BeApproximately(72, Tolerance);
        one.ShortfallCurrency.Should().BeApproximately(720, Tolerance);
        one.Completion.Should().BeApproximately(0.6, Tolerance);
        one.StressedShare.Should().BeApproximately(0.6, Tolerance);

        var two = parents[2];
        // Parent 2 (sell 800, decision mid 100.4): delay −500 × (100.5 − 100.4) = −50, timing 0, impact 50,
        // opportunity −300 × (101.0 − 100.4) = −180: −180 over 80 320.
        two.DelayBps.Should().BeApproximately(-50 / 80_320.0 * 1e4, Tolerance);
        two.TimingBps.Should().BeApproximately(0, Tolerance);
        two.ImpactBps.Should().BeApproximately(50 / 80_320.0 * 1e4, Tolerance);
        two.OpportunityBps.Should().BeApproximately(-180 / 80_320.0 * 1e4, Tolerance);
        two.ShortfallBps.Should().BeApproximately(-180 / 80_320.0 * 1e4, Tolerance);
        foreach (var p in parents.Values)
            (p.DelayBps + p.TimingBps + p.ImpactBps + p.OpportunityBps + p.FeesBps).Should().BeApproximately(p.ShortfallBps, Tolerance);
    }

    [Fact]
    public void Markouts_are_fill_weighted_and_signed_by_side()
    {
        var (store, children) = Load();
        using var _ = store;
        var a = children[HandMadeRecords.A];
        a.Markout1sBps.Should().BeApproximately(0, Tolerance);
        a.Markout5sBps.Should().BeApproximately(0, Tolerance);
        a.Markout60sBps.Should().BeApproximately(0.5 / 100.5 * 1e4, Tolerance);
        var b = children[HandMadeRecords.B];
        b.Markout1sBps.Should().BeApproximately(-0.1 / 100.6 * 1e4, Tolerance);
        b.Markout60sBps.Should().BeApproximately(0.4 / 100.6 * 1e4, Tolerance);
        var c = children[HandMadeRecords.C];
        c.Markout1sBps.Should().BeApproximately(-0.1 / 100.4 * 1e4, Tolerance);
        c.Markout60sBps.Should().BeApproximately(-0.6 / 100.4 * 1e4, Tolerance);
        children[HandMadeRecords.D].Markout1sBps.Should().Be(double.NaN);
    }

    [Fact]
    public void Covariates_are_read_as_of_the_decision()
    {
        var (store, children) = Load();
        using var _ = store;
        var a = children[HandMadeRecords.A];
        a.SpreadBps.Should().BeApproximately(20, Tolerance);
        a.RemainingQuantity.Should().Be(1000);
        a.ClipQuantity.Should().Be(400);
        a.Urgency.Should().Be(1);
        a.Stressed.Should().BeFalse();
        a.TimeOfDayHours.Should().BeApproximately((22 * 3600 + 13 * 60 + 20.5) / 3600.0, 1e-9);
        var b = children[HandMadeRecords.B];
        b.Stressed.Should().BeTrue();
        b.DecidedState.Should().Be("YELLOW");
        b.StressProbability.Should().Be(0.6);
        b.SpreadBps.Should().BeApproximately(0.2 / 100.4 * 1e4, Tolerance);
        var c = children[HandMadeRecords.C];
        var r = new[] { Math.Log(100.2 / 100.0), Math.Log(100.4 / 100.2), Math.Log(100.5 / 100.4) };
        c.VolatilityBps.Should().BeApproximately(Math.Sqrt(r.Sum(x => x * x)) * 1e4, 1e-6);
        children[HandMadeRecords.D].RemainingQuantity.Should().Be(300, "parent 2 had 500 of 800 filled before D was decided");
    }

    [Fact]
    public void Run_summary_gives_completion_miss_decision_to_send_p95_and_the_markout_gap()
    {
        var (store, children) = Load();
        using var _ = store;
        var summary = RunSummary.Read(store).Single();
        summary.Completion.Should().BeApproximately(1100 / 1800.0, Tolerance);
        summary.MissQuantity.Should().Be(700);
        summary.ParentsMissed.Should().Be(2);
        // Sent children's decision-to-send: 2 s, 0, 0; type-7 p95 = 0 + 0.9 × 2 s = 1.8 s.
        summary.DecisionToSend95Ms.Should().BeApproximately(1800, Tolerance);
        var baseline = (children[HandMadeRecords.A].Markout1sBps + children[HandMadeRecords.C].Markout1sBps) / 2;
        summary.Psmg1sBps.Should().BeApproximately(children[HandMadeRecords.B].Markout1sBps - baseline, Tolerance);
        summary.Children.Should().Be(4);
        summary.Refused.Should().Be(1);
    }

    [Fact]
    public void Without_a_parent_stream_parents_are_derived_from_their_children()
    {
        HandMadeRecords.Write(_folder, withParents: false);
        using var store = RecordStore.Create(_folder.PathOf("out", "records.duckdb"));
        store.Load(RecordRuns.Discover(_folder.Root), new MeasureOptions());
        var one = CostReader.Parents(store).Single(p => p.ParentId == 1);
        one.Derived.Should().BeTrue();
        one.Quantity.Should().Be(1000, "the non-catch-up children's quantities");
        one.DecisionMicros.Should().Be(RecordFolder.At(0.5));
        one.EndMicros.Should().Be(RecordFolder.At(3.5), "the last answer about its children");
    }

    private static double Z(double x) => double.IsNaN(x) ? 0 : x;
}
