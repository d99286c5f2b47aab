using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PortStress.Fix.Protocol.Dictionary;
using Xunit.Abstractions;

namespace PortStress.Gateway.E2E.Tests;

/// <summary>
/// Issue 6, end to end in a network namespace (128-port ephemeral range, <c>tcp_tw_reuse=0</c>, TIME_WAIT capped at 16):
/// <c>portstress run</c> (the gateway), two <c>portstress venue</c> simulators and <c>portstress churn</c> run inside it as
/// child processes; the test process is the upstream order manager, on the root side of a veth pair. The churn exhausts
/// the range towards both venues (real EADDRNOTAVAIL, real TIME_WAIT); the session to venue VB is dropped, so the
/// gateway's own reconnects fail for real and CFR climbs; the session to venue VA, already logged on, is the pinned
/// one the orders go out on.
/// </summary>
public sealed partial class PortExhaustionEndToEndTests(ITestOutputHelper output)
{
    private const int PortLow = 40000;
    private const int PortHigh = 40127;
    private const int MaxTimeWait = 16;
    private static readonly TimeSpan RedWithin = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StepDownWithin = TimeSpan.FromSeconds(30);
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    [E2EFact]
    public async Task Churn_drives_the_gateway_to_red_the_pinned_session_stays_up_held_orders_are_released_and_every_order_is_accounted_for()
    {
        var work = Directory.CreateTempSubdirectory("portstress-e2e-").FullName;
        var passed = false;
        using var ns = TestNamespace.Create(PortLow, PortHigh, MaxTimeWait);
        Log($"namespace {ns.Name}: range {ns.ReadSysctl("net.ipv4.ip_local_port_range")}, tcp_tw_reuse {ns.ReadSysctl("net.ipv4.tcp_tw_reuse")}, "
            + $"tcp_max_tw_buckets {ns.ReadSysctl("net.ipv4.tcp_max_tw_buckets")}; veth {ns.HostAddress} <-> {ns.Address}; files in {work}");
        try
        {
            await RunScenarioAsync(ns, work);
            passed = true;
        }
        finally
        {
            if (passed && Environment.GetEnvironmentVariable("PORTSTRESS_E2E_KEEP") != "1")
                Directory.Delete(work, recursive: true);
            else
                Log($"kept for inspection: {work} (process logs, the gateway's config dir and records; PORTSTRESS_E2E_KEEP=1 keeps them after a pass too)");
        }
    }

