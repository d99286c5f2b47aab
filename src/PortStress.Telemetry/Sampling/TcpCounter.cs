namespace PortStress.Telemetry.Sampling;

/// <summary>The kernel TCP counters a <see cref="TcpCounterSampler"/> reads, with the file and name they come from.</summary>
public enum TcpCounter
{
    /// <summary>/proc/net/sockstat <c>TCP: tw</c> — TIME_WAIT sockets now (a gauge).</summary>
    TimeWaitSockets,

    /// <summary>/proc/net/sockstat <c>TCP: inuse</c> — TCP sockets in use now (a gauge).</summary>
    SocketsInUse,

    /// <summary>/proc/net/sockstat <c>TCP: orphan</c> — orphaned sockets now (a gauge).</summary>
    Orphans,

    /// <summary>/proc/net/snmp <c>Tcp: ActiveOpens</c> — connects started.</summary>
    ActiveOpens,

    /// <summary>/proc/net/snmp <c>Tcp: AttemptFails</c> — connects that failed.</summary>
    AttemptFails,

    /// <summary>/proc/net/snmp <c>Tcp: EstabResets</c> — established connections reset.</summary>
    EstabResets,

    /// <summary>/proc/net/snmp <c>Tcp: RetransSegs</c> — segments retransmitted.</summary>
    RetransSegs,

    /// <summary>/proc/net/netstat <c>TcpExt: TW</c> — TIME_WAIT sockets created (counted on entering TIME_WAIT).</summary>
    TimeWaitCreated,

    /// <summary>/proc/net/netstat <c>TcpExt: TWRecycled</c> — TIME_WAIT slots reused by a new connect (tcp_tw_reuse).</summary>
    TimeWaitRecycled,

    /// <summary>/proc/net/netstat <c>TcpExt: TWKilled</c> — TIME_WAIT sockets killed early.</summary>
    TimeWaitKilled,

    /// <summary>/proc/net/netstat <c>TcpExt: TCPTimeWaitOverflow</c> — TIME_WAIT not created: tcp_max_tw_buckets reached.</summary>
    TimeWaitOverflow,

    /// <summary>/proc/net/netstat <c>TcpExt: ListenOverflows</c>.</summary>
    ListenOverflows,

    /// <summary>/proc/net/netstat <c>TcpExt: ListenDrops</c>.</summary>
    ListenDrops,

    /// <summary>/proc/net/netstat <c>TcpExt: TCPSynRetrans</c> — SYNs retransmitted (slow or lost connects).</summary>
    SynRetrans,

    /// <summary>/proc/net/netstat <c>TcpExt: TCPAbortOnData</c>.</summary>
    AbortOnData,

    /// <summary>/proc/net/netstat <c>TcpExt: TCPAbortOnClose</c>.</summary>
    AbortOnClose,

    /// <summary>/proc/net/netstat <c>TcpExt: TCPAbortOnMemory</c>.</summary>
    AbortOnMemory,

    /// <summary>/proc/net/netstat <c>TcpExt: TCPAbortOnTimeout</c>.</summary>
    AbortOnTimeout,

    /// <summary>/proc/net/netstat <c>TcpExt: TCPAbortOnLinger</c>.</summary>
    AbortOnLinger,

    /// <summary>/proc/net/netstat <c>TcpExt: TCPAbortFailed</c>.</summary>
    AbortFailed,
}
