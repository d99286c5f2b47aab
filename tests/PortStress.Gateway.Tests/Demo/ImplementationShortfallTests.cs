using PortStress.Control;
using PortStress.Control.Records;
using PortStress.Execution;
using PortStress.Execution.Gate;
using PortStress.Execution.Records;
using PortStress.Gateway.Demo;
using PortStress.Venue.Records;

namespace PortStress.Gateway.Tests.Demo;

public sealed class ImplementationShortfallTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("demo-is-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static ChildOrderRow Order(long id, bool buy, long decision, string symbol = "ALFA", long sent = 0, string outcome = "sent") =>
        new(id, 1, symbol, buy, decision, sent == 0 ? decision + 1000 : sent, outcome, Contained: false, Refusal: null);

    private static readonly MidRow[] Mids =
    [
        new("ALFA", 1_000_000, 100.00m),
        new("ALFA", 2_000_000, 101.00m),
        new("BRVO", 1_000_000, 50.00m),
    ];

    [Fact]
    public void A_buy_filled_above_the_arrival_mid_is_a_positive_cost_in_basis_points()
    {
        var samples = ImplementationShortfall.PerFill([Order(1, buy: true, decision: 1_500_000)], [new FillRow(1, 1_600_000, 100, 100.05m)], Mids);

        samples.Should().ContainSingle().Which.Bps.Should().BeApproximately(5.0, 1e-9);
        samples[0].ArrivalMid.Should().Be(100.00m);
    }

    [Fact]
    public void A_sell_filled_below_the_arrival_mid_is_a_positive_cost_and_above_it_a_gain()
    {
        var samples = ImplementationShortfall.PerFill(
            [Order(1, buy: false, decision: 1_200_000, symbol: "BRVO"), Order(2, buy: false, decision: 1_200_000, symbol: "BRVO")],
            [new FillRow(1, 1_300_000, 10, 49.99m), new FillRow(2, 1_300_000, 10, 50.02m)],
            Mids);

        samples.Select(s => s.Bps).Should().Equal([2.0, -4.0], (a, b) => Math.Abs(a - b) < 1e-9);
    }

    [Fact]
    public void The_arrival_mid_is_the_last_mid_at_or_before_the_decision_not_the_mid_at_the_fill()
    {
        var samples = ImplementationShortfall.PerFill(
            [Order(1, buy: true, decision: 1_999_999), Order(2, buy: true, decision: 2_000_000)],
            [new FillRow(1, 2_500_000, 100, 101.00m), new FillRow(2, 2_500_000, 100, 101.00m)],
            Mids);

        samples.Single(s => s.OrderId == 1).Bps.Should().BeApproximately(100.0, 1e-9, "the mid moved from 100 to 101 after the decision: that is cost");
        samples.Single(s => s.OrderId == 2).Bps.Should().Be(0);
    }

    [Fact]
    public void Every_fill_of_a_child_is_a_sample_and_fills_without_a_child_or_an_arrival_mid_are_skipped()
    {
        var samples = ImplementationShortfall.PerFill(
            [Order(1, buy: true, decision: 1_500_000), Order(2, buy: true, decision: 999_999), Order(3, buy: true, decision: 1_500_000, symbol: "NONE")],
            [new FillRow(1, 1_600_000, 60, 100.01m), new FillRow(1, 1_600_000, 40, 100.02m), new FillRow(2, 1_600_000, 10, 100m),
             new FillRow(3, 1_600_000, 10, 100m), new FillRow(99, 1_600_000, 10, 100m)],
            Mids);

        samples.Should().HaveCount(2).And.OnlyContain(s => s.OrderId == 1);
        samples.Select(s => s.Bps).Should().Equal([1.0, 2.0], (a, b) => Math.Abs(a - b) < 1e-9);
    }

    [Fact]
    public void Quantiles_interpolate_between_order_statistics_like_quantile_cont()
    {
        Quantile.Of([5, 1, 4, 2, 3], 0.95).Should().BeApproximately(4.8, 1e-12);
        Quantile.Of([5, 1, 4, 2, 3], 0.5).Should().Be(3);
        Quantile.Of([7], 0.95).Should().Be(7);
        Quantile.Of([], 0.95).Should().Be(double.NaN);
        Quantile.Of([1, double.NaN, 3], 1).Should().Be(3);
    }

    [Fact]
    public void Run_metrics_come_from_the_records_completion_dsd_containment_refusals_and_state_shares()
    {
        var records = new DemoRecords
        {
            Orders =
            [
                Order(1, buy: true, decision: 1_500_000, sent: 1_510_000),
                Order(2, buy: true, decision: 1_500_000, sent: 1_600_000, outcome: "heldThenSent") with { Contained = true },
                Order(3, buy: true, decision: 1_500_000, outcome: "refused") with { SentMicros = 0, Refusal = "deadlinePassed", Contained = true },
            ],
            Fills = [new FillRow(1, 1_520_000, 300, 100.01m), new FillRow(2, 1_620_000, 200, 100.03m)],
            Mids = Mids,
            Ticks = [new TickRow(1, "GREEN", 0.01, 0), new TickRow(2, "GREEN", 0.02, 0), new TickRow(3, "RED", 0.99, 0.4), new TickRow(4, "YELLOW", 0.6, double.NaN)],
            ParentQuantities = new Dictionary<long, decimal> { [1] = 1000 },
        };

        var metrics = RunMetrics.From(records);

        metrics.CompletionRate.Should().BeApproximately(0.5, 1e-12);
        metrics.FillCount.Should().Be(2);
        metrics.ShortfallQ95Bps.Should().BeApproximately(1 + (0.95 * 2), 1e-9);
        metrics.DecisionToSend95Ms.Should().BeApproximately(10 + (0.95 * 90), 1e-9, "refused children have no send time");
        metrics.Orders.Should().Be(3);
        metrics.Contained.Should().Be(2);
        metrics.Refused.Should().Be(1);
        metrics.PeakConnectFailureRatio.Should().Be(0.4);
        metrics.StateShares.Should().Equal(0.5, 0.25, 0, 0.25);
    }

    [Fact]
    public async Task Records_written_by_the_real_writers_read_back_into_the_shortfall()
    {
        var decision = 1_700_000_000_000_000L;
        await using (var orders = new JsonLinesRecordWriter<ChildOrderRecord>(_directory))
        await using (var events = new JsonLinesRecordWriter<OrderEventRecord>(_directory))
        await using (var mids = new JsonLinesRecordWriter<MidPriceRecord>(_directory))
        {
            mids.TryAppend(new MidPriceRecord { TimeUnixMicros = decision - 10, Symbol = "ALFA", Bid = 99.99m, Ask = 100.01m, Mid = 100.00m });
            mids.TryAppend(new MidPriceRecord { TimeUnixMicros = decision + 10, Symbol = "ALFA", Bid = 100.99m, Ask = 101.01m, Mid = 101.00m });
            orders.TryAppend(new ChildOrderRecord
            {
                OrderId = 42,
                ParentId = 1,
                Venue = "SIM",
                Symbol = "ALFA",
                Side = OrderSide.Sell,
                AppliedState = StressState.Red,
                DecidedState = StressState.Red,
                DecisionTimeUnixMicros = decision,
                SentTimeUnixMicros = decision + 2_000,
                Holds = HoldReasons.Containment,
                IntendedHoldMicros = 1_500,
                QuantityRequested = 100,
                QuantitySent = 100,
                Outcome = GateOutcomeKind.HeldThenSent,
            });
            events.TryAppend(new OrderEventRecord { OrderId = 42, ParentId = 1, Kind = OrderEventKind.Acknowledged, TimeUnixMicros = decision + 2_100 });
            events.TryAppend(new OrderEventRecord { OrderId = 42, ParentId = 1, Kind = OrderEventKind.Filled, TimeUnixMicros = decision + 2_200, Quantity = 100, Price = 99.98m });
        }

        var records = DemoRecords.Load(_directory);

        records.Orders.Should().ContainSingle().Which.Should().Be(
            new ChildOrderRow(42, 1, "ALFA", false, decision, decision + 2_000, "heldThenSent", true, null, 1_500));
        records.Fills.Should().ContainSingle("acknowledgements are not fills");
        var sample = ImplementationShortfall.PerFill(records.Orders, records.Fills, records.Mids).Should().ContainSingle().Subject;
        sample.Bps.Should().BeApproximately(2.0, 1e-9, "a sell 2 cents under a 100.00 arrival mid");
    }

    [Fact]
    public void A_malformed_record_line_names_the_file_and_line()
    {
        File.WriteAllText(Path.Combine(_directory, "order.jsonl"), "{\"type\":\"order\"}\n");

        var load = () => DemoRecords.Load(_directory);

        load.Should().Throw<InvalidDataException>().WithMessage("*order.jsonl line 1*");
    }
}
