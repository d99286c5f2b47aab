using PortStress.Control;
using PortStress.Execution.Gate;
using PortStress.Gateway.Routing;
using PortStress.Testing;

namespace PortStress.Gateway.Tests.Routing;

public sealed class OrderRouterReplaceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("router-replace-").FullName;

    private string JournalPath => Path.Combine(_dir, "orders.journal");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_replace_goes_to_the_venue_under_a_new_gateway_id_and_its_answer_comes_back_under_the_upstream_ClOrdIDs()
    {
        await using var h = await RouterHarness.StartAsync(JournalPath, venueFills: false);
        var gatewayId = await WorkingOrderAsync(h, "OMS-1");

        h.ReplaceUpstream("OMS-2", "OMS-1", quantity: 150, price: 11m);

        await Eventually.WaitFor(() => h.Oms.For("OMS-2").Count == 1, "the replaced report", context: () => string.Join("\n", h.Oms.Reports));
        var atVenue = h.Venue.Received.Single(m => m.Contains("|35=G|", StringComparison.Ordinal));
        atVenue.Should().Contain($"|41={gatewayId}|").And.Contain("|38=150|").And.Contain("|44=11|").And.NotContain("|11=OMS-2|");
        h.Oms.For("OMS-2")[0].Should().Contain("|150=5|").And.Contain("|41=OMS-1|").And.Contain("|38=150|").And.Contain("|44=11|").And.Contain("|151=150|");
        var order = h.Router.Find(RouterHarness.UpstreamId, "OMS-2")!;
        order.GatewayId.Should().Be(gatewayId);
        order.Quantity.Should().Be(150);
        order.VenueClOrdId.Should().NotBe(gatewayId);

        // A cancel after the replace names the venue's current ClOrdID (the replace's), and upstream's current one.
        h.CancelUpstream("OMS-3", "OMS-2");
        await Eventually.WaitFor(() => h.Oms.For("OMS-3").Count == 1, "the cancel report");
        h.Venue.Received.Should().Contain(m => m.Contains("|35=F|") && m.Contains($"|41={order.VenueClOrdId}|"));
        h.Oms.For("OMS-3")[0].Should().Contain("|150=4|").And.Contain("|41=OMS-2|");
        await Eventually.WaitFor(() => h.Gate.Events.Contains($"done {gatewayId}"), "the gate told the order is done, under its own id");
    }

    [Fact]
    public async Task A_replace_the_venue_rejects_comes_back_as_a_cancel_reject_and_the_order_is_unchanged()
    {
        await using var h = await RouterHarness.StartAsync(JournalPath, venueFills: false);
        await WorkingOrderAsync(h, "OMS-1");
        h.Venue.RejectReplaces = true;

        h.ReplaceUpstream("OMS-2", "OMS-1", quantity: 80);

        await Eventually.WaitFor(() => h.Oms.Reports.Any(r => r.Contains("|35=9|", StringComparison.Ordinal)), "the cancel reject");
        h.Oms.Reports.Single(r => r.Contains("|35=9|", StringComparison.Ordinal)).Should()
            .Contain("|11=OMS-2|").And.Contain("|41=OMS-1|").And.Contain("|434=2|").And.Contain("|102=2|").And.Contain("venue says no");
        var order = h.Router.Find(RouterHarness.UpstreamId, "OMS-1")!;
        order.Quantity.Should().Be(100);
        order.Pending.Should().BeNull();
        h.Router.Find(RouterHarness.UpstreamId, "OMS-2").Should().BeNull();

        // Nothing pending any more: the next replace goes.
        h.Venue.RejectReplaces = false;
        h.ReplaceUpstream("OMS-4", "OMS-1", quantity: 80);
        await Eventually.WaitFor(() => h.Oms.For("OMS-4").Count == 1, "the second replace accepted");
        h.Oms.For("OMS-4")[0].Should().Contain("|150=5|").And.Contain("|38=80|");
    }

    [Fact]
    public async Task A_replace_the_venue_rejects_with_an_execution_report_fails_the_request_not_the_order()
    {
        await using var h = await RouterHarness.StartAsync(JournalPath, venueFills: false);
        var gatewayId = await WorkingOrderAsync(h, "OMS-1");
        h.Venue.RejectReplacesWithReport = true;

        h.ReplaceUpstream("OMS-2", "OMS-1", quantity: 80);

        await Eventually.WaitFor(() => h.Oms.For("OMS-2").Count == 1, "the cancel reject");
        h.Oms.For("OMS-2")[0].Should().Contain("|35=9|").And.Contain("|41=OMS-1|").And.Contain("|434=2|").And.Contain("replace not allowed");
        h.Router.Find(gatewayId)!.Status.Should().Be('0', "the order itself stands");
        h.Gate.Events.Should().NotContain($"reject {gatewayId}");
    }

    [Fact]
    public async Task A_replace_of_an_unknown_order_is_rejected_and_nothing_reaches_the_venue()
    {
        await using var h = await RouterHarness.StartAsync(JournalPath);

        h.ReplaceUpstream("OMS-X", "NO-SUCH", quantity: 10);

        await Eventually.WaitFor(() => h.Oms.Reports.Any(r => r.Contains("|35=9|", StringComparison.Ordinal)), "the cancel reject");
        h.Oms.Reports.Single().Should().Contain("|11=OMS-X|").And.Contain("|41=NO-SUCH|").And.Contain("|434=2|").And.Contain("|102=1|").And.Contain("unknown order");
        h.Venue.Received.Should().BeEmpty();
    }

    [Fact]
    public async Task A_replace_raising_the_quantity_of_a_non_urgent_order_under_containment_is_refused_with_the_reason()
    {
        var red = new FixedSnapshots(StressState.Red, new ExecutionParameters { ContainNonUrgent = true, ClipTrim = 0.25 });
        await using var h = await RouterHarness.StartAsync(JournalPath, venueFills: false, replacePolicy: new ReplacePolicy(red, new GateOptions()));
        await WorkingOrderAsync(h, "OMS-1");

        h.ReplaceUpstream("OMS-2", "OMS-1", quantity: 200);
        h.ReplaceUpstream("OMS-3", "OMS-1", quantity: 60, price: 10m);

        await Eventually.WaitFor(() => h.Oms.For("OMS-2").Count == 1 && h.Oms.For("OMS-3").Count == 1, "both answers");
        h.Oms.For("OMS-2")[0].Should().Contain("|35=9|").And.Contain("|434=2|").And.Contain("contained under Red");
        h.Oms.For("OMS-3")[0].Should().Contain("|150=5|").And.Contain("|38=60|", "a lower quantity takes risk away and passes");
        h.Venue.Received.Count(m => m.Contains("|35=G|", StringComparison.Ordinal)).Should().Be(1);
    }

    [Fact]
    public async Task A_replace_raising_the_quantity_under_a_clip_trim_has_its_increase_trimmed_and_upstream_is_told()
    {
        var yellow = new FixedSnapshots(StressState.Yellow, new ExecutionParameters { ClipTrim = 0.1 });
        await using var h = await RouterHarness.StartAsync(JournalPath, venueFills: false, replacePolicy: new ReplacePolicy(yellow, new GateOptions()));
        await WorkingOrderAsync(h, "OMS-1");

        h.ReplaceUpstream("OMS-2", "OMS-1", quantity: 200);

        await Eventually.WaitFor(() => h.Oms.For("OMS-2").Count == 1, "the replaced report");
        h.Venue.Received.Single(m => m.Contains("|35=G|", StringComparison.Ordinal)).Should().Contain("|38=190|");
        h.Oms.For("OMS-2")[0].Should().Contain("|150=5|").And.Contain("|38=190|").And.Contain("increase trimmed by 10");
    }

    [Fact]
    public async Task A_replace_survives_a_restart_in_the_journal()
    {
        long venueClOrdId;
        await using (var first = await RouterHarness.StartAsync(JournalPath, venueFills: false))
        {
            await WorkingOrderAsync(first, "OMS-1");
            first.ReplaceUpstream("OMS-2", "OMS-1", quantity: 150, price: 12m);
            await Eventually.WaitFor(() => first.Oms.For("OMS-2").Count == 1, "the replaced report");
            venueClOrdId = first.Router.Find(RouterHarness.UpstreamId, "OMS-2")!.VenueClOrdId;
        }

        await using var second = await RouterHarness.StartAsync(JournalPath, venueFills: false);
        var restored = second.Router.Find(RouterHarness.UpstreamId, "OMS-2")!;
        restored.Should().BeSameAs(second.Router.Find(RouterHarness.UpstreamId, "OMS-1"));
        restored.OrigClOrdId.Should().Be("OMS-1");
        restored.Quantity.Should().Be(150);
        restored.LimitPrice.Should().Be(12m);
        restored.VenueClOrdId.Should().Be(venueClOrdId);
        restored.Pending.Should().BeNull();
    }

    private static async Task<long> WorkingOrderAsync(RouterHarness h, string clOrdId)
    {
        h.SendUpstream(clOrdId, quantity: 100);
        await Eventually.WaitFor(() => h.Oms.For(clOrdId).Count == 1, "the ack");
        return h.Router.Find(RouterHarness.UpstreamId, clOrdId)!.GatewayId;
    }

    private sealed class FixedSnapshots(StressState state, ExecutionParameters parameters) : IControlSnapshotSource
    {
        public ControlSnapshot Current { get; } = new(1, state, parameters, false, 0.9, default, 0);

        public event Action<ControlSnapshot>? Published
        {
            add { }
            remove { }
        }
    }
}
