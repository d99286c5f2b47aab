using PortStress.Analytics;
using PortStress.Control;
using PortStress.Control.Records;
using PortStress.Execution;
using PortStress.Execution.Gate;
using PortStress.Execution.Records;
using PortStress.Gateway.Demo;
using PortStress.Venue.Records;

namespace PortStress.Gateway.Tests.Demo;

public sealed class DemoMetricsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("demo-is-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static ChildOrderRow Order(long id, bool buy, long decision, string symbol = "ALFA", long sent = 0, string outcome = "sent") =>
        new(id, 1, symbol, buy, decision, sent == 0 ? decision + 1000 : sent, outcome, Contained: false, Refusal: null);

    private static ChildCost Child(long id, double shortfallBps) => new(id, 1, "SIM", "ALFA", 1, true, 1_500_000, false, "GREEN", "GREEN", false, 0,
        2, 10, 9.5, 100, 1000, 100, 100, shortfallBps, 0, 0, shortfallBps, 0, 0, shortfallBps * 0.01, 10_000, double.NaN, double.NaN, double.NaN);

    private static readonly MidRow[] Mids =
    [
        new("ALFA", 1_000_000, 100.00m),
        new("ALFA", 2_000_000, 101.00m),
        new("BRVO", 1_000_000, 50.00m),
    ];

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

        var metrics = RunMetrics.From(records, [Child(1, 1.0), Child(2, 3.0)]);

        metrics.CompletionRate.Should().BeApproximately(0.5, 1e-12);
        metrics.FilledChildren.Should().Be(2);
        metrics.ShortfallMeanBps.Should().BeApproximately(2.0, 1e-12);
        metrics.ShortfallQ95Bps.Should().BeApproximately(1 + (0.95 * 2), 1e-9);
        metrics.DecisionToSend95Ms.Should().BeApproximately(10 + (0.95 * 90), 1e-9, "refused children have no send time");
        metrics.Orders.Should().Be(3);
        metrics.Contained.Should().Be(2);
        metrics.Refused.Should().Be(1);
        metrics.PeakConnectFailureRatio.Should().Be(0.4);
        metrics.StateShares.Should().Equal(0.5, 0.25, 0, 0.25);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // no arrival time: the parts must still add up to the move from the decision mid
    public async Task Records_written_by_the_real_writers_read_back_and_the_analytics_price_the_child(bool arrivalRecorded)
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
                ArrivalTimeUnixMicros = arrivalRecorded ? decision + 5 : 0,
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
        var (off, on) = DemoShortfall.Load(_directory, _directory, Path.Combine(_directory, "report"));
        off.Should().ContainSingle().Which.ShortfallBps.Should().BeApproximately(2.0, 1e-9, "a sell 2 cents under the 100.00 mid at its decision");
        on.Should().ContainSingle().Which.OrderId.Should().Be(42);
        File.Exists(Path.Combine(_directory, "report", DemoShortfall.DatabaseFile)).Should().BeTrue("the demo leaves the runs queryable in its report folder");
    }

    [Fact]
    public void A_malformed_record_line_names_the_file_and_line()
    {
        File.WriteAllText(Path.Combine(_directory, "order.jsonl"), "{\"type\":\"order\"}\n");

        var load = () => DemoRecords.Load(_directory);

        load.Should().Throw<InvalidDataException>().WithMessage("*order.jsonl line 1*");
    }
}
