namespace PortStress.Telemetry;

/// <summary>An observer that records nothing, for connectors used without telemetry.</summary>
public sealed class NullTransportObserver : ITransportObserver
{
    /// <summary>The one instance.</summary>
    public static NullTransportObserver Instance { get; } = new();

    /// <inheritdoc />
    public void ConnectAttempt(DestinationId destination, long attemptId)
    {
    }

    /// <inheritdoc />
    public void ConnectSucceeded(DestinationId destination, long attemptId, long elapsed)
    {
    }

    /// <inheritdoc />
    public void ConnectFailed(DestinationId destination, long attemptId, ConnectFailureCause cause, int errno, long elapsed)
    {
    }

    /// <inheritdoc />
    public void LogonSent(DestinationId destination, long sessionId)
    {
    }

    /// <inheritdoc />
    public void LogonAcked(DestinationId destination, long sessionId, long sentTimestamp)
    {
    }

    /// <inheritdoc />
    public void Disconnected(DestinationId destination, long sessionId, DisconnectReason reason, int errno)
    {
    }

    /// <inheritdoc />
    public void ReconnectScheduled(DestinationId destination, long sessionId, long delay)
    {
    }

    /// <inheritdoc />
    public void OrderDecided(DestinationId destination, long orderId)
    {
    }

    /// <inheritdoc />
    public void OrderSent(DestinationId destination, long orderId, long decidedTimestamp)
    {
    }

    /// <inheritdoc />
    public void OrderAcked(DestinationId destination, long orderId, long sentTimestamp)
    {
    }

    /// <inheritdoc />
    public void OrderRejected(DestinationId destination, long orderId)
    {
    }

    /// <inheritdoc />
    public void RetryScheduled(DestinationId destination, long correlationId, int queueDepth)
    {
    }
}
