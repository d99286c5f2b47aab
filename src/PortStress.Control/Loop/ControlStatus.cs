using PortStress.Telemetry.Sampling;
using PortStress.Telemetry.Signals;

namespace PortStress.Control.Loop;

/// <summary>
/// What the control loop knew at one tick, as one immutable object for readers on other threads (the metrics
/// export, the admin API). <see cref="ControlLoop.Status"/> builds it only while someone reads it, so a loop nobody
/// watches still ticks without allocating.
/// </summary>
public sealed record ControlStatus
{
    /// <summary>The tick's timestamp (control clock ticks).</summary>
    public required long Timestamp { get; init; }

    /// <summary>The tick's wall-clock time.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Ticks run so far, this one included.</summary>
    public required long TickCount { get; init; }

    /// <summary>The decided state (in shadow mode, the state that would apply).</summary>
    public required StressState State { get; init; }

    /// <summary>True when the tick ran in shadow mode (GREEN applied).</summary>
    public required bool Shadow { get; init; }

    /// <summary>The version of the snapshot in force.</summary>
    public required long SnapshotVersion { get; init; }

    /// <summary>P(stress) at the tick.</summary>
    public required double StressProbability { get; init; }

    /// <summary>The features at the tick.</summary>
    public required ControlFeatures Features { get; init; }

    /// <summary>CTL95 of the window in seconds, or null when unknown.</summary>
    public double? ConnectLatencyP95 { get; init; }

    /// <summary>Its trailing baseline in seconds, or null before it is warm.</summary>
    public double? ConnectLatencyBaseline { get; init; }

    /// <summary>DSD95 of the window in seconds, or null when unknown.</summary>
    public double? DecisionToSendP95 { get; init; }

    /// <summary>Its trailing baseline in seconds, or null before it is warm.</summary>
    public double? DecisionToSendBaseline { get; init; }

    /// <summary>Every transport signal at the tick (overall and per destination).</summary>
    public required TransportSignalSnapshot Signals { get; init; }

    /// <summary>The latest OS socket sample, or null before the first (or where sampling is unavailable).</summary>
    public SocketSampleSummary? Sockets { get; init; }
}
