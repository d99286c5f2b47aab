using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using PortStress.Fix.Engine;
using PortStress.Gateway.Hosting;
using PortStress.Testing;
using PortStress.Venue;

namespace PortStress.Gateway.Tests.Hosting;

/// <summary>The run host in process on loopback: our engine as the upstream order manager, the gateway, the venue simulator.</summary>
[Collection(GatewayHostCollection.Name)]
public sealed class GatewayHostTests : IAsyncLifetime
{
    private VenueSimulator _venue = null!;
    private GatewayConfigDir _config = null!;

    public async Task InitializeAsync()
    {
        _venue = await GatewayConfigDir.StartVenueAsync(seed: 3);
        _config = new GatewayConfigDir(_venue.LocalEndPoint.Port, upstreamPort: FreePort());
    }

    public async Task DisposeAsync()
    {
        await _venue.DisposeAsync();
        _config.Dispose();
    }

    [Fact]
    public async Task Orders_replaces_and_cancels_flow_through_the_gateway_to_the_venue_and_reports_come_back()
    {
        await using var gateway = await StartGatewayAsync();
        await using var oms = await UpstreamClient.ConnectAsync(gateway.UpstreamEndPoints[0].Port);
        gateway.AdminAddresses.Should().ContainSingle().Which.Should().StartWith("http://127.0.0.1:");

        oms.Send(UpstreamMessages.Order("OMS-1", 100, price: null));
        oms.Send(UpstreamMessages.Order("OMS-2", 100, price: 1m));
        oms.Send(UpstreamMessages.Order("OMS-X", 100, price: 1m, exDestination: "NOWHERE"));

        await Eventually.WaitFor(() => oms.For("OMS-1").Any(r => r.Contains("|39=2|", StringComparison.Ordinal)), "the market order filled",
            context: () => string.Join("\n", oms.Reports));
        await Eventually.WaitFor(() => oms.For("OMS-2").Count == 1 && oms.For("OMS-X").Count == 1, "the resting order acknowledged, the unroutable one rejected");
        oms.For("OMS-2")[0].Should().Contain("|150=0|");
        oms.For("OMS-X")[0].Should().Contain("|150=8|").And.Contain("unknown ExDestination 'NOWHERE'");

        oms.Send(UpstreamMessages.Replace("OMS-3", "OMS-2", 50, 1.01m));
        await Eventually.WaitFor(() => oms.For("OMS-3").Count == 1, "the replace answered", context: () => string.Join("\n", oms.Reports));
        oms.For("OMS-3")[0].Should().Contain("|150=5|").And.Contain("|41=OMS-2|").And.Contain("|38=50|").And.Contain("|44=1.01|");

        oms.Send(UpstreamMessages.Cancel("OMS-4", "OMS-3", 50));
        await Eventually.WaitFor(() => oms.For("OMS-4").Count == 1, "the cancel answered", context: () => string.Join("\n", oms.Reports));
        oms.For("OMS-4")[0].Should().Contain("|150=4|").And.Contain("|41=OMS-3|").And.Contain("|39=4|");
        _venue.OrdersReceived.Should().Be(2);

        // The run host serves the admin API and the metrics scrape on its loopback endpoint.
        using var http = new HttpClient { BaseAddress = new Uri(gateway.AdminAddresses[0]) };
        (await http.GetStringAsync(new Uri("/admin/sessions", UriKind.Relative))).Should().Contain("OMS").And.Contain("VENUE");
        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        metrics.Should().Contain("portstress_control_state").And.Contain("portstress_fix_messages_sent_total").And.Contain("portstress_gate_outcomes_total");
        (await http.PostAsync(new Uri("/admin/shadow", UriKind.Relative), JsonContent.Create(new { enabled = true }))).StatusCode
            .Should().Be(HttpStatusCode.Forbidden, "no admin token is configured, so every write is refused");
    }

    [Fact]
    public async Task An_order_status_request_over_the_session_is_answered_with_the_order_state_or_unknown()
    {
        await using var gateway = await StartGatewayAsync();
        await using var oms = await UpstreamClient.ConnectAsync(gateway.UpstreamEndPoints[0].Port);
        oms.Send(UpstreamMessages.Order("OMS-1", 100, price: null));
        await Eventually.WaitFor(() => oms.For("OMS-1").Any(r => r.Contains("|39=2|", StringComparison.Ordinal)), "the market order filled",
            context: () => string.Join("\n", oms.Reports));
        var before = oms.For("OMS-1").Count;

        // The project's own FIX44 dictionary defines H, so the session accepts it and the router answers.
        oms.Send(UpstreamMessages.StatusRequest("OMS-1"));
        oms.Send(UpstreamMessages.StatusRequest("NO-SUCH"));

        await Eventually.WaitFor(() => oms.For("OMS-1").Count == before + 1 && oms.For("NO-SUCH").Count == 1, "both status answers",
            context: () => string.Join("\n", oms.Reports));
        oms.For("OMS-1")[^1].Should().Contain("|150=I|").And.Contain("|39=2|").And.Contain("|14=100|");
        oms.For("NO-SUCH")[0].Should().Contain("|150=I|").And.Contain("|39=8|").And.Contain("unknown order 'NO-SUCH'");
        oms.Reports.Should().NotContain(r => r.Contains("|35=j|", StringComparison.Ordinal), "no business reject");
        _venue.OrdersReceived.Should().Be(1, "a status request is answered by the gateway, not sent on");
    }

