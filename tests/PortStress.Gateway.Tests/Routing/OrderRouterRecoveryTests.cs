using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;
using PortStress.Gateway.Routing;
using PortStress.Testing;

namespace PortStress.Gateway.Tests.Routing;

public sealed class OrderRouterRecoveryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("router-recovery-").FullName;

    private string JournalPath => Path.Combine(_dir, "orders.journal");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_resent_order_gets_its_status_and_is_not_routed_again()
    {
        await using var h = await RouterHarness.StartAsync(JournalPath);
        h.SendUpstream("OMS-1", quantity: 10);
        await Eventually.WaitFor(() => h.Oms.For("OMS-1").Count == 2, "ack and fill");

        var resent = UpstreamMessages.Order("OMS-1", 10, 10.5m);
        resent.Header.Set(97, 'Y');
        h.OmsSession.Send(resent).Should().Be(SendOutcome.Sent);

        await Eventually.WaitFor(() => h.Oms.For("OMS-1").Count == 3, "the status report");
        h.Oms.For("OMS-1")[2].Should().Contain("|150=I|").And.Contain("|39=2|").And.Contain("|14=10|").And.Contain("resent order");
        h.Venue.Received.Should().ContainSingle();
    }

    [Fact]
    public async Task A_status_request_is_answered_with_the_order_status_and_an_unsupported_message_is_refused_to_the_engine()
    {
        await using var h = await RouterHarness.StartAsync(JournalPath, venueFills: false);
        h.SendUpstream("OMS-1", quantity: 10);
        await Eventually.WaitFor(() => h.Oms.For("OMS-1").Count == 1, "the ack");

        // (Straight into the router; GatewayHostTests sends it over a session with the project's dictionary.)
        h.Router.OnUpstream(UpstreamMessages.StatusRequest("OMS-1"), RouterHarness.UpstreamId);
        h.Router.OnUpstream(UpstreamMessages.StatusRequest("NO-SUCH"), RouterHarness.UpstreamId);
        var news = new FixMessage();
        news.Header.Set(Tags.MsgType, "B");

        await Eventually.WaitFor(() => h.Oms.For("OMS-1").Count == 2 && h.Oms.For("NO-SUCH").Count == 1, "both status answers", context: () => string.Join("\n", h.Oms.Reports));
        h.Oms.For("OMS-1")[1].Should().Contain("|150=I|").And.Contain("|39=0|");
        h.Oms.For("NO-SUCH")[0].Should().Contain("|150=I|").And.Contain("|39=8|").And.Contain("unknown order");
        h.Router.Invoking(r => r.OnUpstream(news, RouterHarness.UpstreamId)).Should().Throw<UnsupportedMessageTypeException>("the engine answers it with a BusinessMessageReject");
    }

    [Fact]
    public async Task A_duplicate_ClOrdID_that_is_not_a_resend_is_rejected_as_a_duplicate_and_the_order_is_untouched()
    {
        await using var h = await RouterHarness.StartAsync(JournalPath, venueFills: false);
        h.SendUpstream("OMS-1", quantity: 10);
        await Eventually.WaitFor(() => h.Oms.For("OMS-1").Count == 1, "the ack");

        h.SendUpstream("OMS-1", quantity: 10);

        await Eventually.WaitFor(() => h.Oms.For("OMS-1").Count == 2, "the duplicate's reject");
        h.Oms.For("OMS-1")[1].Should().Contain("|150=8|").And.Contain("|103=6|").And.Contain("duplicate ClOrdID");
        h.Router.Find(RouterHarness.UpstreamId, "OMS-1")!.Status.Should().Be('0');
        h.Venue.Received.Should().ContainSingle();
    }

    [Fact]
    public async Task After_a_restart_an_order_no_venue_store_holds_is_sent_once_its_venue_logs_on()
    {
        await using (var first = await RouterHarness.StartAsync(JournalPath))
        {
            first.Gate.Hold = true;
            first.SendUpstream("OMS-H", quantity: 30);
            await Eventually.WaitFor(() => first.Oms.For("OMS-H").Count == 1, "pending new");
        }

        await using var second = await RouterHarness.StartAsync(JournalPath);
        second.Router.Recover(_ => new HashSet<long>()).Should().Be(1);
        second.Router.OnVenueLogon("XNAS");

        await Eventually.WaitFor(() => second.Oms.For("OMS-H").Any(r => r.Contains("|39=2|", StringComparison.Ordinal)), "filled after the restart",
            context: () => string.Join("\n", second.Oms.Reports));
        second.Venue.Received.Should().ContainSingle().Which.Should().Contain("|38=30|");
    }

    [Fact]
    public async Task After_a_restart_an_order_a_venue_store_holds_is_not_sent_again_and_unreported_state_is_reported()
    {
        long gatewayId;
        await using (var first = await RouterHarness.StartAsync(JournalPath))
        {
            first.Gate.Hold = true;
            first.SendUpstream("OMS-S", quantity: 30);
            await Eventually.WaitFor(() => first.Oms.For("OMS-S").Count == 1, "pending new");
            gatewayId = first.Router.Find(RouterHarness.UpstreamId, "OMS-S")!.GatewayId;
        }

        await using var second = await RouterHarness.StartAsync(JournalPath);
        second.Router.Recover(_ => new HashSet<long> { gatewayId }).Should().Be(0);
        second.Router.OnVenueLogon("XNAS");

        second.Router.Find(gatewayId)!.Sent.Should().BeTrue();
        second.Venue.Received.Should().BeEmpty();
    }

    [Fact]
    public async Task After_a_restart_a_cancel_that_never_reached_the_venue_is_answered_with_a_cancel_reject()
    {
        await using (var first = await RouterHarness.StartAsync(JournalPath, venueFills: false))
        {
            first.SendUpstream("OMS-C", quantity: 30);
            await Eventually.WaitFor(() => first.Oms.For("OMS-C").Count == 1, "the ack");
            first.CancelUpstream("OMS-C-X", "OMS-C");
            await Eventually.WaitFor(() => first.Oms.For("OMS-C-X").Count == 1, "the cancel");
        }

        // Pretend the cancel's answer was lost and no store holds the cancel: a journal with the request pending.
        var lines = File.ReadAllLines(JournalPath).Where(l => !l.Contains("\"clOrdId\":\"OMS-C-X\"", StringComparison.Ordinal) || l.Contains("\"e\":\"request\"", StringComparison.Ordinal));
        File.WriteAllLines(JournalPath, lines);
        await using var second = await RouterHarness.StartAsync(JournalPath, venueFills: false);
        var order = second.Router.Find(RouterHarness.UpstreamId, "OMS-C")!;
        order.Pending.Should().NotBeNull();

        second.Router.Recover(_ => new HashSet<long> { order.GatewayId });

        await Eventually.WaitFor(() => second.Oms.For("OMS-C-X").Count == 1, "the cancel reject");
        second.Oms.For("OMS-C-X")[0].Should().Contain("|35=9|").And.Contain("|41=OMS-C|").And.Contain("send it again");
        order.Pending.Should().BeNull();
    }
}
