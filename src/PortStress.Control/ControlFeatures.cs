namespace PortStress.Control;

/// <summary>
/// The control inputs at one tick, computed from the transport signals and the latest OS socket sample.
/// Ratios are 0..1; the two relative latencies are the current p95 over the trailing baseline (1 = at baseline,
/// 0 when either is unknown).
/// </summary>
public readonly record struct ControlFeatures
{
    /// <summary>PPR: port pressure ratio, maximum over destinations.</summary>
    public double PortPressure { get; init; }

    /// <summary>TWR: TIME_WAIT ratio, maximum over destinations.</summary>
    public double TimeWaitRatio { get; init; }

    /// <summary>CFR: connect failures over attempts in the window.</summary>
    public double ConnectFailureRatio { get; init; }

    /// <summary>Connect failures in the window (for the repeated-failure rule).</summary>
    public long ConnectFailures { get; init; }

    /// <summary>CTL95 over its trailing baseline.</summary>
    public double ConnectLatencyRelative { get; init; }

    /// <summary>RBI: retry burst index (0 when below the minimum count).</summary>
    public double RetryBurstIndex { get; init; }

    /// <summary>DSD95 over its trailing baseline.</summary>
    public double DecisionToSendRelative { get; init; }

    /// <summary>The latest retry queue depth.</summary>
    public int RetryQueueDepth { get; init; }

    /// <summary>Reconnects per minute.</summary>
    public double ReconnectsPerMinute { get; init; }

    /// <summary>Ring events dropped since the previous tick.</summary>
    public long RingDrops { get; init; }
}
