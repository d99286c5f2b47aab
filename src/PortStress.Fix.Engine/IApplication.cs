using PortStress.Fix.Protocol;

namespace PortStress.Fix.Engine;

/// <summary>
/// The application behind sessions, shaped like QuickFIX's so a QuickFIX/n application ports by
/// renaming: throw <see cref="DoNotSendException"/> from <see cref="ToApp"/> to veto a message,
/// <see cref="RejectLogonException"/> from <see cref="FromAdmin"/> to refuse a Logon, and
/// <see cref="UnsupportedMessageTypeException"/> from <see cref="FromApp"/> for messages it does not handle.
/// Callbacks run on the session's thread; messages are only valid during the call.
/// </summary>
public interface IApplication
{
    /// <summary>A session was created (once per session, at start-up).</summary>
    void OnCreate(SessionId sessionId);

    /// <summary>The Logon handshake completed.</summary>
    void OnLogon(SessionId sessionId);

    /// <summary>The session logged out or its connection was lost.</summary>
    void OnLogout(SessionId sessionId);

    /// <summary>An admin message is about to be sent; it may be changed (e.g. Username/Password on Logon).</summary>
    void ToAdmin(FixMessage message, SessionId sessionId);

    /// <summary>An admin message arrived. Throw <see cref="RejectLogonException"/> to refuse a Logon.</summary>
    void FromAdmin(FixMessage message, SessionId sessionId);

    /// <summary>An application message is about to be sent (also on resend). Throw <see cref="DoNotSendException"/> to veto it.</summary>
    void ToApp(FixMessage message, SessionId sessionId);

    /// <summary>An application message arrived. Throw <see cref="UnsupportedMessageTypeException"/> if it is not handled.</summary>
    void FromApp(FixMessage message, SessionId sessionId);
}

/// <summary>Thrown from <see cref="IApplication.ToApp"/>: do not send this message (on resend it becomes a gap fill).</summary>
public sealed class DoNotSendException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DoNotSendException()
        : base("The application vetoed the message.")
    {
    }

    /// <summary>Creates the exception with a reason.</summary>
    /// <param name="message">Why.</param>
    public DoNotSendException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a reason and a cause.</summary>
    /// <param name="message">Why.</param>
    /// <param name="innerException">The cause.</param>
    public DoNotSendException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Thrown from <see cref="IApplication.FromAdmin"/> on a Logon: refuse it; the message becomes the Logout's Text (58).</summary>
public sealed class RejectLogonException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RejectLogonException()
        : base("Logon refused by the application.")
    {
    }

    /// <summary>Creates the exception with a reason sent to the counterparty.</summary>
    /// <param name="message">Why.</param>
    public RejectLogonException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a reason and a cause.</summary>
    /// <param name="message">Why.</param>
    /// <param name="innerException">The cause.</param>
    public RejectLogonException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Thrown from <see cref="IApplication.FromApp"/>: the session answers with BusinessMessageReject (or Reject before FIX 4.2).</summary>
public sealed class UnsupportedMessageTypeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UnsupportedMessageTypeException()
        : base("Unsupported Message Type")
    {
    }

    /// <summary>Creates the exception with a reason.</summary>
    /// <param name="message">Why.</param>
    public UnsupportedMessageTypeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a reason and a cause.</summary>
    /// <param name="message">Why.</param>
    /// <param name="innerException">The cause.</param>
    public UnsupportedMessageTypeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
