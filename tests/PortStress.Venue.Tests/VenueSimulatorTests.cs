using PortStress.Control.Records;
using PortStress.Fix.Protocol;
using PortStress.Venue.Records;
using static PortStress.Venue.Tests.VenueFixtures;

namespace PortStress.Venue.Tests;

/// <summary>The simulator over real loopback sockets, with our own initiator as the counterparty. The venue runs on a fake clock.</summary>
public class VenueSimulatorTests
{
    private const int ExecTransType = 20;
    private const int OrdRejReason = 103;

    [Fact]
    public async Task A_limit_order_is_acknowledged_and_a_marketable_one_fills_at_once_at_the_touch()
    {
        var clock = Clock();
        var fills = new MemoryRecordSink<VenueFillRecord>();
        await using var venue = new VenueSimulator(Options(), clock, fills: fills);
        await venue.StartAsync();
        await using var client = await new FixClient(venue.LocalEndPoint.Port).LoggedOnAsync();
        var quote = venue.Quote("INTC");

        client.Send(FixClient.Order("passive", '1', 100, quote.Bid - 0.05m));
        client.Send(FixClient.Order("aggressive", '1', 200, quote.Ask + 0.10m));
        await client.WaitForReports(3, "New, New, Fill");

        var passive = client.For("passive").Should().ContainSingle().Subject;
        (passive[Tags.ExecType], passive[Tags.OrdStatus], passive.Decimal(Tags.LeavesQty)).Should().Be(("0", "0", 100m));
        var aggressive = client.For("aggressive");
        aggressive.Select(r => r[Tags.ExecType]).Should().Equal("0", "F");
        var fill = aggressive[1];
        fill[Tags.OrdStatus].Should().Be("2");
        fill.Decimal(Tags.LastQty).Should().Be(200);
        fill.Decimal(Tags.LastPx).Should().Be(quote.Ask, "a marketable buy crosses the spread and fills at the ask");
        (fill.Decimal(Tags.CumQty), fill.Decimal(Tags.LeavesQty), fill.Decimal(Tags.AvgPx)).Should().Be((200m, 0m, quote.Ask));
        venue.Fills.Should().Be(1);
        var record = fills.Snapshot().Should().ContainSingle().Subject;
        (record.ClOrdId, record.Symbol, record.Side, record.Quantity, record.Price, record.Mid, record.Aggressive)
            .Should().Be(("aggressive", "INTC", "buy", 200m, quote.Ask, quote.Mid, true));
        record.Session.Should().Be("FIX.4.4:VENUE->GW");
    }

    [Fact]
    public async Task A_FIX_42_session_gets_42_exec_types_and_ExecTransType()
    {
        var clock = Clock();
        await using var venue = new VenueSimulator(Options(), clock);
        await venue.StartAsync();
        await using var client = await new FixClient(venue.LocalEndPoint.Port, "FIX.4.2", "GW", "VENUE42").LoggedOnAsync();

        client.Send(FixClient.Order("sell", '2', 50, null));
        await client.WaitForReports(2, "New and Fill");

        var reports = client.For("sell");
        reports.Select(r => (r[Tags.ExecType], r[Tags.OrdStatus])).Should().Equal(("0", "0"), ("2", "2"));
        reports.Should().AllSatisfy(r => r[ExecTransType].Should().Be("0"));
        reports[1].Decimal(Tags.LastPx).Should().Be(venue.Quote("INTC").Bid, "a market sell fills at the bid");
    }

    [Fact]
    public async Task Unknown_symbols_and_bad_quantities_are_rejected_with_Text()
    {
        await using var venue = new VenueSimulator(Options(), Clock());
        await venue.StartAsync();
        await using var client = await new FixClient(venue.LocalEndPoint.Port).LoggedOnAsync();

        client.Send(FixClient.Order("nosym", '1', 100, 10m, symbol: "NOPE"));
        client.Send(FixClient.Order("zero", '1', 0, 10m));
        client.Send(FixClient.Order("offgrid", '1', 10, 10.001m));
        await client.WaitForReports(3, "three rejects");

        var nosym = client.For("nosym").Single();
        (nosym[Tags.ExecType], nosym[Tags.OrdStatus], nosym[OrdRejReason]).Should().Be(("8", "8", "1"));
        nosym[Tags.Text].Should().Contain("unknown symbol 'NOPE'");
        client.For("zero").Single()[Tags.Text].Should().Contain("bad quantity");
        client.For("offgrid").Single()[Tags.Text].Should().Contain("tick size");
        venue.OrdersRejected.Should().Be(3);
    }

