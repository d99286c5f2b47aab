namespace PortStress.Telemetry;

/// <summary>Why an established connection ended.</summary>
public enum DisconnectReason : byte
{
    /// <summary>Not known.</summary>
    Unknown = 0,

    /// <summary>This side closed it deliberately (logout, shutdown).</summary>
    LocalClose,

    /// <summary>The peer closed it in order (FIN).</summary>
    PeerClose,

    /// <summary>The peer or the network reset it (RST).</summary>
    Reset,

    /// <summary>The session gave up waiting for the peer (heartbeat or test-request timeout).</summary>
    Timeout,

    /// <summary>The peer refused the logon.</summary>
    LogonRejected,

    /// <summary>A transport or protocol error.</summary>
    Error,
}
