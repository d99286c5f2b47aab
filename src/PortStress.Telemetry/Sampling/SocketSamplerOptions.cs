namespace PortStress.Telemetry.Sampling;

/// <summary>Options of <see cref="SocketTableSampler"/> and <see cref="TransportSampler"/>.</summary>
public sealed class SocketSamplerOptions
{
    /// <summary>
    /// The client states dumped. Explicit on purpose: never all-ones, which also walks the listening and bind
    /// tables. Default: SYN_SENT, ESTABLISHED, FIN_WAIT1/2, TIME_WAIT, CLOSE_WAIT, LAST_ACK, CLOSING.
    /// </summary>
    public uint ClientStateMask { get; set; } = StateMask(
        TcpState.SynSent, TcpState.Established, TcpState.FinWait1, TcpState.FinWait2, TcpState.TimeWait,
        TcpState.CloseWait, TcpState.LastAck, TcpState.Closing);

    /// <summary>Also walk the bind table for bound-but-unconnected sockets (kernel 6.5+), to subtract their ports. Default true.</summary>
    public bool CountBoundPorts { get; set; } = true;

    /// <summary>Skip netlink and parse /proc/net/tcp (for tests and comparison). Default false.</summary>
    public bool ForceProcFallback { get; set; }

    /// <summary>Sampling interval while pressure is low. Default 5 s.</summary>
    public TimeSpan CalmInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Sampling interval while pressure is rising. Default 500 ms.</summary>
    public TimeSpan PressuredInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Max PPR or TWR at or above which sampling goes fast. Default 0.2.</summary>
    public double PressureThreshold { get; set; } = 0.2;

    /// <summary>A PPR rise between samples at or above which sampling goes fast. Default 0.05.</summary>
    public double PressureRiseThreshold { get; set; } = 0.05;

    /// <summary>How often the sysctls are re-read. Default 30 s.</summary>
    public TimeSpan SettingsRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The state-mask bits for some states.</summary>
    /// <param name="states">The states.</param>
    public static uint StateMask(params ReadOnlySpan<TcpState> states)
    {
        uint mask = 0;
        foreach (var state in states)
            mask |= 1u << (int)state;
        return mask;
    }
}