    [Fact]
    public async Task The_rate_limit_rejects_the_excess_with_Text_and_refills_with_time()
    {
        var clock = Clock();
        await using var venue = new VenueSimulator(Options(o => o.MaxOrdersPerSecond = 3), clock);
        await venue.StartAsync();
        await using var client = await new FixClient(venue.LocalEndPoint.Port).LoggedOnAsync();

        for (var i = 0; i < 5; i++)
        {
            client.Send(FixClient.Order($"o{i}", '1', 10, 20m));
        }

        await client.WaitForReports(5, "five answers");
        var answers = Enumerable.Range(0, 5).Select(i => client.For($"o{i}").Single()).ToList();
        answers.Take(3).Should().AllSatisfy(r => r[Tags.ExecType].Should().Be("0"));
        answers.Skip(3).Should().AllSatisfy(r =>
        {
            r[Tags.ExecType].Should().Be("8");
            r[Tags.Text].Should().Contain("rate limit");
        });
        venue.OrdersRateLimited.Should().Be(2);

        clock.Advance(TimeSpan.FromSeconds(1));
        client.Send(FixClient.Order("later", '1', 10, 20m));
        await client.WaitForReports(6, "the answer to the later order");
        client.For("later").Single()[Tags.ExecType].Should().Be("0", "a second later the bucket has refilled");
    }

    [Fact]
    public async Task A_resting_order_is_canceled_and_a_cancel_for_an_unknown_order_is_refused()
    {
        await using var venue = new VenueSimulator(Options(), Clock());
        await venue.StartAsync();
        await using var client = await new FixClient(venue.LocalEndPoint.Port).LoggedOnAsync();

        client.Send(FixClient.Order("rest", '2', 100, 35m));
        client.Send(FixClient.Cancel("rest-c", "rest", '2', 100));
        client.Send(FixClient.Cancel("ghost-c", "ghost", '2', 100));
        await VenueFixtures.WaitFor(() => client.All.Count >= 3, "three answers", context: () => string.Join(" | ", client.All));

        var canceled = client.For("rest-c").Single();
        (canceled[Tags.ExecType], canceled[Tags.OrdStatus], canceled[Tags.OrigClOrdID], canceled.Decimal(Tags.LeavesQty)).Should().Be(("4", "4", "rest", 0m));
        var refused = client.For("ghost-c").Single();
        refused.MsgType.Should().Be("9");
        refused[Tags.Text].Should().Contain("unknown order");
    }

    [Fact]
    public async Task A_resting_order_is_replaced_and_a_replace_that_would_cross_fills_at_once()
    {
        await using var venue = new VenueSimulator(Options(), Clock());
        await venue.StartAsync();
        await using var client = await new FixClient(venue.LocalEndPoint.Port).LoggedOnAsync();
        var quote = venue.Quote("INTC");

        client.Send(FixClient.Order("r1", '1', 100, quote.Bid - 0.10m));
        client.Send(Replace("r2", "r1", 60, quote.Bid - 0.05m));
        client.Send(Replace("r3", "r2", 60, quote.Ask));
        client.Send(Replace("r4", "ghost", 60, quote.Bid));
        await VenueFixtures.WaitFor(() => client.All.Count >= 5, "five answers", context: () => string.Join(" | ", client.All));

        var replaced = client.For("r2").Single();
        (replaced[Tags.ExecType], replaced[Tags.OrigClOrdID], replaced.Decimal(Tags.OrderQty), replaced.Decimal(Tags.Price)).Should().Be(("5", "r1", 60m, quote.Bid - 0.05m));
        client.For("r3").Select(r => r[Tags.ExecType]).Should().Equal("5", "F");
        client.For("r3")[1].Decimal(Tags.LastPx).Should().Be(quote.Ask);
        var refused = client.For("r4").Single();
        (refused.MsgType, refused[434]).Should().Be(("9", "2"));
    }

