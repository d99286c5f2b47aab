namespace PortStress.Gateway.Bench.Gateway;

/// <summary>One fixed-rate phase through a target: what was asked, what was achieved, latency against the schedule.</summary>
/// <param name="Rate">Orders per second asked for.</param>
/// <param name="Orders">Orders sent (and acknowledged) in the phase.</param>
/// <param name="Seconds">From the first intended send to the last acknowledgement.</param>
/// <param name="Measurement">The driver's measurement (corrected and uncorrected latency, sender lag, runtime cost).</param>
internal sealed record RatePhase(int Rate, long Orders, double Seconds, FixedRateMeasurement Measurement)
{
    /// <summary>Acknowledged orders per second over the phase.</summary>
    public double Achieved => Seconds > 0 ? Orders / Seconds : 0;

    public LatencySummary Latency => Measurement.Corrected;
}

/// <summary>The same fixed rate straight through the engine, through the gateway and through a byte relay, measured back to back.</summary>
/// <param name="Direct">The engine's own round trip.</param>
/// <param name="Gateway">Through the gateway.</param>
/// <param name="Relay">Through a byte relay in the gateway's place (two more hops, no FIX work); null when not run.</param>
internal sealed record LatencyPair(RatePhase Direct, RatePhase Gateway, RatePhase? Relay = null)
{
    public double P99Ratio => Gateway.Latency.P99 / Direct.Latency.P99;

    public double P50Ratio => Gateway.Latency.P50 / Direct.Latency.P50;

    /// <summary>The relay's p99 over the direct one: what the two extra hops alone cost at p99 (NaN without a relay).</summary>
    public double RelayP99Ratio => Relay is null ? double.NaN : Relay.Latency.P99 / Direct.Latency.P99;

    /// <summary>The gateway's p99 over the relay's: what the gateway's own work costs above the hops (NaN without a relay).</summary>
    public double GatewayOverRelayP99Ratio => Relay is null ? double.NaN : Gateway.Latency.P99 / Relay.Latency.P99;

    /// <summary>The pair whose p99 ratio is the median (the upper one of an even count), or null when there is none.</summary>
    public static LatencyPair? Median(IReadOnlyList<LatencyPair> pairs) =>
        pairs.Count == 0 ? null : pairs.OrderBy(p => p.P99Ratio).ElementAt(pairs.Count / 2);
}

/// <summary>How the gateway's reports went upstream.</summary>
/// <param name="SentAtOnce">On the thread that produced them (the session was free).</param>
/// <param name="SentLater">By the thread that was inside the session, as it left (or after a logon).</param>
internal sealed record OutboxCounts(long SentAtOnce, long SentLater);

/// <summary>A step of the rate search and whether the gateway sustained it.</summary>
internal sealed record RateStep(RatePhase Phase, bool Sustained, string Reason);

/// <summary>One soak sample: time, orders so far, the process's memory, and the interval's latency.</summary>
/// <param name="Seconds">Since the soak started.</param>
/// <param name="Orders">Orders acknowledged so far.</param>
/// <param name="WorkingSetMegabytes">The process's working set.</param>
/// <param name="LiveHeapMegabytes">GC heap in use after an induced full collection (what is really retained).</param>
/// <param name="Gen2Collections">Full collections so far (the induced ones included).</param>
/// <param name="Interval">The interval's fixed-rate phase.</param>
/// <param name="RouterOrders">Orders the gateway's router holds (live and done).</param>
/// <param name="GateLive">Orders the gate still tracks (held, or sent and not done).</param>
internal sealed record SoakSample(double Seconds, long Orders, double WorkingSetMegabytes, double LiveHeapMegabytes, int Gen2Collections, RatePhase Interval, int RouterOrders, int GateLive);

