namespace PortStress.Fix.Engine;

/// <summary>Who ended a connection.</summary>
public enum DisconnectInitiator
{
    /// <summary>This side closed it.</summary>
    Local,

    /// <summary>The counterparty closed it (or it was reset).</summary>
    Remote,
}

/// <summary>
/// Transport and session events for the middleware's telemetry, each with a high-resolution
/// timestamp (<see cref="TimeProvider.GetTimestamp"/>). Called inline on the thread that sees
/// the event: implementations must be quick and must not allocate or block (claim a ring slot
/// and return). Arguments are primitives, spans and the session's own id, so nothing is
/// allocated to call it.
/// </summary>
public interface ISessionObserver
{
    /// <summary>An initiator starts a connect attempt.</summary>
    void ConnectStarted(in SessionId session, string host, int port, long timestamp);

    /// <summary>The TCP connection is established.</summary>
    void ConnectSucceeded(in SessionId session, string host, int port, long startTimestamp, long timestamp);

    /// <summary>The connect attempt failed; <paramref name="socketError"/> is the .NET code and <paramref name="errno"/> the native one.</summary>
    void ConnectFailed(in SessionId session, string host, int port, System.Net.Sockets.SocketError socketError, int errno, long startTimestamp, long timestamp);

    /// <summary>The TLS handshake completed.</summary>
    void TlsCompleted(in SessionId session, long startTimestamp, long timestamp);

    /// <summary>This side sent a Logon.</summary>
    void LogonSent(in SessionId session, long timestamp);

    /// <summary>The Logon exchange completed.</summary>
    void LogonAcknowledged(in SessionId session, long logonSentTimestamp, long timestamp);

    /// <summary>The connection ended.</summary>
    void Disconnected(in SessionId session, DisconnectInitiator initiator, string reason, long timestamp);

    /// <summary>A message was written to the connection.</summary>
    void MessageSent(in SessionId session, ReadOnlySpan<byte> msgType, int seqNum, long timestamp);

    /// <summary>A message was received and accepted in sequence.</summary>
    void MessageReceived(in SessionId session, ReadOnlySpan<byte> msgType, int seqNum, long timestamp);
}
