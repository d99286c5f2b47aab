namespace PortStress.Telemetry;

/// <summary>
/// What the session engine and the order gate report. Implementations must not block or allocate: the
/// ring-backed <see cref="RingTransportObserver"/> stamps the time and claims a ring slot, dropping (and
/// counting) the event when the ring is full.
/// </summary>
public interface ITransportObserver
{
    /// <summary>A connect to <paramref name="destination"/> is starting.</summary>
    /// <param name="destination">The destination.</param>
    /// <param name="attemptId">Correlates the attempt's outcome; 0 when unused.</param>
    void ConnectAttempt(DestinationId destination, long attemptId);

    /// <summary>A connect succeeded after <paramref name="elapsed"/> timestamp ticks.</summary>
    /// <param name="destination">The destination.</param>
    /// <param name="attemptId">The attempt.</param>
    /// <param name="elapsed">Connect latency in timestamp ticks.</param>
    void ConnectSucceeded(DestinationId destination, long attemptId, long elapsed);

    /// <summary>A connect failed.</summary>
    /// <param name="destination">The destination.</param>
    /// <param name="attemptId">The attempt.</param>
    /// <param name="cause">The classified cause.</param>
    /// <param name="errno">The operating system error number.</param>
    /// <param name="elapsed">Time spent in timestamp ticks.</param>
    void ConnectFailed(DestinationId destination, long attemptId, ConnectFailureCause cause, int errno, long elapsed);

    /// <summary>A logon was sent.</summary>
    /// <param name="destination">The destination.</param>
    /// <param name="sessionId">The session.</param>
    void LogonSent(DestinationId destination, long sessionId);

    /// <summary>A logon was acknowledged.</summary>
    /// <param name="destination">The destination.</param>
    /// <param name="sessionId">The session.</param>
    /// <param name="sentTimestamp">The timestamp at which the logon was sent.</param>
    void LogonAcked(DestinationId destination, long sessionId, long sentTimestamp);

    /// <summary>A connection ended.</summary>
    /// <param name="destination">The destination.</param>
    /// <param name="sessionId">The session.</param>
    /// <param name="reason">Why.</param>
    /// <param name="errno">The operating system error number, 0 when none.</param>
    void Disconnected(DestinationId destination, long sessionId, DisconnectReason reason, int errno);

    /// <summary>A reconnect was scheduled after <paramref name="delay"/> timestamp ticks.</summary>
    /// <param name="destination">The destination.</param>
    /// <param name="sessionId">The session.</param>
    /// <param name="delay">The back-off in timestamp ticks.</param>
    void ReconnectScheduled(DestinationId destination, long sessionId, long delay);

    /// <summary>A child order was decided.</summary>
    /// <param name="destination">The destination.</param>
    /// <param name="orderId">The order.</param>
    void OrderDecided(DestinationId destination, long orderId);

    /// <summary>A child order was sent.</summary>
    /// <param name="destination">The destination.</param>
    /// <param name="orderId">The order.</param>
    /// <param name="decidedTimestamp">The timestamp of the decision, for decision-to-send delay.</param>
    void OrderSent(DestinationId destination, long orderId, long decidedTimestamp);

    /// <summary>A child order was acknowledged.</summary>
    /// <param name="destination">The destination.</param>
    /// <param name="orderId">The order.</param>
    /// <param name="sentTimestamp">The timestamp at which it was sent, for ack latency.</param>
    void OrderAcked(DestinationId destination, long orderId, long sentTimestamp);

    /// <summary>A child order was rejected.</summary>
    /// <param name="destination">The destination.</param>
    /// <param name="orderId">The order.</param>
    void OrderRejected(DestinationId destination, long orderId);

    /// <summary>A retry was queued.</summary>
    /// <param name="destination">The destination.</param>
    /// <param name="correlationId">The order or attempt being retried.</param>
    /// <param name="queueDepth">The retry queue depth after queuing.</param>
    void RetryScheduled(DestinationId destination, long correlationId, int queueDepth);
}
