using System.Globalization;

namespace PortStress.Telemetry.Sampling;

/// <summary>The sysctls that bound port pressure, as read from /proc/sys (for the calling thread's network namespace).</summary>
/// <param name="PortRangeLow">First port of <c>net.ipv4.ip_local_port_range</c>.</param>
/// <param name="PortRangeHigh">Last port of <c>net.ipv4.ip_local_port_range</c>.</param>
/// <param name="ReservedPorts">The <c>net.ipv4.ip_local_reserved_ports</c> ranges (inclusive).</param>
/// <param name="TcpTwReuse"><c>net.ipv4.tcp_tw_reuse</c> (0 off, 1 on, 2 loopback only).</param>
/// <param name="TcpTwReuseDelayMilliseconds"><c>net.ipv4.tcp_tw_reuse_delay</c>, null on kernels without it.</param>
/// <param name="MaxTimeWaitBuckets"><c>net.ipv4.tcp_max_tw_buckets</c>.</param>
public sealed record KernelNetSettings(
    ushort PortRangeLow,
    ushort PortRangeHigh,
    IReadOnlyList<(ushort First, ushort Last)> ReservedPorts,
    int TcpTwReuse,
    int? TcpTwReuseDelayMilliseconds,
    long MaxTimeWaitBuckets)
{
    private const string Ipv4 = "/proc/sys/net/ipv4/";

    /// <summary>The ports in the ephemeral range.</summary>
    public int RangeSize => PortRangeHigh - PortRangeLow + 1;

    /// <summary>Reserved ports that fall inside the ephemeral range.</summary>
    public int ReservedInRange => ReservedPorts.Sum(r =>
        Math.Max(0, Math.Min(r.Last, PortRangeHigh) - Math.Max(r.First, PortRangeLow) + 1));

    /// <summary>Reads the settings of the calling thread's network namespace.</summary>
    public static KernelNetSettings Read()
    {
        var range = File.ReadAllText(Ipv4 + "ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return new KernelNetSettings(
            ushort.Parse(range[0], CultureInfo.InvariantCulture),
            ushort.Parse(range[1], CultureInfo.InvariantCulture),
            ParseRanges(ReadOrEmpty("ip_local_reserved_ports")),
            (int)(ReadNumber("tcp_tw_reuse") ?? 0),
            (int?)ReadNumber("tcp_tw_reuse_delay"),
            ReadNumber("tcp_max_tw_buckets") ?? 0);
    }

    /// <summary>Parses the <c>ip_local_reserved_ports</c> syntax: <c>8080,9000-9010</c>.</summary>
    /// <param name="text">The sysctl's text.</param>
    public static IReadOnlyList<(ushort First, ushort Last)> ParseRanges(string text)
    {
        var ranges = new List<(ushort, ushort)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            var first = ushort.Parse(dash < 0 ? part : part[..dash], CultureInfo.InvariantCulture);
            var last = dash < 0 ? first : ushort.Parse(part[(dash + 1)..], CultureInfo.InvariantCulture);
            ranges.Add((first, last));
        }
        return ranges;
    }

    private static string ReadOrEmpty(string name) => File.Exists(Ipv4 + name) ? File.ReadAllText(Ipv4 + name) : "";

    private static long? ReadNumber(string name) =>
        long.TryParse(ReadOrEmpty(name).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
