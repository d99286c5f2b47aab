using System.Diagnostics;
using System.Globalization;
using PortStress.Fix.Protocol.Dictionary;

namespace PortStress.Gateway.Bench.Gateway;

/// <summary>
/// Runs <c>bench gateway</c>: the engine's direct round trip, the same rate through the gateway and (unless turned off)
/// through a byte relay in the gateway's place, in interleaved pairs (every target live for the whole run, which goes
/// first rotating), then rising rates through the gateway until
/// one is not sustained; or, with a soak, one rate through the gateway for the soak's length with a memory sample
/// every interval. Progress goes to <c>progress</c>.
/// </summary>
internal sealed class GatewayBench(GatewayBenchOptions options, DataDictionary dictionary, TextWriter progress)
{
    private readonly Lock _write = new();

    public async Task<GatewayBenchResult> RunAsync(CancellationToken cancellationToken)
    {
        var machine = MachineDescription.Current();
        var loadBefore = LoadAverage();
        Say($"bench gateway on {machine}; load {loadBefore}");
        Say(options.Soak is { } soakLength
            ? string.Create(CultureInfo.InvariantCulture, $"soak: {options.Rate:N0} orders/s through the gateway for {soakLength.TotalSeconds:0} s, memory sampled every {options.SoakSampleInterval.TotalSeconds:0} s")
            : string.Create(CultureInfo.InvariantCulture, $"latency at {options.Rate:N0}/s for {options.Duration.TotalSeconds:0} s, direct then through the gateway; then steps of {options.StepDuration.TotalSeconds:0} s at {string.Join(", ", options.StepRates.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))}/s until one is not sustained twice running (achieved < {options.SustainedShare:P0}, or p99 > the larger of {options.SustainedP99.TotalMilliseconds:0} ms and 2x the direct p99)"));

        if (options.Soak is { } length)
        {
            return await SoakAsync(length, loadBefore, machine, cancellationToken).ConfigureAwait(false);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var listener = options.AllocationTypes ? new AllocationTickListener() : null;
        var directProbe = new RoundTripProbe(options.Window);
        var direct = new EngineRoundTripTarget(directProbe, dictionary, StoreKind.Memory, options.Fill);
        var probe = new RoundTripProbe(options.Window);
        var target = new GatewayRoundTripTarget(probe, dictionary, options.Fill);
        var relayProbe = new RoundTripProbe(options.Window);
        var relay = new EngineRoundTripTarget(relayProbe, dictionary, StoreKind.Memory, options.Fill, relayed: true);
        var pairs = new List<LatencyPair>();
        var steps = new List<RateStep>();
        await using (direct.ConfigureAwait(false))
        await using (target.ConfigureAwait(false))
        await using (relay.ConfigureAwait(false))
        {
            await direct.StartAsync(cancellationToken).ConfigureAwait(false);
            await target.StartAsync(cancellationToken).ConfigureAwait(false);
            if (options.Relay)
            {
                await relay.StartAsync(cancellationToken).ConfigureAwait(false);
            }

            var directDriver = new LoadDriver(direct, directProbe, cancellationToken) { SleepWhenEarly = options.SleepWhenEarly };
            var driver = new LoadDriver(target, probe, cancellationToken) { SleepWhenEarly = options.SleepWhenEarly };
            var relayDriver = options.Relay ? new LoadDriver(relay, relayProbe, cancellationToken) { SleepWhenEarly = options.SleepWhenEarly } : null;
            (string Name, LoadDriver Driver, RoundTripProbe Probe) current = ("direct", directDriver, directProbe);
            var run = RoundTripBench.OnOwnThread(() =>
            {
                current = ("direct", directDriver, directProbe);
                directDriver.RunPipelined("warm-up", options.Warmup);
                current = ("gateway", driver, probe);
                driver.RunPipelined("warm-up", options.Warmup);
                if (relayDriver is not null)
                {
                    current = ("relay", relayDriver, relayProbe);
                    relayDriver.RunPipelined("warm-up", options.Warmup);
                }

                var sides = relayDriver is null ? 2 : 3;
                for (var i = 0; i < options.Pairs; i++)
                {
                    // Rotate which goes first, so a drift in the machine's load over a pair does not favour one side.
                    var label = string.Create(CultureInfo.InvariantCulture, $"latency {i + 1}/{options.Pairs}");
                    RatePhase? d = null;
                    RatePhase? g = null;
                    RatePhase? r = null;
                    for (var side = 0; side < sides; side++)
                    {
                        switch ((side + i) % sides)
                        {
                            case 0:
                                current = ("direct", directDriver, directProbe);
                                d = FixedRate(directDriver, directProbe, label, options.Rate, options.Duration);
                                break;
                            case 1:
                                current = ("gateway", driver, probe);
                                if (listener is not null)
                                {
                                    listener.Recording = true;
                                }

                                g = FixedRate(driver, probe, label, options.Rate, options.Duration);
                                if (listener is not null)
                                {
                                    listener.Recording = false;
                                }

                                break;
                            default:
                                current = ("relay", relayDriver!, relayProbe);
                                r = FixedRate(relayDriver!, relayProbe, label, options.Rate, options.Duration);
                                break;
                        }
                    }

                    var pair = new LatencyPair(d!, g!, r);
                    pairs.Add(pair);
                    Say(string.Create(
                        CultureInfo.InvariantCulture,
                        $"  pair {i + 1}: p99 direct {pair.Direct.Latency.P99,9:0.0} us, gateway {pair.Gateway.Latency.P99,9:0.0} us: {pair.P99Ratio:0.00}x; p50 {pair.Direct.Latency.P50:0.0} / {pair.Gateway.Latency.P50:0.0} us{(r is null ? string.Empty : $"; relay p99 {r.Latency.P99:0.0} us ({pair.RelayP99Ratio:0.00}x), p50 {r.Latency.P50:0.0} us")}"));
                }

                // The p99 bound scales with this run's noise floor: at least the fixed bound, or 2x the direct round trip's p99.
                var median = LatencyPair.Median(pairs);
                var p99Limit = Math.Max(options.SustainedP99.TotalMicroseconds, 2 * (median?.Direct.Latency.P99 ?? 0));
                current = ("gateway", driver, probe);
                foreach (var rate in options.StepRates)
                {
                    // A step that is not sustained is tried once more before the search stops: on a shared machine one
                    // descheduling can spoil five seconds.
                    RateStep? step = null;
                    for (var attempt = 0; attempt < 2 && step is not { Sustained: true }; attempt++)
                    {
                        step = Judge(FixedRate(driver, probe, string.Create(CultureInfo.InvariantCulture, $"step {rate:N0}/s"), rate, options.StepDuration), p99Limit);
                        steps.Add(step);
                        Say(string.Create(
                            CultureInfo.InvariantCulture,
                            $"  step {rate,7:N0}/s: achieved {step.Phase.Achieved,9:N0}/s, p50 {step.Phase.Latency.P50,8:0.0} us, p99 {step.Phase.Latency.P99,9:0.0} us: {(step.Sustained ? "sustained" : "NOT sustained (" + step.Reason + ")")}"));
                    }

                    if (step is not { Sustained: true })
                    {
                        break;
                    }
                }

                return 0;
            });
            while (!run.IsCompleted)
            {
                await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None)).ConfigureAwait(false);
                var (name, now, nowProbe) = current;
                if (!run.IsCompleted)
                {
                    var (seconds, rate) = now.PhaseProgress();
                    Say(string.Create(CultureInfo.InvariantCulture, $"  {name,-7} {now.Phase,-16} {seconds,5:0.0} s {rate,10:N0} rt/s  ({nowProbe.Acknowledged:N0} acknowledged)"));
                }
            }

            await run.ConfigureAwait(false);
            var transitions = Transitions(target.RecordsDirectory);
            var accounting = new GatewayAccounting(probe.Sent, probe.Acknowledged, target.Rejected, target.Fills, target.Interim, probe.Duplicates, probe.Missing, transitions);
            var outbox = target.Outbox;
            return new GatewayBenchResult(options, machine, loadBefore, LoadAverage(), pairs, steps, [], accounting, listener?.Top(15) ?? [], outbox);
        }
    }

    private async Task<GatewayBenchResult> SoakAsync(TimeSpan length, string loadBefore, MachineDescription machine, CancellationToken cancellationToken)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var probe = new RoundTripProbe(options.Window);
        var target = new GatewayRoundTripTarget(probe, dictionary, options.Fill);
        var soak = new List<SoakSample>();
        await using (target.ConfigureAwait(false))
        {
            await target.StartAsync(cancellationToken).ConfigureAwait(false);
            var driver = new LoadDriver(target, probe, cancellationToken) { SleepWhenEarly = options.SleepWhenEarly };
            await RoundTripBench.OnOwnThread(() =>
            {
                driver.RunPipelined("warm-up", options.Warmup);
                RunSoak(driver, probe, target, length, soak);
                return 0;
            }).ConfigureAwait(false);
            var transitions = Transitions(target.RecordsDirectory);
            var accounting = new GatewayAccounting(probe.Sent, probe.Acknowledged, target.Rejected, target.Fills, target.Interim, probe.Duplicates, probe.Missing, transitions);
            return new GatewayBenchResult(options, machine, loadBefore, LoadAverage(), [], [], soak, accounting, [], target.Outbox);
        }
    }

    /// <summary>The 1, 5 and 15-minute load averages (the machine is shared: every figure is read against them).</summary>
    internal static string LoadAverage()
    {
        const string Path = "/proc/loadavg";
        if (!File.Exists(Path))
        {
            return "unknown";
        }

        var parts = File.ReadAllText(Path).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 3 ? $"{parts[0]} {parts[1]} {parts[2]}" : "unknown";
    }

    private void RunSoak(LoadDriver driver, RoundTripProbe probe, GatewayRoundTripTarget target, TimeSpan length, List<SoakSample> samples)
    {
        var started = Stopwatch.GetTimestamp();
        var first = probe.Acknowledged;
        while (Stopwatch.GetElapsedTime(started) < length)
        {
            var interval = FixedRate(driver, probe, "soak", options.Rate, options.SoakSampleInterval);

            // An induced full collection before reading the heap: what is left is what the process really retains.
            GC.Collect(2, GCCollectionMode.Forced, blocking: true);
            var (routerOrders, gateLive) = target.Retained();
            var sample = new SoakSample(
                Stopwatch.GetElapsedTime(started).TotalSeconds,
                probe.Acknowledged - first,
                Environment.WorkingSet / 1048576.0,
                GC.GetTotalMemory(forceFullCollection: false) / 1048576.0,
                GC.CollectionCount(2),
                interval,
                routerOrders,
                gateLive);
            samples.Add(sample);
            Say(string.Create(
                CultureInfo.InvariantCulture,
                $"  soak {sample.Seconds,6:0} s  {sample.Orders,11:N0} orders  achieved {interval.Achieved,8:N0}/s  p99 {interval.Latency.P99,9:0.0} us  working set {sample.WorkingSetMegabytes,7:0.0} MB  live heap {sample.LiveHeapMegabytes,7:0.0} MB  gen2 {sample.Gen2Collections}  router orders {routerOrders:N0}  gate live {gateLive:N0}  load {LoadAverage()}"));
        }
    }

    private static RatePhase FixedRate(LoadDriver driver, RoundTripProbe probe, string phase, int rate, TimeSpan duration)
    {
        var started = Stopwatch.GetTimestamp();
        var acknowledged = probe.Acknowledged;
        var measurement = driver.RunFixedRate(phase, rate, duration);
        return new RatePhase(rate, probe.Acknowledged - acknowledged, Stopwatch.GetElapsedTime(started).TotalSeconds, measurement);
    }

    private RateStep Judge(RatePhase phase, double p99Limit)
    {
        var share = phase.Achieved / phase.Rate;
        return share < options.SustainedShare
            ? new RateStep(phase, false, string.Create(CultureInfo.InvariantCulture, $"achieved {share:P1} of the rate"))
            : phase.Latency.P99 > p99Limit
                ? new RateStep(phase, false, string.Create(CultureInfo.InvariantCulture, $"p99 {phase.Latency.P99 / 1000:0.0} ms above {p99Limit / 1000:0} ms"))
                : new RateStep(phase, true, string.Empty);
    }

    private static IReadOnlyList<string> Transitions(string? records)
    {
        var path = records is null ? null : Path.Combine(records, "transitions.jsonl");
        if (path is null || !File.Exists(path))
        {
            return [];
        }

        var lines = new List<string>();
        foreach (var line in File.ReadLines(path))
        {
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(line);
                var root = document.RootElement;
                lines.Add($"{root.GetProperty("from").GetString()} -> {root.GetProperty("to").GetString()} ({root.GetProperty("rule").GetString()})");
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
            {
                lines.Add($"(unreadable: {line})");
            }
        }

        return lines;
    }

    private void Say(string line)
    {
        lock (_write)
        {
            progress.WriteLine(line);
            progress.Flush();
        }
    }
}
