using System.Net;

namespace PortStress.Telemetry.Connect;

/// <summary>How <see cref="InstrumentedConnector"/> opens connections.</summary>
public sealed class ConnectorOptions
{
    /// <summary>A local address to connect from; null lets the kernel choose.</summary>
    public IPAddress? LocalAddress { get; set; }

    /// <summary>
    /// With <see cref="LocalAddress"/>: set IP_BIND_ADDRESS_NO_PORT so bind() only fixes the address and connect()
    /// picks the port per 4-tuple (a bound port would otherwise be taken from every destination). Default true.
    /// </summary>
    public bool BindAddressNoPort { get; set; } = true;

    /// <summary>
    /// An explicit, bounded window of source ports tried in rotation (SO_REUSEADDR, so a port is shared by
    /// destinations and fails only on a 4-tuple clash). Null: the kernel's ephemeral range.
    /// </summary>
    public (ushort First, ushort Last)? SourcePortWindow { get; set; }

    /// <summary>Abandon a connect after this long (recorded as <see cref="ConnectFailureCause.TimedOut"/>). Null: the kernel's SYN retries.</summary>
    public TimeSpan? ConnectTimeout { get; set; }

    /// <summary>Disable Nagle on connected sockets. Default true.</summary>
    public bool NoDelay { get; set; } = true;
}