/// <summary>Everything <c>bench gateway</c> measured, with the verdicts against issue 6's targets.</summary>
internal sealed record GatewayBenchResult(
    GatewayBenchOptions Options,
    MachineDescription Machine,
    string LoadBefore,
    string LoadAfter,
    IReadOnlyList<LatencyPair> Pairs,
    IReadOnlyList<RateStep> Steps,
    IReadOnlyList<SoakSample> Soak,
    GatewayAccounting Accounting,
    IReadOnlyList<AllocationSample> AllocationTypes,
    OutboxCounts Outbox)
{
    public const double MinSustainedRate = 10_000;
    public const double MaxP99Ratio = 2;
    public const double MaxGrowthMegabytesPerMinute = 1;

    /// <summary>The highest step rate sustained (0 when none was).</summary>
    public int MaxSustainedRate => Steps.Where(s => s.Sustained).Select(s => s.Phase.Rate).DefaultIfEmpty(0).Max();

    /// <summary>The pair with the median p99 ratio: its direct phase.</summary>
    public RatePhase? Direct => LatencyPair.Median(Pairs)?.Direct;

    /// <summary>The pair with the median p99 ratio: its phase through the gateway.</summary>
    public RatePhase? Gateway => LatencyPair.Median(Pairs)?.Gateway;

    public double P50Ratio => LatencyPair.Median(Pairs)?.P50Ratio ?? double.NaN;

    /// <summary>The median of the pairs' p99 ratios (gateway over direct).</summary>
    public double P99Ratio => LatencyPair.Median(Pairs)?.P99Ratio ?? double.NaN;

    /// <summary>The median over the pairs of the relay's p99 over the direct one (NaN without a relay).</summary>
    public double RelayP99Ratio => MedianOf(p => p.RelayP99Ratio);

    /// <summary>The median over the pairs of the gateway's p99 over the relay's (NaN without a relay).</summary>
    public double GatewayOverRelayP99Ratio => MedianOf(p => p.GatewayOverRelayP99Ratio);

    /// <summary>Least-squares slope of the live heap over the settled soak samples, MB per minute.</summary>
    public double LiveHeapSlope => Slope(s => s.LiveHeapMegabytes);

    /// <summary>Least-squares slope of the working set over the settled soak samples, MB per minute.</summary>
    public double WorkingSetSlope => Slope(s => s.WorkingSetMegabytes);

    public IReadOnlyList<TargetVerdict> Verdicts
    {
        get
        {
            var verdicts = new List<TargetVerdict>();
            if (Steps.Count > 0)
            {
                verdicts.Add(new("throughput", $"sustained >= {MinSustainedRate:N0} child orders/s through the gateway", MaxSustainedRate, MaxSustainedRate >= MinSustainedRate));
            }

            if (Gateway is not null && Direct is not null)
            {
                verdicts.Add(new("p99", $"gateway p99 <= {MaxP99Ratio}x the engine's direct round trip at {Options.Rate:N0}/s (median of {Pairs.Count} interleaved pairs)", P99Ratio, P99Ratio <= MaxP99Ratio));
            }

            if (Soak.Count > 0)
            {
                var slope = LiveHeapSlope;
                verdicts.Add(new("memory", $"no memory growth over the soak (live heap slope <= {MaxGrowthMegabytesPerMinute} MB/min after the first {Options.SoakSettle.TotalSeconds:0} s)", slope, slope <= MaxGrowthMegabytesPerMinute));
            }

            return verdicts;
        }
    }

    // The median of a per-pair ratio (the upper one of an even count), NaN when no pair has it.
    private double MedianOf(Func<LatencyPair, double> ratio)
    {
        var values = Pairs.Select(ratio).Where(v => !double.IsNaN(v)).Order().ToList();
        return values.Count == 0 ? double.NaN : values[values.Count / 2];
    }

    private double Slope(Func<SoakSample, double> value)
    {
        var settled = Soak.Where(s => s.Seconds >= Options.SoakSettle.TotalSeconds).ToList();
        if (settled.Count < 2)
        {
            settled = [.. Soak];
        }

        if (settled.Count < 2)
        {
            return double.NaN;
        }

        var meanX = settled.Average(s => s.Seconds / 60);
        var meanY = settled.Average(value);
        var covariance = settled.Sum(s => ((s.Seconds / 60) - meanX) * (value(s) - meanY));
        var variance = settled.Sum(s => Math.Pow((s.Seconds / 60) - meanX, 2));
        return variance > 0 ? covariance / variance : double.NaN;
    }
}

/// <summary>Over the whole run through the gateway: orders sent and what came back for them.</summary>
/// <param name="Sent">Orders the upstream simulator sent.</param>
/// <param name="Acknowledged">Acknowledged in order (ExecType 0 or 8).</param>
/// <param name="Rejected">Of those, rejects (ExecType 8).</param>
/// <param name="Fills">Fill reports (ExecType F) that followed the acknowledgements.</param>
/// <param name="Interim">Pending-new and restated reports: the controller acted on the flow.</param>
/// <param name="Duplicates">Acknowledgements for orders already acknowledged.</param>
/// <param name="Missing">Orders skipped by a later acknowledgement.</param>
/// <param name="Transitions">Control-state transitions the gateway recorded during the run.</param>
internal sealed record GatewayAccounting(long Sent, long Acknowledged, long Rejected, long Fills, long Interim, long Duplicates, long Missing, IReadOnlyList<string> Transitions)
{
    public bool EveryOrderAnsweredOnce => Sent == Acknowledged && Duplicates == 0 && Missing == 0 && Rejected == 0;
}
