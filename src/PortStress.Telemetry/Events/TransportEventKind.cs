namespace PortStress.Telemetry;

/// <summary>What a <see cref="TransportEvent"/> records. Stored as one byte in the event slot.</summary>
public enum TransportEventKind : byte
{
    /// <summary>An empty slot; never published.</summary>
    None = 0,

    /// <summary>A connect() to the destination is starting.</summary>
    ConnectAttempt,

    /// <summary>The connection was established; <see cref="TransportEvent.Elapsed"/> is the connect latency.</summary>
    ConnectSucceeded,

    /// <summary>The connect failed; the event carries the cause, the errno and the time spent.</summary>
    ConnectFailed,

    /// <summary>A session logon was sent on an established connection.</summary>
    LogonSent,

    /// <summary>The counterparty acknowledged the logon; <see cref="TransportEvent.Elapsed"/> is the logon latency.</summary>
    LogonAcked,

    /// <summary>A connection was lost or closed; the event carries the reason.</summary>
    Disconnected,

    /// <summary>A reconnect was scheduled; <see cref="TransportEvent.Elapsed"/> is the delay before it.</summary>
    ReconnectScheduled,

    /// <summary>A child order was decided (the moment the strategy wanted it out).</summary>
    OrderDecided,

    /// <summary>A child order was written to the transport; <see cref="TransportEvent.Elapsed"/> is decision-to-send.</summary>
    OrderSent,

    /// <summary>The venue acknowledged the order; <see cref="TransportEvent.Elapsed"/> is send-to-ack.</summary>
    OrderAcked,

    /// <summary>The venue or the gateway rejected the order.</summary>
    OrderRejected,

    /// <summary>A retry was queued; <see cref="TransportEvent.QueueDepth"/> is the retry queue depth after queuing.</summary>
    RetryScheduled,
}
