namespace PortStress.Telemetry.Signals;

/// <summary>
/// The signals at one instant, as the control loop reads them. Latencies are in seconds and are
/// <see cref="double.NaN"/> when their window holds no sample.
/// </summary>
public sealed record TransportSignalSnapshot
{
    /// <summary>The timestamp the snapshot was taken at.</summary>
    public required long Timestamp { get; init; }

    /// <summary>Connect attempts in the count window.</summary>
    public required long ConnectAttempts { get; init; }

    /// <summary>Failed connect attempts in the count window.</summary>
    public required long ConnectFailures { get; init; }

    /// <summary>CFR: failures over attempts in the window.</summary>
    public required double ConnectFailureRatio { get; init; }

    /// <summary>Failures in the window by cause, indexed by <see cref="ConnectFailureCause"/>.</summary>
    public required IReadOnlyList<long> FailuresByCause { get; init; }

    /// <summary>CTL95 over all destinations.</summary>
    public required double ConnectLatencyP95 { get; init; }

    /// <summary>CTL99 over all destinations.</summary>
    public required double ConnectLatencyP99 { get; init; }

    /// <summary>Logon latency p95.</summary>
    public required double LogonLatencyP95 { get; init; }

    /// <summary>DSD95: decision-to-send delay p95.</summary>
    public required double DecisionToSendP95 { get; init; }

    /// <summary>Order acknowledgement latency p95.</summary>
    public required double OrderAckLatencyP95 { get; init; }

    /// <summary>Reconnects scheduled per minute over the reconnect window.</summary>
    public required double ReconnectsPerMinute { get; init; }

    /// <summary>Disconnects in the count window.</summary>
    public required long Disconnects { get; init; }

    /// <summary>The latest retry queue depth reported.</summary>
    public required int RetryQueueDepth { get; init; }

    /// <summary>RBI of the last complete window, or null below the minimum count.</summary>
    public required double? RetryBurstIndex { get; init; }

    /// <summary>Events the ring dropped since start.</summary>
    public required long RingDrops { get; init; }

    /// <summary>Per-destination connect signals.</summary>
    public required IReadOnlyList<DestinationSignalSnapshot> Destinations { get; init; }
}

/// <summary>One destination's connect signals.</summary>
/// <param name="Destination">The destination.</param>
/// <param name="ConnectAttempts">Attempts in the count window.</param>
/// <param name="ConnectFailureRatio">CFR for this destination.</param>
/// <param name="ConnectLatencyP95">CTL95 in seconds.</param>
/// <param name="ConnectLatencyP99">CTL99 in seconds.</param>
public sealed record DestinationSignalSnapshot(
    DestinationId Destination, long ConnectAttempts, double ConnectFailureRatio, double ConnectLatencyP95, double ConnectLatencyP99);
