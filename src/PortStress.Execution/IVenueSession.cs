namespace PortStress.Execution;

/// <summary>Whether a venue session took an order.</summary>
public enum SendResult : byte
{
    /// <summary>Handed to the session (written or queued for the transport).</summary>
    Sent = 1,

    /// <summary>The session is not logged on.</summary>
    NotLoggedOn,

    /// <summary>The session refused it (application DoNotSend, transport failure).</summary>
    Failed,
}

/// <summary>
/// One FIX session to a venue as the gate sees it. The interceptor implements it over an engine session
/// (NewOrderSingle with ClOrdID = <see cref="ChildOrderIntent.OrderId"/>); tests and benchmarks use their own.
/// </summary>
public interface IVenueSession
{
    /// <summary>The venue it connects to.</summary>
    string Venue { get; }

    /// <summary>The session's name (its session id text).</summary>
    string Name { get; }

    /// <summary>True while logged on.</summary>
    bool IsLoggedOn { get; }

    /// <summary>When the current logon completed (gate clock timestamp); 0 when not logged on.</summary>
    long LoggedOnSince { get; }

    /// <summary>Sends the order with <paramref name="quantity"/> (38). Must not block; must not allocate in steady state.</summary>
    /// <param name="intent">The order.</param>
    /// <param name="quantity">The quantity after trim.</param>
    SendResult Send(ChildOrderIntent intent, decimal quantity);
}
