using PortStress.Fix.Engine;
using PortStress.Testing;

namespace PortStress.Gateway.Tests.Routing;

public sealed class OrderRouterFinishedTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("router-finished-").FullName;

    private string JournalPath => Path.Combine(_dir, "orders.journal");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_finished_order_leaves_the_live_maps_once_its_final_report_is_delivered()
    {
        await using var h = await RouterHarness.StartAsync(JournalPath);
        h.SendUpstream("OMS-1", quantity: 10);
        h.SendUpstream("OMS-2", quantity: 10);
        await Eventually.WaitFor(() => h.Oms.For("OMS-1").Count == 2 && h.Oms.For("OMS-2").Count == 2, "acks and fills");

        await Eventually.WaitFor(() => h.Router.OrderCount == 0, "no live order left", context: () => $"{h.Router.OrderCount} live");
        h.Router.FinishedOrderCount.Should().Be(2);
        h.Router.FinishedClOrdIdCount.Should().Be(2);
        var order = h.Router.Find(RouterHarness.UpstreamId, "OMS-1")!;
        order.Finished.Should().BeTrue();
        order.Status.Should().Be('2');
        order.Intent.Should().BeNull("what the gate needed is let go");
        order.CumulativeQuantity.Should().Be(10);
        h.Router.Find(order.GatewayId)!.ClOrdId.Should().Be("OMS-1");
    }

    [Fact]
    public async Task Only_the_newest_finished_orders_are_held_as_records_and_every_ClOrdID_stays_known()
    {
        await using var h = await RouterHarness.StartAsync(JournalPath, finishedOrdersKept: 2);
        for (var i = 0; i < 5; i++)
        {
            h.SendUpstream($"OMS-{i}", quantity: 10);
        }

        await Eventually.WaitFor(() => h.Router.OrderCount == 0 && h.Router.FinishedClOrdIdCount == 5, "all five finished",
            context: () => $"{h.Router.OrderCount} live, {h.Router.FinishedClOrdIdCount} finished ClOrdIDs");
        h.Router.FinishedOrderCount.Should().Be(2);
        Enumerable.Range(0, 5).Count(i => h.Router.Find(RouterHarness.UpstreamId, $"OMS-{i}") is not null).Should().Be(2);
        Enumerable.Range(0, 5).Should().OnlyContain(i => h.Router.IsFinishedClOrdId(RouterHarness.UpstreamId, $"OMS-{i}"));
        h.Router.IsFinishedClOrdId(RouterHarness.UpstreamId, "OMS-5").Should().BeFalse();
    }

    [Fact]
    public async Task A_resent_finished_order_gets_its_final_status_not_a_second_venue_order()
    {
        await using var h = await RouterHarness.StartAsync(JournalPath);
        h.SendUpstream("OMS-1", quantity: 10);
        await Eventually.WaitFor(() => h.Router.OrderCount == 0 && h.Oms.For("OMS-1").Count == 2, "filled and finished");

        h.OmsSession.Send(Resent("OMS-1")).Should().Be(SendOutcome.Sent);

        await Eventually.WaitFor(() => h.Oms.For("OMS-1").Count == 3, "the status report");
        h.Oms.For("OMS-1")[2].Should().Contain("|150=I|").And.Contain("|39=2|").And.Contain("|14=10|").And.Contain("|151=0|").And.Contain("resent order");
        h.Venue.Received.Should().ContainSingle();
        h.Router.OrderCount.Should().Be(0);
    }

    [Fact]
    public async Task A_resent_finished_order_no_longer_held_whole_is_refused_and_not_routed_again()
    {
        await using var h = await RouterHarness.StartAsync(JournalPath, finishedOrdersKept: 0);
        h.SendUpstream("OMS-1", quantity: 10);
        await Eventually.WaitFor(() => h.Router.OrderCount == 0 && h.Oms.For("OMS-1").Count == 2, "filled and finished");
        h.Router.Find(RouterHarness.UpstreamId, "OMS-1").Should().BeNull("only the ClOrdID's hash is kept");

        h.OmsSession.Send(Resent("OMS-1")).Should().Be(SendOutcome.Sent);

        await Eventually.WaitFor(() => h.Oms.For("OMS-1").Count == 3, "the answer");
        h.Oms.For("OMS-1")[2].Should().Contain("|150=8|").And.Contain("|103=6|").And.Contain("has finished");
        h.Venue.Received.Should().ContainSingle();
    }

    [Theory]
    [InlineData(20_000)]
    [InlineData(0)]
    public async Task A_duplicate_ClOrdID_of_a_finished_order_is_still_rejected(int kept)
    {
        await using var h = await RouterHarness.StartAsync(JournalPath, finishedOrdersKept: kept);
        h.SendUpstream("OMS-1", quantity: 10);
        await Eventually.WaitFor(() => h.Router.OrderCount == 0 && h.Oms.For("OMS-1").Count == 2, "filled and finished");

        h.SendUpstream("OMS-1", quantity: 10);

        await Eventually.WaitFor(() => h.Oms.For("OMS-1").Count == 3, "the duplicate's reject");
        h.Oms.For("OMS-1")[2].Should().Contain("|150=8|").And.Contain("|103=6|").And.Contain("duplicate ClOrdID");
        h.Venue.Received.Should().ContainSingle();
    }

    [Fact]
    public async Task A_cancelled_order_finishes_under_every_ClOrdID_it_went_by_and_a_late_cancel_is_too_late()
    {
        await using var h = await RouterHarness.StartAsync(JournalPath, venueFills: false, finishedOrdersKept: 0);
        h.SendUpstream("OMS-1", quantity: 10);
        await Eventually.WaitFor(() => h.Oms.For("OMS-1").Count == 1, "the ack");
        h.CancelUpstream("OMS-1-X", "OMS-1");
        await Eventually.WaitFor(() => h.Oms.For("OMS-1-X").Count == 1 && h.Router.OrderCount == 0, "cancelled and finished");

        h.CancelUpstream("OMS-1-Y", "OMS-1-X");
        h.SendUpstream("OMS-1-X", quantity: 10);

        await Eventually.WaitFor(() => h.Oms.For("OMS-1-Y").Count == 1 && h.Oms.For("OMS-1-X").Count == 2, "both answers",
            context: () => string.Join("\n", h.Oms.Reports));
        h.Oms.For("OMS-1-Y")[0].Should().Contain("35=9").And.Contain("|102=0|").And.Contain("has finished");
        h.Oms.For("OMS-1-X")[1].Should().Contain("|103=6|");
        h.Venue.Received.Should().HaveCount(2, "the order and its cancel, nothing after");
    }

    [Fact]
    public async Task An_order_replaced_twice_then_cancelled_finishes_under_all_four_ClOrdIDs_before_and_after_a_restart()
    {
        await using (var first = await RouterHarness.StartAsync(JournalPath, venueFills: false, finishedOrdersKept: 0))
        {
            first.SendUpstream("OMS-1", quantity: 100);
            await Eventually.WaitFor(() => first.Oms.For("OMS-1").Count == 1, "the ack");
            first.ReplaceUpstream("OMS-2", "OMS-1", quantity: 150);
            await Eventually.WaitFor(() => first.Oms.For("OMS-2").Count == 1, "the first replace");
            first.ReplaceUpstream("OMS-3", "OMS-2", quantity: 120);
            await Eventually.WaitFor(() => first.Oms.For("OMS-3").Count == 1, "the second replace");
            first.CancelUpstream("OMS-4", "OMS-3");
            await Eventually.WaitFor(() => first.Oms.For("OMS-4").Count == 1 && first.Router.OrderCount == 0, "cancelled and finished",
                context: () => string.Join("\n", first.Oms.Reports));
            first.Router.FinishedClOrdIdCount.Should().Be(4);
            Enumerable.Range(1, 4).Should().OnlyContain(i => first.Router.IsFinishedClOrdId(RouterHarness.UpstreamId, $"OMS-{i}"));
        }

        await using var second = await RouterHarness.StartAsync(JournalPath, finishedOrdersKept: 0);
        second.Router.OrderCount.Should().Be(0);
        Enumerable.Range(1, 4).Should().OnlyContain(i => second.Router.IsFinishedClOrdId(RouterHarness.UpstreamId, $"OMS-{i}"));
    }

    [Theory]
    [InlineData(20_000)]
    [InlineData(0)]
    public async Task After_a_restart_finished_orders_are_replayed_finished_and_their_ClOrdIDs_stay_known(int kept)
    {
        await using (var first = await RouterHarness.StartAsync(JournalPath))
        {
            first.SendUpstream("OMS-1", quantity: 10);
            await Eventually.WaitFor(() => first.Router.OrderCount == 0 && first.Oms.For("OMS-1").Count == 2, "filled and finished");
        }

        await using var second = await RouterHarness.StartAsync(JournalPath, finishedOrdersKept: kept);
        second.Router.OrderCount.Should().Be(0);
        second.Router.FinishedOrderCount.Should().Be(kept == 0 ? 0 : 1);
        second.Router.IsFinishedClOrdId(RouterHarness.UpstreamId, "OMS-1").Should().BeTrue();

        second.SendUpstream("OMS-1", quantity: 10);
        await Eventually.WaitFor(() => second.Oms.For("OMS-1").Count == 1, "the duplicate's reject");
        second.Oms.For("OMS-1")[0].Should().Contain("|103=6|");
        second.Venue.Received.Should().BeEmpty();
    }

    [Fact]
    public async Task A_ClOrdID_whose_hash_went_to_disk_is_still_refused_as_a_duplicate_and_not_routed()
    {
        await using var h = await RouterHarness.StartAsync(JournalPath, finishedOrdersKept: 0, clOrdIdsInMemory: 2);
        for (var i = 0; i < 12; i++)
        {
            h.SendUpstream($"OMS-{i}", quantity: 10);
        }

        await Eventually.WaitFor(() => h.Router.OrderCount == 0 && h.Router.FinishedClOrdIdCount == 12, "all twelve finished",
            context: () => $"{h.Router.OrderCount} live, {h.Router.FinishedClOrdIdCount} finished ClOrdIDs");
        var history = h.Router.FinishedClOrdIdHistory;
        history.WaitForBackgroundWork();
        history.Spills.Should().BeGreaterThanOrEqualTo(5, "two tables of two keys hold at most four of the twelve");
        Directory.GetFiles(JournalPath + ".clordids").Should().NotBeEmpty();

        h.SendUpstream("OMS-0", quantity: 10);
        h.SendUpstream("OMS-1", quantity: 10);

        await Eventually.WaitFor(() => h.Oms.For("OMS-0").Count == 3 && h.Oms.For("OMS-1").Count == 3, "the duplicates' rejects");
        h.Oms.For("OMS-0")[2].Should().Contain("|150=8|").And.Contain("|103=6|").And.Contain("duplicate ClOrdID");
        h.Oms.For("OMS-1")[2].Should().Contain("|103=6|");
        h.Venue.Received.Should().HaveCount(12, "the duplicates never reach the venue");
        h.Router.IsFinishedClOrdId(RouterHarness.UpstreamId, "OMS-12").Should().BeFalse();
        h.Router.IsFinishedClOrdId(new PortStress.Fix.Engine.SessionId("FIX.4.4", "GW", "OMS2"), "OMS-0").Should().BeFalse("ClOrdIDs are per session");
    }

    [Fact]
    public async Task A_router_reopened_on_the_journal_still_refuses_ClOrdIDs_that_had_gone_to_disk()
    {
        await using (var first = await RouterHarness.StartAsync(JournalPath, finishedOrdersKept: 0, clOrdIdsInMemory: 2))
        {
            for (var i = 0; i < 10; i++)
            {
                first.SendUpstream($"OMS-{i}", quantity: 10);
            }

            await Eventually.WaitFor(() => first.Router.OrderCount == 0 && first.Router.FinishedClOrdIdCount == 10, "all ten finished");
        }

        Directory.Exists(JournalPath + ".clordids").Should().BeFalse("the scratch directory goes with the router");

        await using var second = await RouterHarness.StartAsync(JournalPath, finishedOrdersKept: 0, clOrdIdsInMemory: 2);
        second.Router.FinishedClOrdIdCount.Should().Be(10, "the replay adds every finished ClOrdID again");
        second.Router.FinishedClOrdIdHistory.WaitForBackgroundWork();
        second.Router.FinishedClOrdIdHistory.Spills.Should().BePositive();
        Enumerable.Range(0, 10).Should().OnlyContain(i => second.Router.IsFinishedClOrdId(RouterHarness.UpstreamId, $"OMS-{i}"));

        second.SendUpstream("OMS-3", quantity: 10);
        await Eventually.WaitFor(() => second.Oms.For("OMS-3").Count == 1, "the duplicate's reject");
        second.Oms.For("OMS-3")[0].Should().Contain("|103=6|");
        second.Venue.Received.Should().BeEmpty();
    }

    private static PortStress.Fix.Protocol.FixMessage Resent(string clOrdId)
    {
        var resent = UpstreamMessages.Order(clOrdId, 10, 10.5m);
        resent.Header.Set(97, 'Y');
        return resent;
    }
}
