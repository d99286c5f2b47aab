namespace PortStress.Telemetry.Sampling;

/// <summary>
/// An immutable copy of the figures of one <see cref="SocketTableSample"/> (which the sampler reuses) and of the TCP
/// counters read with it, for readers on other threads: the metrics export and the admin API.
/// </summary>
/// <param name="Timestamp">When the sample was taken (timestamp ticks of the sampler's clock).</param>
/// <param name="Source">Where the table was read from.</param>
/// <param name="UsablePorts">Usable ephemeral ports.</param>
/// <param name="HostPortPressureRatio">Distinct local ports of the range in use over usable ports (host-wide PPR).</param>
/// <param name="HostTimeWaitRatio">TIME_WAIT sockets over usable ports, all destinations (host-wide TWR).</param>
/// <param name="MaxPortPressureRatio">The largest per-destination PPR.</param>
/// <param name="MaxTimeWaitRatio">The largest per-destination TWR.</param>
/// <param name="TimeWaitCreationRate">Sockets entering TIME_WAIT per second (TcpExt TW), or null where unavailable.</param>
/// <param name="Destinations">The destinations with the most sockets, most first (at most the cap given to <see cref="From"/>).</param>
public sealed record SocketSampleSummary(
    long Timestamp,
    SocketTableSource Source,
    int UsablePorts,
    double HostPortPressureRatio,
    double HostTimeWaitRatio,
    double MaxPortPressureRatio,
    double MaxTimeWaitRatio,
    double? TimeWaitCreationRate,
    IReadOnlyList<DestinationSocketSummary> Destinations)
{
    /// <summary>Copies a sample (call it while the sample is valid: before the sampler's next one).</summary>
    /// <param name="sample">The sample.</param>
    /// <param name="counters">The counters read with it, or null.</param>
    /// <param name="maxDestinations">Keep at most this many destinations (those with the most sockets): a bound on
    /// the cardinality of per-destination metrics.</param>
    public static SocketSampleSummary From(SocketTableSample sample, TcpCounterSampler? counters, int maxDestinations = 32)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDestinations);
        var all = sample.Destinations;
        var destinations = new DestinationSocketSummary[all.Count];
        for (var i = 0; i < all.Count; i++)
        {
            var d = all[i];
            destinations[i] = new DestinationSocketSummary(d.Destination, d.Total, d.TimeWait, d.PortPressureRatio, d.TimeWaitRatio);
        }
        Array.Sort(destinations, static (a, b) => b.Sockets.CompareTo(a.Sockets));
        var kept = destinations.Length <= maxDestinations ? destinations : destinations[..maxDestinations];
        return new SocketSampleSummary(
            sample.Timestamp,
            sample.Source,
            sample.UsablePorts,
            sample.HostPortPressureRatio,
            sample.UsablePorts > 0 ? (double)sample.TotalTimeWait / sample.UsablePorts : 0,
            sample.MaxPortPressureRatio,
            sample.MaxTimeWaitRatio,
            counters is { HasRates: true } ? counters.TimeWaitCreationRate : null,
            kept);
    }
}

/// <summary>One destination's sockets in a <see cref="SocketSampleSummary"/>.</summary>
/// <param name="Destination">The remote ip:port.</param>
/// <param name="Sockets">Client sockets to it with a local port in the ephemeral range.</param>
/// <param name="TimeWait">Those in TIME_WAIT.</param>
/// <param name="PortPressureRatio">PPR.</param>
/// <param name="TimeWaitRatio">TWR.</param>
public sealed record DestinationSocketSummary(DestinationKey Destination, int Sockets, int TimeWait, double PortPressureRatio, double TimeWaitRatio);