    [Fact]
    public async Task A_graceful_stop_logs_every_session_out_and_a_restart_resumes_sequence_numbers_and_orders()
    {
        var gateway = await StartGatewayAsync();
        var port = gateway.UpstreamEndPoints[0].Port;
        await using var oms = await UpstreamClient.ConnectAsync(port);
        oms.Send(UpstreamMessages.Order("OMS-1", 100, price: null));
        oms.Send(UpstreamMessages.Order("OMS-2", 100, price: 1m));
        await Eventually.WaitFor(() => oms.For("OMS-1").Any(r => r.Contains("|39=2|", StringComparison.Ordinal)) && oms.For("OMS-2").Count == 1, "filled and acknowledged");
        var gatewaySent = gateway.Engine.Sessions.Single(s => s.Id.TargetCompId == "OMS").NextSenderSeqNum;

        await gateway.StopAsync();
        await gateway.DisposeAsync();

        oms.Logouts.Should().BeGreaterThan(0, "the gateway logged the upstream session out");
        _venue.Sessions.Should().OnlyContain(s => !s.IsLoggedOn, "the gateway logged its venue sessions out");

        await using var restarted = await StartGatewayAsync();
        await Eventually.WaitFor(() => oms.Logons == 2 && oms.Session.IsLoggedOn, "the upstream session logged on again");
        restarted.Engine.Sessions.Single(s => s.Id.TargetCompId == "OMS").NextSenderSeqNum.Should().BeGreaterThanOrEqualTo(gatewaySent, "the store kept the sequence");
        restarted.Router.Find(new SessionId("FIX.4.4", "GW", "OMS"), "OMS-1")!.Status.Should().Be('2');

        // The order resting from before the restart is still known: cancelled under the venue session it went out on.
        oms.Send(UpstreamMessages.Cancel("OMS-2-X", "OMS-2", 100));
        oms.Send(UpstreamMessages.Order("OMS-3", 10, price: null));
        await Eventually.WaitFor(() => oms.For("OMS-2-X").Count == 1 && oms.For("OMS-3").Any(r => r.Contains("|39=2|", StringComparison.Ordinal)),
            "a cancel of the old order and a new order after the restart", context: () => string.Join("\n", oms.Reports));
        oms.For("OMS-2-X")[0].Should().Contain("|150=4|");
    }

    [Fact]
    public async Task A_graceful_stop_rejects_what_the_gate_still_holds_upstream_before_logging_out()
    {
        // One message per second at the venue: the first order goes, the others wait in the gate's pacing queue.
        _config.PortStress["Gate"] = new System.Text.Json.Nodes.JsonObject
        {
            ["Venues"] = new System.Text.Json.Nodes.JsonObject { ["XNAS"] = new System.Text.Json.Nodes.JsonObject { ["MessagesPerSecond"] = 1, ["MessageBurst"] = 1 } },
        };
        var gateway = await StartGatewayAsync();
        await using var oms = await UpstreamClient.ConnectAsync(gateway.UpstreamEndPoints[0].Port);
        var ids = Enumerable.Range(0, 6).Select(i => $"OMS-{i}").ToList();
        foreach (var id in ids)
        {
            oms.Send(UpstreamMessages.Order(id, 10, price: 1m));
        }

        await Eventually.WaitFor(() => ids.All(id => oms.For(id).Count > 0), "every order answered (acknowledged or pending)", context: () => string.Join("\n", oms.Reports));
        oms.For(ids[^1])[0].Should().Contain("|150=A|", "five seconds of pacing are ahead of it");

        await gateway.StopAsync();
        await gateway.DisposeAsync();

        // Every order ends accounted for upstream: at the venue (acknowledged) or rejected before the logout.
        var rejected = ids.Where(id => oms.For(id).Last().Contains("|150=8|", StringComparison.Ordinal)).ToList();
        rejected.Should().Contain(ids[^1]);
        rejected.Should().OnlyContain(id => oms.For(id).Last().Contains("ShuttingDown", StringComparison.Ordinal));
        ids.Except(rejected).Should().OnlyContain(id => oms.For(id).Any(r => r.Contains("|150=0|", StringComparison.Ordinal)));
        _venue.OrdersReceived.Should().Be(ids.Count - rejected.Count);
        oms.Logouts.Should().BeGreaterThan(0);
    }

    [Fact]
    public void The_run_command_exits_1_naming_the_problem_when_the_upstream_port_is_taken()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        _config.Upstream["SocketAcceptPort"] = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exit, _, error) = CommandRunner.Run("run", "--config", _config.Write());

        exit.Should().Be(1, error);
        error.Should().StartWith("run: cannot start: ").And.NotContain("   at ");
    }

    private async Task<GatewayHost> StartGatewayAsync()
    {
        var gateway = GatewayHost.CreateBuilder(_config.Write()).Build();
        await gateway.StartAsync();
        await Eventually.WaitFor(() => gateway.Engine.InitiatorSessions.All(s => s.Session.IsLoggedOn), "the venue sessions logged on");
        return gateway;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