    private async Task RunScenarioAsync(TestNamespace ns, string work)
    {
        var fixspec = Path.Combine(AppContext.BaseDirectory, "fixspec");
        var records = ScenarioFiles.Render(work, ns.Address, fixspec);
        var configDir = Path.Combine(work, "gateway");
        var transitionsPath = Path.Combine(records, "transitions.jsonl");
        var ticksPath = Path.Combine(records, "ticks.jsonl");

        // 1. Venues, then the gateway, all inside the namespace.
        var venueA = ns.Start("venue VA", Path.Combine(work, "venue-a.log"), Tools.Dotnet, Tools.Portstress, "venue",
            "--config", Path.Combine(work, "venue-a.json"));
        var venueB = ns.Start("venue VB", Path.Combine(work, "venue-b.log"), Tools.Dotnet, Tools.Portstress, "venue",
            "--config", Path.Combine(work, "venue-b.json"));
        await venueA.WaitForLineAsync(l => l.StartsWith("venue listening", StringComparison.Ordinal), "'venue listening'", TimeSpan.FromSeconds(20));
        await venueB.WaitForLineAsync(l => l.StartsWith("venue listening", StringComparison.Ordinal), "'venue listening'", TimeSpan.FromSeconds(20));
        var gateway = ns.Start("gateway", Path.Combine(work, "gateway.log"), Tools.Dotnet, Tools.Portstress, "run", "--config", configDir);
        Log("venues listening; gateway starting");

        // 2. The gateway's two venue sessions connect from the namespace's ephemeral range.
        var pinned = await WaitForSingleSocketAsync(ns, gateway, ScenarioFiles.VenueAPort, "the gateway's session to VA");
        var sessionB = await WaitForSingleSocketAsync(ns, gateway, ScenarioFiles.VenueBPort, "the gateway's session to VB");
        Log($"venue sessions connected: VA from :{pinned.LocalPort} (socket ino {pinned.Inode}, the pinned one), VB from :{sessionB.LocalPort}");

        // 3. The order manager logs on through the veth pair and sends calm orders: each is acknowledged.
        var dictionary = DataDictionary.Load(Path.Combine(fixspec, "FIX44.xml"));
        await using var upstream = new UpstreamOrderManager(ns.Address, ScenarioFiles.UpstreamPort, ScenarioFiles.UpstreamCompId, ScenarioFiles.GatewayCompId, dictionary);
        await upstream.StartAsync();
        await WaitAsync(() => upstream.IsLoggedOn, "the order manager's logon to the gateway", TimeSpan.FromSeconds(15), gateway);
        var calm = Enumerable.Range(1, 5).Select(i => $"CALM-{i}").ToList();
        foreach (var id in calm)
            upstream.SendOrder(id);
        await WaitAsync(() => calm.All(id => upstream.Last(id) is { OrdStatus: '0' }), "acknowledgements of the calm orders", TimeSpan.FromSeconds(10), gateway);
        Log($"calm: {calm.Count} orders acknowledged; state {LatestState(ticksPath) ?? "(no tick yet)"}");

        // The pinned session is watched from here on: its socket (same inode, established) must never go away.
        using var watch = new CancellationTokenSource();
        var pinnedWatch = WatchPinnedAsync(ns, pinned, watch.Token);

        // 4. Churn: short-lived connections to both venues from the 128-port range. Then VB's session is dropped (both
        //    ends aborted, as a middlebox reset would) every second while the churn lasts: the gateway must reconnect
        //    through the exhausted range, and when one of its attempts wins a port a churn connection just freed, the
        //    next drop sends it back.
        var churnStarted = _clock.Elapsed;
        var churn = ns.Start("churn", Path.Combine(work, "churn.log"), Tools.Dotnet, Tools.Portstress, "churn",
            "--target", $"{ns.Address}:{ScenarioFiles.VenueAPort}", "--target", $"{ns.Address}:{ScenarioFiles.VenueBPort}",
            "--connections", "400", "--lifetime", "3000", "--retry-delay", "10");
        await churn.WaitForLineAsync(l => ChurnExhausted().IsMatch(l), "EADDRNOTAVAIL from the churn", TimeSpan.FromSeconds(20));
        Log($"churn exhausting the range: {churn.Lines.Last(l => l.StartsWith("churn ", StringComparison.Ordinal))}");
        using var dropping = new CancellationTokenSource();
        var drops = DropVenueBAsync(ns, gateway, dropping.Token);

        // 5. RED within a bounded time of the churn's start.
        var red = await WaitForTransitionAsync(transitionsPath, t => t.String("to") == "RED", "a transition to RED", churnStarted, RedWithin, gateway);
        Log($"RED after {(_clock.Elapsed - churnStarted).TotalSeconds:0.0} s of churn (rule {red.String("rule")}, connect failures {red.Number("connectFailures")}, CFR {red.Number("cfr"):0.00}, PPR {red.Number("ppr"):0.00}, TWR {red.Number("twr"):0.00})");

        // 6. Orders during RED: normal ones are contained (pending new upstream), a high-urgency one goes out on the pinned session.
        var held = Enumerable.Range(1, 6).Select(i => $"RED-{i}").ToList();
        foreach (var id in held)
            upstream.SendOrder(id);
        upstream.SendOrder("URGENT-1", urgency: 2);
        await WaitAsync(() => held.All(id => upstream.Reports(id).Any(r => r.ExecType == 'A')), "pending-new (held) reports for the orders sent in RED", TimeSpan.FromSeconds(5), gateway);
        await WaitAsync(() => upstream.Last("URGENT-1") is { OrdStatus: '0' }, "the acknowledgement of the urgent order sent in RED", TimeSpan.FromSeconds(5), gateway);
        LatestState(ticksPath).Should().Be("RED", "the orders were held by RED's containment, not by a state that came and went");
        held.Should().OnlyContain(id => upstream.Last(id)!.OrdStatus == 'A', "contained orders stay pending while RED lasts");
        Log($"in RED: {held.Count} normal orders held (150=A), URGENT-1 acknowledged over the pinned session");

        // 7. The churn stops; the state steps down out of RED and the held orders are released and acknowledged.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await dropping.CancelAsync();
        var dropCount = await drops;
        (await churn.TerminateAsync(TimeSpan.FromSeconds(10))).Should().BeTrue("the churn stops on SIGTERM");
        var churnStopped = _clock.Elapsed;
        Log($"churn stopped after {(churnStopped - churnStarted).TotalSeconds:0.0} s ({dropCount} drops of VB's session): {churn.Lines.LastOrDefault(l => l.StartsWith("churn stopped", StringComparison.Ordinal))}");
        var stepDown = await WaitForTransitionAsync(transitionsPath, t => t.String("from") == "RED", "a step down out of RED after the churn stopped", churnStopped, StepDownWithin, gateway);
        Log($"stepped down RED -> {stepDown.String("to")} {(_clock.Elapsed - churnStopped).TotalSeconds:0.0} s after the churn stopped (rule {stepDown.String("rule")})");
        await WaitAsync(() => held.All(id => upstream.Last(id) is { OrdStatus: '0' }), "acknowledgements of the held orders after the step-down", TimeSpan.FromSeconds(15), gateway);
        Log($"held orders released: {string.Join("; ", held.Select(id => $"{id} {string.Join(" -> ", upstream.Reports(id).Select(r => $"150={r.ExecType}"))}"))}");

        // 8. Orders after recovery go straight out; VB's session is back.
        var after = Enumerable.Range(1, 3).Select(i => $"AFTER-{i}").ToList();
        foreach (var id in after)
            upstream.SendOrder(id);
        await WaitAsync(() => after.All(id => upstream.Last(id)?.IsFinal == true), "answers to the orders sent after recovery", TimeSpan.FromSeconds(10), gateway);
        await WaitAsync(() => GatewaySockets(ns, gateway, ScenarioFiles.VenueBPort).Count == 1, "the gateway's session to VB to come back", TimeSpan.FromSeconds(10), gateway);

        await watch.CancelAsync();
        var pinnedSamples = await pinnedWatch;

        // Every upstream order is accounted for: a final report (working at the venue, filled, cancelled or rejected) per ClOrdID.
        upstream.Unaccounted().Should().BeEmpty("every order sent upstream ends with a final ExecutionReport");
        upstream.Sent.Should().OnlyContain(id => upstream.Last(id)!.OrdStatus != '8', "no order was refused or rejected in this scenario");
        upstream.Logons.Should().Be(1, "the upstream session stayed logged on");
        upstream.Logouts.Should().Be(0);
        pinnedSamples.Should().BeGreaterThan(10, "the pinned session was sampled through the churn");
        gateway.HasExited.Should().BeFalse("the gateway is still running");

        // The gate's own records agree: the orders held in RED were contained, then sent; nothing was refused.
        var gateRecords = RecordFile.Read(Path.Combine(records, "order.jsonl"));
        gateRecords.Count(r => r.String("outcome") == "heldThenSent" && r.TryGetProperty("holds", out var holds)
            && holds.EnumerateArray().Any(h => h.GetString() == "containment")).Should().BeGreaterThanOrEqualTo(held.Count, "the gate records each contained order as held, then sent");
        gateRecords.Should().NotContain(r => r.String("outcome") == "refused");

        var transitions = RecordFile.Read(transitionsPath);
        Log("transitions: " + string.Join(", ", transitions.Select(t => $"{t.String("from")}->{t.String("to")} ({t.String("rule")})")));
        Log($"pinned session: {pinnedSamples} samples, always the same established socket; total {_clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Every second until cancelled, aborts the gateway's connection to VB (both ends) if it has one; returns the drops.</summary>
    private static async Task<int> DropVenueBAsync(TestNamespace ns, NamespaceProcess gateway, CancellationToken cancellationToken)
    {
        var drops = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var socket in GatewaySockets(ns, gateway, ScenarioFiles.VenueBPort))
            {
                ns.KillSockets("(", "sport", "=", $":{socket.LocalPort}", "and", "dport", "=", $":{ScenarioFiles.VenueBPort}", ")", "or",
                    "(", "sport", "=", $":{ScenarioFiles.VenueBPort}", "and", "dport", "=", $":{socket.LocalPort}", ")");
                drops++;
            }

            try
            {
                await Task.Delay(1000, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return drops;
    }

    /// <summary>Samples the pinned socket every 250 ms until cancelled; fails at once if it is gone or replaced.</summary>
    private static async Task<int> WatchPinnedAsync(TestNamespace ns, GatewaySocket pinned, CancellationToken cancellationToken)
    {
        var samples = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var lines = ns.Sockets("established", "-e", "(", "sport", "=", $":{pinned.LocalPort}", "and", "dport", "=", $":{ScenarioFiles.VenueAPort}", ")");
            if (!lines.Any(l => l.Contains($"ino:{pinned.Inode} ", StringComparison.Ordinal)))
                throw new InvalidOperationException($"the pinned session's socket (:{pinned.LocalPort} -> :{ScenarioFiles.VenueAPort}, ino {pinned.Inode}) is no longer established: [{string.Join(" | ", lines)}]");
            samples++;
            try
            {
                await Task.Delay(250, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return samples;
    }

    private async Task<GatewaySocket> WaitForSingleSocketAsync(TestNamespace ns, NamespaceProcess gateway, int venuePort, string what)
    {
        IReadOnlyList<GatewaySocket> sockets = [];
        await WaitAsync(() => (sockets = GatewaySockets(ns, gateway, venuePort)).Count == 1, what, TimeSpan.FromSeconds(30), gateway);
        return sockets[0];
    }

    /// <summary>The gateway process's established sockets to a venue port (ss -p names the owning process; -e gives the inode).</summary>
    private static List<GatewaySocket> GatewaySockets(TestNamespace ns, NamespaceProcess gateway, int venuePort)
    {
        var pid = $"pid={gateway.Id.ToString(CultureInfo.InvariantCulture)},";
        return [.. ns.Sockets("established", "-e", "-p", "dport", "=", $":{venuePort}")
            .Where(l => l.Contains(pid, StringComparison.Ordinal))
            .Select(l => SocketLine().Match(l))
            .Where(m => m.Success)
            .Select(m => new GatewaySocket(int.Parse(m.Groups["port"].Value, CultureInfo.InvariantCulture), m.Groups["ino"].Value))];
    }

    /// <summary>Waits for the first transition recorded at or after <paramref name="since"/> (test clock) that <paramref name="match"/> accepts.</summary>
    private async Task<JsonElement> WaitForTransitionAsync(string path, Func<JsonElement, bool> match, string what, TimeSpan since, TimeSpan within, NamespaceProcess gateway)
    {
        var sinceMicros = (DateTimeOffset.UtcNow - (_clock.Elapsed - since)).ToUnixTimeMilliseconds() * 1000;
        JsonElement found = default;
        await WaitAsync(
            () =>
            {
                var hit = RecordFile.Read(path).Where(t => t.Number("time") >= sinceMicros && match(t)).Take(1).ToList();
                if (hit.Count == 0)
                    return false;
                found = hit[0];
                return true;
            },
            what,
            within,
            gateway,
            () => "transitions so far: " + string.Join(", ", RecordFile.Read(path).Select(t => $"{t.String("from")}->{t.String("to")}")));
        return found;
    }

    private static string? LatestState(string ticksPath) => RecordFile.Read(ticksPath) is [.., var last] ? last.String("state") : null;

    private static async Task WaitAsync(Func<bool> condition, string what, TimeSpan timeout, NamespaceProcess? process = null, Func<string>? context = null)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (process is { HasExited: true })
                throw new InvalidOperationException($"{process.Label} exited ({process.ExitCode}) while waiting for {what}:{Environment.NewLine}{process.Tail()}");
            if (Stopwatch.GetTimestamp() > deadline)
                throw new TimeoutException($"no {what} within {timeout.TotalSeconds:0} s{(context is null ? string.Empty : "; " + context())}{(process is null ? string.Empty : Environment.NewLine + process.Tail())}");
            await Task.Delay(50);
        }
    }

    private void Log(string line) => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,5:0.0} s] {line}"));

    [GeneratedRegex(@"EADDRNOTAVAIL \+[1-9]")]
    private static partial Regex ChurnExhausted();

    [GeneratedRegex(@"\S+:(?<port>\d+)\s+\S+:\d+\s.*ino:(?<ino>\d+)\s")]
    private static partial Regex SocketLine();

    private sealed record GatewaySocket(int LocalPort, string Inode);
}
