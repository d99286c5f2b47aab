using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;
using PortStress.Testing;
using Xunit.Abstractions;

namespace PortStress.Gateway.Tests.Hosting;

/// <summary>
/// kill -9 of the gateway process mid-stream, then a restart with the same config, stores and journal: no upstream
/// order reaches the venue twice as a new order, and every upstream order ends filled upstream.
/// </summary>
public sealed partial class GatewayKillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Orders = 240;
    private RecordingVenue _venue = null!;
    private GatewayConfigDir _config = null!;

    public async Task InitializeAsync()
    {
        _venue = new RecordingVenue();
        await _venue.StartAsync();
        _config = new GatewayConfigDir(_venue.Port, upstreamPort: FreePort(), flushPolicy: "EveryMessage");
        ((JsonObject)_config.PortStress["Gateway"]!)["FsyncJournal"] = true;
        ((JsonObject)_config.AppSettings["Logging"]!["LogLevel"]!)["PortStress.Gateway"] = "Information";
        _config.Write();
    }

    public async Task DisposeAsync()
    {
        await _venue.DisposeAsync();
        _config.Dispose();
    }

    [Fact]
    public async Task After_a_kill_9_mid_stream_and_a_restart_no_order_reaches_the_venue_twice_and_every_order_is_filled_upstream()
    {
        var first = await GatewayProcess.StartAsync(_config.Directory);
        GatewayProcess? second = null;
        try
        {
            await using var oms = await UpstreamClient.ConnectAsync(((JsonObject)_config.Upstream)["SocketAcceptPort"]!.GetValue<int>());

            var stream = Task.Run(() => StreamAsync(oms));
            await Eventually.WaitFor(() => _venue.NewOrders.Count >= Orders / 3, "a third of the orders at the venue", 60_000, first.Transcript.ToString);
            await first.KillAsync();
            var atKill = _venue.NewOrders.Count;

            second = await GatewayProcess.StartAsync(_config.Directory);
            await stream.WaitAsync(TimeSpan.FromSeconds(120));

            // The order manager resends (PossResend) every order it has no final report for; the gateway knows most of them.
            await Eventually.WaitFor(() => oms.Session.IsLoggedOn, "the upstream session logged on again", 30_000);
            var unfinished = Unfinished(oms);
            foreach (var clOrdId in unfinished)
            {
                var resend = UpstreamMessages.Order(clOrdId, 10, price: null);
                resend.Header.Set(97, 'Y');
                oms.Send(resend);
            }

            await Eventually.WaitFor(() => Unfinished(oms).Count == 0, "every upstream order filled", 60_000,
                () => $"unfinished: {string.Join(", ", Unfinished(oms).Take(20))}\n{second.Transcript}");

            _venue.NewOrders.Where(o => o.Value > 1).Should().BeEmpty("no order reaches the venue twice as a new order");
            var gatewayIds = Enumerable.Range(0, Orders).ToDictionary(i => Id(i), i => GatewayIdsFor(oms, Id(i)));
            gatewayIds.Where(g => g.Value.Count != 1).Should().BeEmpty("each upstream order became exactly one venue order");
            _venue.NewOrders.Keys.Should().BeEquivalentTo(gatewayIds.Values.Select(ids => ids.Single()), "the venue saw exactly those orders");

            output.WriteLine($"orders at the venue when killed: {atKill}; PossDup resends the venue received: {_venue.PossDupResends}; orders upstream resent with PossResend: {unfinished.Count}");
            foreach (var line in second.Output.Where(l => l.Contains("Journal replayed", StringComparison.Ordinal) || l.Contains("sent to the gate again", StringComparison.Ordinal)).Take(5))
            {
                output.WriteLine(line);
            }

            await second.TerminateAsync();
            second.ExitCode.Should().Be(0, second.Transcript);
            oms.Logouts.Should().BeGreaterThan(0);
        }
        finally
        {
            first.Dispose();
            second?.Dispose();
        }
    }

    private static string Id(int i) => $"K-{i}";

    // Sends every order once, waiting through the gateway's death for the session to log on again.
    private static async Task StreamAsync(UpstreamClient oms)
    {
        for (var i = 0; i < Orders; i++)
        {
            var order = UpstreamMessages.Order(Id(i), 10, price: null);
            while (oms.Session.Send(order) != SendOutcome.Sent)
            {
                await Eventually.WaitFor(() => oms.Session.IsLoggedOn, "the upstream session logged on", 60_000);
            }

            // Spread the stream out so the kill lands in the middle of it (load shape, not synchronization).
            await Task.Delay(2);
        }
    }

    private static List<string> Unfinished(UpstreamClient oms)
    {
        var filled = oms.Reports.Where(r => r.Contains("|39=2|", StringComparison.Ordinal))
            .Select(r => ClOrdId().Match(r).Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        return Enumerable.Range(0, Orders).Select(Id).Where(id => !filled.Contains(id)).ToList();
    }

    private static HashSet<string> GatewayIdsFor(UpstreamClient oms, string clOrdId) =>
        oms.For(clOrdId).Where(r => !r.Contains("|150=8|", StringComparison.Ordinal))
            .Select(r => OrderId().Match(r).Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"\|11=([^|]+)\|")]
    private static partial Regex ClOrdId();

    [GeneratedRegex(@"\|37=([^|]+)\|")]
    private static partial Regex OrderId();
}
