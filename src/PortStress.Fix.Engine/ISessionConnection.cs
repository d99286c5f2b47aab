namespace PortStress.Fix.Engine;

/// <summary>
/// The byte pipe under a session: a socket, TLS stream or an in-memory duplex in tests. The
/// session writes whole frames in sequence order and asks for a disconnect; the connection
/// calls <see cref="Session.OnFrame(ISessionConnection, ReadOnlySpan{byte})"/> for every complete frame it reads.
/// </summary>
public interface ISessionConnection
{
    /// <summary>Queues a frame for sending; never blocks the session thread.</summary>
    /// <param name="frame">A complete frame.</param>
    void Send(ReadOnlySpan<byte> frame);

    /// <summary>Bytes queued but not yet handed to the operating system.</summary>
    long PendingBytes { get; }

    /// <summary>Closes the connection; the session's <see cref="Session.OnDisconnected"/> follows.</summary>
    /// <param name="reason">Why, for logs and the observer.</param>
    void Disconnect(string reason);

    /// <summary>The remote end, for logs.</summary>
    string RemoteEndPoint { get; }
}

/// <summary>What happened to a message given to <see cref="Session.Send"/>.</summary>
public enum SendOutcome
{
    /// <summary>Sequenced, stored and queued on the connection.</summary>
    Sent,

    /// <summary>Not sent: the session is not logged on.</summary>
    NotLoggedOn,

    /// <summary>Not sent: the application vetoed it in ToApp.</summary>
    Vetoed,

    /// <summary>Not sent: the counterparty is not reading and the outbound backlog is full.</summary>
    Backpressure,
}

/// <summary>Where a session is in its life.</summary>
public enum SessionState
{
    /// <summary>No connection.</summary>
    Disconnected,

    /// <summary>Connected; the Logon exchange has not completed.</summary>
    LogonPending,

    /// <summary>Logged on: application messages flow.</summary>
    LoggedOn,

    /// <summary>A Logout was sent; waiting for the answer.</summary>
    LogoutPending,
}