    private static FixMessage Replace(string clOrdId, string origClOrdId, decimal quantity, decimal price)
    {
        var replace = new FixMessage();
        replace.Header.Set(Tags.MsgType, "G");
        replace.Body.Set(Tags.OrigClOrdID, origClOrdId);
        replace.Body.Set(Tags.ClOrdID, clOrdId);
        replace.Body.Set(Tags.HandlInst, '1');
        replace.Body.Set(Tags.Symbol, "INTC");
        replace.Body.Set(Tags.Side, '1');
        replace.Body.SetTimestamp(Tags.TransactTime, DateTime.UtcNow);
        replace.Body.Set(Tags.OrderQty, quantity);
        replace.Body.Set(Tags.OrdType, '2');
        replace.Body.Set(Tags.Price, price);
        return replace;
    }

    [Fact]
    public async Task Background_volume_fills_a_resting_order_and_reports_partial_fills()
    {
        var clock = Clock();
        await using var venue = new VenueSimulator(Options(o =>
        {
            o.Symbols[0].VolumePerSecond = 400;
            o.FillModel.DisplayedSize = 100;
        }), clock);
        await venue.StartAsync();
        await using var client = await new FixClient(venue.LocalEndPoint.Port).LoggedOnAsync();
        var bid = venue.Quote("INTC").Bid;

        client.Send(FixClient.Order("join", '1', 300, bid));
        await client.WaitForReports(1, "the acknowledgement");
        clock.Advance(TimeSpan.FromSeconds(30));
        await VenueFixtures.WaitFor(() => client.For("join").Any(r => r[Tags.OrdStatus] == "2"), "the order filled by market volume", context: () => string.Join(" | ", client.All));

        var fills = client.For("join").Where(r => r[Tags.ExecType] == "F").ToList();
        fills.Should().HaveCountGreaterThan(1, "market volume arrives step by step");
        fills.Sum(f => f.Decimal(Tags.LastQty)).Should().Be(300);
        fills.Should().AllSatisfy(f => f.Decimal(Tags.LastPx).Should().Be(bid));
        fills[..^1].Should().AllSatisfy(f => f[Tags.OrdStatus].Should().Be("1"));
    }

    [Fact]
    public async Task Mid_and_fill_records_are_written_as_json_lines()
    {
        var directory = Directory.CreateTempSubdirectory("venue-records-").FullName;
        try
        {
            var clock = Clock();
            var mids = new JsonLinesRecordWriter<MidPriceRecord>(directory);
            var fills = new JsonLinesRecordWriter<VenueFillRecord>(directory);
            await using (var venue = new VenueSimulator(Options(o => o.MidRecordInterval = TimeSpan.FromSeconds(1)), clock, mids: mids, fills: fills))
            {
                await venue.StartAsync();
                await using var client = await new FixClient(venue.LocalEndPoint.Port).LoggedOnAsync();
                client.Send(FixClient.Order("take", '1', 10, null));
                await client.WaitForReports(2, "New and Fill");
                clock.Advance(TimeSpan.FromSeconds(2));
            }

            await mids.DisposeAsync();
            await fills.DisposeAsync();
            var midLines = File.ReadAllLines(Path.Combine(directory, "mid.jsonl"));
            midLines.Should().HaveCountGreaterThanOrEqualTo(6, "a record per symbol at start and at each of two seconds");
            midLines[0].Should().Contain("\"type\":\"mid\"").And.Contain("\"symbol\":\"INTC\"").And.Contain("\"mid\":30");
            var fillLine = File.ReadAllLines(Path.Combine(directory, "venue_fill.jsonl")).Should().ContainSingle().Subject;
            fillLine.Should().Contain("\"type\":\"venue_fill\"").And.Contain("\"clOrdId\":\"take\"").And.Contain("\"side\":\"buy\"").And.Contain("\"qty\":10");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
