namespace PortStress.Telemetry;

/// <summary>Why a connect attempt failed, as counted for the connect failure ratio (CFR).</summary>
public enum ConnectFailureCause : byte
{
    /// <summary>No failure.</summary>
    None = 0,

    /// <summary>EADDRNOTAVAIL: no local port left for this destination (ephemeral port exhaustion).</summary>
    AddressNotAvailable,

    /// <summary>EADDRINUSE: an explicitly bound local address or port was taken.</summary>
    AddressInUse,

    /// <summary>ECONNREFUSED: nothing listening, or the listener's backlog overflowed.</summary>
    Refused,

    /// <summary>The connect did not complete before its timeout (ETIMEDOUT or the caller's own deadline).</summary>
    TimedOut,

    /// <summary>ECONNRESET during connect or logon.</summary>
    Reset,

    /// <summary>ENETUNREACH or EHOSTUNREACH.</summary>
    Unreachable,

    /// <summary>Any other error; see the errno.</summary>
    Other,
}
