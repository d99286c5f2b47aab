using System.Runtime.InteropServices;

namespace PortStress.Telemetry;

/// <summary>
/// One transport or order-path event: a 40-byte blittable value copied into a ring slot. Timestamps and
/// elapsed times are in <see cref="TimeProvider.GetTimestamp"/> ticks of the provider that recorded them.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct TransportEvent
{
    private readonly byte _cause;

    /// <summary>Creates an event.</summary>
    /// <param name="kind">What happened.</param>
    /// <param name="destination">Where (or <see cref="DestinationId.None"/>).</param>
    /// <param name="timestamp">When, in timestamp ticks.</param>
    /// <param name="correlationId">An order id, connection attempt id or session id; 0 when none.</param>
    /// <param name="elapsed">A duration in timestamp ticks (latency or delay; see <see cref="TransportEventKind"/>).</param>
    /// <param name="cause">A <see cref="ConnectFailureCause"/> or <see cref="DisconnectReason"/> as a byte.</param>
    /// <param name="errno">The operating system error number, 0 when none.</param>
    /// <param name="queueDepth">The retry queue depth for <see cref="TransportEventKind.RetryScheduled"/>.</param>
    public TransportEvent(
        TransportEventKind kind, DestinationId destination, long timestamp, long correlationId = 0,
        long elapsed = 0, byte cause = 0, int errno = 0, int queueDepth = 0)
    {
        Kind = kind;
        Destination = destination;
        Timestamp = timestamp;
        CorrelationId = correlationId;
        Elapsed = elapsed;
        _cause = cause;
        Errno = errno;
        QueueDepth = queueDepth;
    }

    /// <summary>When the event happened, in timestamp ticks.</summary>
    public long Timestamp { get; }

    /// <summary>An order id, attempt id or session id; 0 when none.</summary>
    public long CorrelationId { get; }

    /// <summary>A duration in timestamp ticks (meaning depends on <see cref="Kind"/>).</summary>
    public long Elapsed { get; }

    /// <summary>Where it happened.</summary>
    public DestinationId Destination { get; }

    /// <summary>The operating system error number, 0 when none.</summary>
    public int Errno { get; }

    /// <summary>The retry queue depth (for <see cref="TransportEventKind.RetryScheduled"/>).</summary>
    public int QueueDepth { get; }

    /// <summary>What happened.</summary>
    public TransportEventKind Kind { get; }

    /// <summary>The failure cause of a <see cref="TransportEventKind.ConnectFailed"/> event.</summary>
    public ConnectFailureCause FailureCause => Kind == TransportEventKind.ConnectFailed ? (ConnectFailureCause)_cause : ConnectFailureCause.None;

    /// <summary>The reason of a <see cref="TransportEventKind.Disconnected"/> event.</summary>
    public DisconnectReason DisconnectReason => Kind == TransportEventKind.Disconnected ? (DisconnectReason)_cause : DisconnectReason.Unknown;
}
