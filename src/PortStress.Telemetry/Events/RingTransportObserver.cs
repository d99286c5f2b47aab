namespace PortStress.Telemetry;

/// <summary>
/// The <see cref="ITransportObserver"/> that stamps each event with <see cref="TimeProvider.GetTimestamp"/>
/// and claims it into a <see cref="TransportEventRing"/>. Never blocks: a full ring drops the event and
/// counts it in <see cref="TransportEventRing.DroppedCount"/>.
/// </summary>
/// <param name="ring">The ring to publish into.</param>
/// <param name="timeProvider">The clock; the estimators must use the same one.</param>
public sealed class RingTransportObserver(TransportEventRing ring, TimeProvider timeProvider) : ITransportObserver
{
    private readonly TransportEventRing _ring = ring ?? throw new ArgumentNullException(nameof(ring));
    private readonly TimeProvider _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    /// <inheritdoc />
    public void ConnectAttempt(DestinationId destination, long attemptId) =>
        Publish(TransportEventKind.ConnectAttempt, destination, attemptId);

    /// <inheritdoc />
    public void ConnectSucceeded(DestinationId destination, long attemptId, long elapsed) =>
        Publish(TransportEventKind.ConnectSucceeded, destination, attemptId, elapsed);

    /// <inheritdoc />
    public void ConnectFailed(DestinationId destination, long attemptId, ConnectFailureCause cause, int errno, long elapsed) =>
        Publish(TransportEventKind.ConnectFailed, destination, attemptId, elapsed, (byte)cause, errno);

    /// <inheritdoc />
    public void LogonSent(DestinationId destination, long sessionId) =>
        Publish(TransportEventKind.LogonSent, destination, sessionId);

    /// <inheritdoc />
    public void LogonAcked(DestinationId destination, long sessionId, long sentTimestamp) =>
        PublishSince(TransportEventKind.LogonAcked, destination, sessionId, sentTimestamp);

    /// <inheritdoc />
    public void Disconnected(DestinationId destination, long sessionId, DisconnectReason reason, int errno) =>
        Publish(TransportEventKind.Disconnected, destination, sessionId, 0, (byte)reason, errno);

    /// <inheritdoc />
    public void ReconnectScheduled(DestinationId destination, long sessionId, long delay) =>
        Publish(TransportEventKind.ReconnectScheduled, destination, sessionId, delay);

    /// <inheritdoc />
    public void OrderDecided(DestinationId destination, long orderId) =>
        Publish(TransportEventKind.OrderDecided, destination, orderId);

    /// <inheritdoc />
    public void OrderSent(DestinationId destination, long orderId, long decidedTimestamp) =>
        PublishSince(TransportEventKind.OrderSent, destination, orderId, decidedTimestamp);

    /// <inheritdoc />
    public void OrderAcked(DestinationId destination, long orderId, long sentTimestamp) =>
        PublishSince(TransportEventKind.OrderAcked, destination, orderId, sentTimestamp);

    /// <inheritdoc />
    public void OrderRejected(DestinationId destination, long orderId) =>
        Publish(TransportEventKind.OrderRejected, destination, orderId);

    /// <inheritdoc />
    public void RetryScheduled(DestinationId destination, long correlationId, int queueDepth)
    {
        if (_ring.TryClaim(out var sequence))
        {
            _ring[sequence] = new TransportEvent(TransportEventKind.RetryScheduled, destination, _time.GetTimestamp(), correlationId, queueDepth: queueDepth);
            _ring.Publish(sequence);
        }
    }

    private void PublishSince(TransportEventKind kind, DestinationId destination, long correlationId, long since)
    {
        if (_ring.TryClaim(out var sequence))
        {
            var now = _time.GetTimestamp();
            _ring[sequence] = new TransportEvent(kind, destination, now, correlationId, now - since);
            _ring.Publish(sequence);
        }
    }

    private void Publish(TransportEventKind kind, DestinationId destination, long correlationId, long elapsed = 0, byte cause = 0, int errno = 0)
    {
        if (_ring.TryClaim(out var sequence))
        {
            _ring[sequence] = new TransportEvent(kind, destination, _time.GetTimestamp(), correlationId, elapsed, cause, errno);
            _ring.Publish(sequence);
        }
    }
}
