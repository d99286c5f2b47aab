namespace PortStress.Telemetry.Sampling;

/// <summary>Where a <see cref="SocketTableSampler"/> reads the socket table from.</summary>
public enum SocketTableSource
{
    /// <summary>No socket table on this operating system (or neither source could be opened).</summary>
    Unavailable = 0,

    /// <summary>NETLINK_SOCK_DIAG dumps with a kernel-side port filter (fast, allocation-free).</summary>
    SockDiag,

    /// <summary>Parsing /proc/net/tcp and tcp6 (the fallback when netlink is refused).</summary>
    ProcNetTcp,
}
