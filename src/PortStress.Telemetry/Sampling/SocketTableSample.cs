namespace PortStress.Telemetry.Sampling;

/// <summary>
/// One walk of the socket table, grouped by destination. The sampler reuses this object: it is valid until
/// the next <see cref="SocketTableSampler.Sample"/>.
/// </summary>
public sealed class SocketTableSample
{
    internal List<DestinationSocketStats> DestinationList { get; } = [];

    /// <summary>Where the table was read from.</summary>
    public SocketTableSource Source { get; internal set; }

    /// <summary>Why sampling is unavailable (null when it works).</summary>
    public string? UnavailableReason { get; internal set; }

    /// <summary>The errno of the last failed netlink dump, 0 when none.</summary>
    public int LastError { get; internal set; }

    /// <summary>When the sample was taken, in timestamp ticks of the sampler's <see cref="TimeProvider"/>.</summary>
    public long Timestamp { get; internal set; }

    /// <summary>The ephemeral port range in force.</summary>
    public (ushort Low, ushort High) PortRange { get; internal set; }

    /// <summary>Usable ports: the range, less reserved ports, less ports held by bound-but-unconnected sockets.</summary>
    public int UsablePorts { get; internal set; }

    /// <summary>Distinct ports of the range held by bound-but-unconnected (bind-before-connect) sockets.</summary>
    public int BoundPortsHeld { get; internal set; }

    /// <summary>Client sockets with a local port in the range, all destinations.</summary>
    public int TotalSockets { get; internal set; }

    /// <summary>TIME_WAIT sockets among them.</summary>
    public int TotalTimeWait { get; internal set; }

    /// <summary>Distinct local ports of the range in use by client sockets, over usable ports.</summary>
    public double HostPortPressureRatio { get; internal set; }

    /// <summary>The largest per-destination PPR (what the controller uses).</summary>
    public double MaxPortPressureRatio { get; internal set; }

    /// <summary>The largest per-destination TWR.</summary>
    public double MaxTimeWaitRatio { get; internal set; }

    /// <summary>Destinations with at least one socket in this sample.</summary>
    public IReadOnlyList<DestinationSocketStats> Destinations => DestinationList;

    /// <summary>The stats of one destination, or null when it had no sockets.</summary>
    /// <param name="destination">The destination.</param>
    public DestinationSocketStats? For(DestinationKey destination)
    {
        foreach (var d in DestinationList)
        {
            if (d.Destination == destination)
                return d;
        }
        return null;
    }
}
