using PortStress.Gateway.Routing;
using PortStress.Testing;

namespace PortStress.Gateway.Tests.Routing;

public sealed class OrderRouterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("router-").FullName;

    private string JournalPath => Path.Combine(_dir, "orders.journal");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task An_upstream_order_reaches_the_venue_under_the_gateway_id_and_its_ack_and_fill_come_back_under_the_upstream_ClOrdID()
    {
        await using var h = await RouterHarness.StartAsync(JournalPath);

        h.SendUpstream("OMS-1", quantity: 300, price: 20.5m);

        await Eventually.WaitFor(() => h.Oms.For("OMS-1").Count == 2, "ack and fill upstream", context: () => string.Join("\n", h.Oms.Reports));
        var atVenue = h.Venue.Received.Single();
        var order = h.Router.Find(RouterHarness.UpstreamId, "OMS-1")!;
        atVenue.Should().Contain($"|11={order.GatewayId}|").And.Contain("|38=300|").And.Contain("|44=20.5|");
        var reports = h.Oms.For("OMS-1");
        reports[0].Should().Contain("|150=0|").And.Contain("|39=0|").And.Contain($"|37={order.GatewayId}|");
        reports[1].Should().Contain("|150=F|").And.Contain("|39=2|").And.Contain("|32=300|").And.Contain("|31=20.5|")
            .And.Contain("|14=300|").And.Contain("|151=0|").And.Contain("|6=20.5|");
        await Eventually.WaitFor(() => h.Gate.Events.Count == 3, "the gate told of ack, fill and done");
        h.Gate.Events.Should().Equal($"ack {order.GatewayId}", $"fill {order.GatewayId}", $"done {order.GatewayId}");
    }

    [Fact]
    public async Task Hundreds_of_orders_in_flight_while_reports_flow_back_are_all_filled_upstream()
    {
        await using var h = await RouterHarness.StartAsync(JournalPath);
        const int orders = 300;

        for (var i = 0; i < orders; i++)
            h.SendUpstream($"OMS-F{i}", quantity: 10);

        await Eventually.WaitFor(() => h.Oms.Reports.Count(r => r.Contains("|39=2|", StringComparison.Ordinal)) == orders,
            "every order filled upstream", 30_000, () => $"{h.Oms.Reports.Count} reports so far");
    }

    [Fact]
    public async Task A_trimmed_clip_is_restated_upstream_with_the_new_quantity()
    {
        await using var h = await RouterHarness.StartAsync(JournalPath);
        h.Gate.TrimFraction = 0.1m;

        h.SendUpstream("OMS-T", quantity: 100);

        await Eventually.WaitFor(() => h.Oms.For("OMS-T").Any(r => r.Contains("|39=2|", StringComparison.Ordinal)), "filled upstream");
        var reports = h.Oms.For("OMS-T");
        reports.Should().Contain(r => r.Contains("|150=D|") && r.Contains("|38=90|") && r.Contains("|378=5|") && r.Contains("trimmed by 10"));
        reports.Last().Should().Contain("|38=90|").And.Contain("|14=90|").And.Contain("|39=2|");
        h.Venue.Received.Single().Should().Contain("|38=90|");
    }

    [Fact]
    public async Task A_refusal_reaches_upstream_as_a_reject_with_the_reason_and_nothing_reaches_the_venue()
    {
        await using var h = await RouterHarness.StartAsync(JournalPath);
        h.Gate.Refuse = true;

        h.SendUpstream("OMS-R");

        await Eventually.WaitFor(() => h.Oms.For("OMS-R").Count == 1, "the reject");
        h.Oms.For("OMS-R")[0].Should().Contain("|150=8|").And.Contain("|39=8|").And.Contain("ContainmentFull");
        h.Venue.Received.Should().BeEmpty();
    }

    [Fact]
    public async Task A_held_order_is_pending_new_upstream_until_the_gate_sends_it()
    {
        await using var h = await RouterHarness.StartAsync(JournalPath);
        h.Gate.Hold = true;

        h.SendUpstream("OMS-H");
        await Eventually.WaitFor(() => h.Oms.For("OMS-H").Count == 1, "pending new");
        h.Oms.For("OMS-H")[0].Should().Contain("|150=A|").And.Contain("|39=A|");
        h.Venue.Received.Should().BeEmpty();

        h.Gate.ReleaseHeld();
        await Eventually.WaitFor(() => h.Oms.For("OMS-H").Count == 3, "new and fill after release");
        h.Oms.For("OMS-H")[2].Should().Contain("|39=2|");
    }

    [Theory]
    [InlineData("OMS-B1", 0, "MSFT", null, "positive OrderQty")]
    [InlineData("OMS-B2", 100, "MSFT", "NOWHERE", "unknown ExDestination 'NOWHERE'")]
    public async Task An_order_the_router_cannot_route_is_rejected_with_the_reason(string clOrdId, int quantity, string symbol, string? exDestination, string reason)
    {
        await using var h = await RouterHarness.StartAsync(JournalPath);

        h.SendUpstream(clOrdId, quantity: quantity, symbol: symbol, exDestination: exDestination);

        await Eventually.WaitFor(() => h.Oms.For(clOrdId).Count == 1, "the reject");
        h.Oms.For(clOrdId)[0].Should().Contain("|150=8|").And.Contain(reason);
        h.Venue.Received.Should().BeEmpty();
    }

    [Fact]
    public async Task A_cancel_goes_to_the_venue_for_the_gateway_order_and_its_answer_comes_back_under_the_cancel_ClOrdID()
    {
        await using var h = await RouterHarness.StartAsync(JournalPath, venueFills: false);
        h.SendUpstream("OMS-C");
        await Eventually.WaitFor(() => h.Oms.For("OMS-C").Count == 1, "the ack");
        var gatewayId = h.Router.Find(RouterHarness.UpstreamId, "OMS-C")!.GatewayId;

        h.CancelUpstream("OMS-C-X", "OMS-C");

        await Eventually.WaitFor(() => h.Oms.For("OMS-C-X").Count == 1, "the cancel report", context: () => string.Join("\n", h.Oms.Reports));
        h.Venue.Received.Should().Contain(m => m.Contains("|35=F|") && m.Contains($"|41={gatewayId}|"));
        h.Oms.For("OMS-C-X")[0].Should().Contain("|150=4|").And.Contain("|39=4|").And.Contain("|41=OMS-C|").And.Contain("|151=0|");
        await Eventually.WaitFor(() => h.Gate.Events.Contains($"done {gatewayId}"), "the gate told the order is done (under its own id)");
    }

    [Fact]
    public async Task A_cancel_for_an_unknown_order_is_rejected()
    {
        await using var h = await RouterHarness.StartAsync(JournalPath);

        h.CancelUpstream("OMS-U-X", "NO-SUCH");

        await Eventually.WaitFor(() => h.Oms.Reports.Any(r => r.Contains("|35=9|", StringComparison.Ordinal)), "the cancel reject");
        h.Oms.Reports.Single().Should().Contain("|11=OMS-U-X|").And.Contain("|41=NO-SUCH|").And.Contain("|102=1|").And.Contain("unknown order");
    }

    [Fact]
    public async Task After_a_restart_the_journal_restores_every_order_and_a_resent_order_is_not_routed_again()
    {
        long gatewayId;
        await using (var first = await RouterHarness.StartAsync(JournalPath))
        {
            first.Gate.TrimFraction = 0.2m;
            first.SendUpstream("OMS-J", quantity: 50);
            await Eventually.WaitFor(() => first.Oms.For("OMS-J").Any(r => r.Contains("|39=2|", StringComparison.Ordinal)), "filled");
            gatewayId = first.Router.Find(RouterHarness.UpstreamId, "OMS-J")!.GatewayId;
        }

        await using var second = await RouterHarness.StartAsync(JournalPath);
        var restored = second.Router.Find(gatewayId)!;
        restored.ClOrdId.Should().Be("OMS-J");
        restored.Quantity.Should().Be(40);
        restored.CumulativeQuantity.Should().Be(40);
        restored.Status.Should().Be('2');

        second.SendUpstream("OMS-J", quantity: 50);
        second.SendUpstream("OMS-K", quantity: 10);
        await Eventually.WaitFor(() => second.Oms.For("OMS-K").Count == 2, "the next order goes through");
        second.Venue.Received.Should().ContainSingle("the resent OMS-J is known and not sent twice");
        second.Router.Find(RouterHarness.UpstreamId, "OMS-K")!.GatewayId.Should().BeGreaterThan(gatewayId, "ids continue after the journal's last");
    }
}
