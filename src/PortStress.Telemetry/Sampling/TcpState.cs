namespace PortStress.Telemetry.Sampling;

/// <summary>Linux TCP socket states, numbered as the kernel numbers them (<c>include/net/tcp_states.h</c>).</summary>
public enum TcpState : byte
{
    /// <summary>Not a state.</summary>
    Unknown = 0,

    /// <summary>ESTABLISHED.</summary>
    Established = 1,

    /// <summary>SYN_SENT: connect() in progress.</summary>
    SynSent = 2,

    /// <summary>SYN_RECV (server side).</summary>
    SynRecv = 3,

    /// <summary>FIN_WAIT1.</summary>
    FinWait1 = 4,

    /// <summary>FIN_WAIT2.</summary>
    FinWait2 = 5,

    /// <summary>TIME_WAIT.</summary>
    TimeWait = 6,

    /// <summary>CLOSE.</summary>
    Close = 7,

    /// <summary>CLOSE_WAIT.</summary>
    CloseWait = 8,

    /// <summary>LAST_ACK.</summary>
    LastAck = 9,

    /// <summary>LISTEN.</summary>
    Listen = 10,

    /// <summary>CLOSING.</summary>
    Closing = 11,

    /// <summary>NEW_SYN_RECV (request sockets).</summary>
    NewSynRecv = 12,

    /// <summary>Bound but neither connected nor listening (bind-before-connect); reported by kernels 6.5 and later.</summary>
    BoundInactive = 13,
}
