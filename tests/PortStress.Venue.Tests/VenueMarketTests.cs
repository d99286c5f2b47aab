using PortStress.Control.Records;
using PortStress.Venue.Market;
using PortStress.Venue.Records;

namespace PortStress.Venue.Tests;

public class VenueMarketTests : IMarketEvents
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 14, 30, 0, TimeSpan.Zero);
    private readonly List<string> _events = [];
    private readonly MemoryRecordSink<MidPriceRecord> _mids = new();
    private readonly MemoryRecordSink<VenueFillRecord> _fills = new();

    private VenueMarket Market(Action<VenueOptions>? change = null) =>
        new(VenueFixtures.Options(o =>
        {
            o.FillModel.DisplayedSize = 500;
            change?.Invoke(o);
        }), Start, this, owner => (string)owner, _mids, _fills);

    void IMarketEvents.Accepted(VenueOrder order) => _events.Add($"new {order.ClOrdId}");

    void IMarketEvents.Filled(VenueOrder order, decimal quantity, decimal price) => _events.Add($"fill {order.ClOrdId} {quantity}@{price}");

    void IMarketEvents.Canceled(VenueOrder order, string? requestClOrdId, string? text) => _events.Add($"canceled {order.ClOrdId}");

    void IMarketEvents.Replaced(VenueOrder order, string origClOrdId) => _events.Add($"replaced {origClOrdId}->{order.ClOrdId}");

    [Fact]
    public void Background_volume_fills_resting_orders_at_the_bid_after_the_displayed_size_ahead()
    {
        var market = Market(o => o.Symbols[0].VolumePerSecond = 200);
        var bid = market.Quote("INTC", Start).Bid;
        market.Submit("c1", "A", "INTC", OrderSide.Buy, false, 100, bid, false, Start).Should().BeNull();
        market.QueueAhead("c1", "A").Should().Be(500);

        // About 100 a second trades at the bid: 500 ahead plus our 100 take roughly six seconds.
        market.AdvanceTo(Start.AddSeconds(60));

        _events.Should().StartWith("new A");
        _events.Where(e => e.StartsWith("fill A", StringComparison.Ordinal)).Should().NotBeEmpty()
            .And.AllSatisfy(e => e.Should().EndWith($"@{bid}"));
        market.QueueAhead("c1", "A").Should().BeNull("the order is filled and no longer live");
        _fills.Snapshot().Sum(f => f.Quantity).Should().Be(100);
        _fills.Snapshot().Should().AllSatisfy(f => f.Aggressive.Should().BeFalse());
        market.CumulativeVolume("INTC", Start.AddSeconds(60)).Should().BeGreaterThan(600);
    }

    [Fact]
    public void Cumulative_volume_grows_with_time_and_counts_orders_that_take_liquidity()
    {
        var market = Market();
        market.CumulativeVolume("INTC", Start).Should().Be(0, "INTC has no background volume");
        market.Submit("c1", "A", "INTC", OrderSide.Buy, true, 300, 0, false, Start).Should().BeNull();
        market.CumulativeVolume("INTC", Start).Should().Be(300);

        var msft1 = market.CumulativeVolume("MSFT", Start.AddSeconds(10));
        var msft2 = market.CumulativeVolume("MSFT", Start.AddSeconds(20));
        msft1.Should().BeGreaterThan(0);
        msft2.Should().BeGreaterThan(msft1);
    }

    [Fact]
    public void The_same_seed_and_clock_give_the_same_market()
    {
        var a = Market();
        var b = Market();
        var mids = Enumerable.Range(1, 200).Select(i => (a.Quote("MSFT", Start.AddMilliseconds(i * 250)), b.Quote("MSFT", Start.AddMilliseconds(i * 250)))).ToList();

        mids.Should().AllSatisfy(p => p.Item1.Should().Be(p.Item2));
        mids.Select(p => p.Item1).Distinct().Count().Should().BeGreaterThan(1);
    }

    [Fact]
    public void Unknown_symbols_bad_quantities_and_off_grid_prices_are_rejected()
    {
        var market = Market();
        market.Submit("c1", "A", "NOPE", OrderSide.Buy, false, 100, 30m, false, Start).Should().Contain("unknown symbol");
        market.Submit("c1", "B", "INTC", OrderSide.Buy, false, 0, 30m, false, Start).Should().Contain("bad quantity");
        market.Submit("c1", "C", "INTC", OrderSide.Buy, false, -5, 30m, false, Start).Should().Contain("bad quantity");
        market.Submit("c1", "D", "INTC", OrderSide.Buy, false, 100, 30.005m, false, Start).Should().Contain("tick size");
        market.Submit("c1", "E", "INTC", OrderSide.Buy, false, 100, 29m, false, Start).Should().BeNull();
        market.Submit("c1", "E", "INTC", OrderSide.Buy, false, 100, 29m, false, Start).Should().Contain("duplicate ClOrdID");
        market.Submit("c2", "E", "INTC", OrderSide.Buy, false, 100, 29m, false, Start).Should().BeNull("ClOrdIDs are per session");
    }

    [Fact]
    public void Cancel_removes_a_live_order_and_an_unknown_one_is_refused()
    {
        var market = Market();
        market.Submit("c1", "A", "INTC", OrderSide.Sell, false, 100, 31m, false, Start);

        market.Cancel("c1", "A-x", "A", Start).Should().BeNull();
        market.Cancel("c1", "A-y", "A", Start).Should().Contain("unknown order");
        market.QueueAhead("c1", "A").Should().BeNull();
        _events.Should().Equal("new A", "canceled A");
    }

    [Fact]
    public void Replace_keeps_queue_position_when_only_the_quantity_shrinks_and_loses_it_otherwise()
    {
        var market = Market();
        var bid = market.Quote("INTC", Start).Bid;
        market.Submit("c1", "A", "INTC", OrderSide.Buy, false, 100, bid, false, Start);
        market.Submit("c1", "B", "INTC", OrderSide.Buy, false, 100, bid, false, Start);

        market.Replace("c1", "A2", "A", 50, bid, Start).Should().BeNull();
        market.QueueAhead("c1", "A2").Should().Be(500, "a smaller quantity at the same price keeps its place");
        market.QueueAhead("c1", "B").Should().Be(550);

        market.Replace("c1", "A3", "A2", 80, bid, Start).Should().BeNull();
        market.QueueAhead("c1", "A3").Should().Be(600, "a larger quantity goes to the back, behind B");
        market.Replace("c1", "A4", "A3", 80, bid + 0.01m, Start).Should().BeNull();
        market.QueueAhead("c1", "A4").Should().Be(0, "a price inside the spread is first");
        market.Replace("c1", "A5", "nope", 80, bid, Start).Should().Contain("unknown order");
    }

    [Fact]
    public void Mid_records_come_at_the_configured_cadence_for_every_symbol()
    {
        var market = Market(o => o.MidRecordInterval = TimeSpan.FromSeconds(1));

        market.AdvanceTo(Start.AddSeconds(3));

        var records = _mids.Snapshot();
        records.Where(r => r.Symbol == "INTC").Select(r => r.TimeUnixMicros).Should().Equal(
            Enumerable.Range(0, 4).Select(i => (Start.AddSeconds(i).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10));
        records.Where(r => r.Symbol == "MSFT").Should().HaveCount(4);
        records.Should().AllSatisfy(r => r.Mid.Should().Be((r.Bid + r.Ask) / 2));
    }
}
