using PortStress.Telemetry.Sampling;

namespace PortStress.Telemetry.Internal;

/// <summary>Reads /proc/thread-self/net/{sockstat,snmp,netstat} into a counter array without allocating.</summary>
internal sealed class ProcNetCounters : IDisposable
{
    private static readonly byte[][] SnmpNames = ["ActiveOpens"u8.ToArray(), "AttemptFails"u8.ToArray(), "EstabResets"u8.ToArray(), "RetransSegs"u8.ToArray()];
    private static readonly TcpCounter[] SnmpCounters = [TcpCounter.ActiveOpens, TcpCounter.AttemptFails, TcpCounter.EstabResets, TcpCounter.RetransSegs];
    private static readonly byte[][] NetstatNames =
    [
        "TW"u8.ToArray(), "TWRecycled"u8.ToArray(), "TWKilled"u8.ToArray(), "TCPTimeWaitOverflow"u8.ToArray(),
        "ListenOverflows"u8.ToArray(), "ListenDrops"u8.ToArray(), "TCPSynRetrans"u8.ToArray(), "TCPAbortOnData"u8.ToArray(),
        "TCPAbortOnClose"u8.ToArray(), "TCPAbortOnMemory"u8.ToArray(), "TCPAbortOnTimeout"u8.ToArray(),
        "TCPAbortOnLinger"u8.ToArray(), "TCPAbortFailed"u8.ToArray(),
    ];
    private static readonly TcpCounter[] NetstatCounters =
    [
        TcpCounter.TimeWaitCreated, TcpCounter.TimeWaitRecycled, TcpCounter.TimeWaitKilled, TcpCounter.TimeWaitOverflow,
        TcpCounter.ListenOverflows, TcpCounter.ListenDrops, TcpCounter.SynRetrans, TcpCounter.AbortOnData,
        TcpCounter.AbortOnClose, TcpCounter.AbortOnMemory, TcpCounter.AbortOnTimeout, TcpCounter.AbortOnLinger,
        TcpCounter.AbortFailed,
    ];

    private readonly ProcFile _sockstat;
    private readonly ProcFile _snmp;
    private readonly ProcFile _netstat;

    public ProcNetCounters(string netDirectory = "/proc/thread-self/net")
    {
        _sockstat = new ProcFile(Path.Combine(netDirectory, "sockstat"), 4096);
        _snmp = new ProcFile(Path.Combine(netDirectory, "snmp"), 16 * 1024);
        _netstat = new ProcFile(Path.Combine(netDirectory, "netstat"), 16 * 1024);
    }

    public void Read(long[] values)
    {
        ParseSockstat(_sockstat.Read(), values);
        ParseTable(_snmp.Read(), "Tcp:"u8, SnmpNames, SnmpCounters, values);
        ParseTable(_netstat.Read(), "TcpExt:"u8, NetstatNames, NetstatCounters, values);
    }

    internal static void ParseSockstat(ReadOnlySpan<byte> text, long[] values)
    {
        while (AsciiParse.NextLine(ref text, out var line))
        {
            if (!line.StartsWith("TCP:"u8))
                continue;
            line = line[4..];
            while (AsciiParse.NextToken(ref line, out var name) && AsciiParse.NextToken(ref line, out var value))
            {
                if (name.SequenceEqual("inuse"u8))
                    values[(int)TcpCounter.SocketsInUse] = AsciiParse.Int64(value);
                else if (name.SequenceEqual("orphan"u8))
                    values[(int)TcpCounter.Orphans] = AsciiParse.Int64(value);
                else if (name.SequenceEqual("tw"u8))
                    values[(int)TcpCounter.TimeWaitSockets] = AsciiParse.Int64(value);
            }
            return;
        }
    }

    /// <summary>Parses the "Prefix: name name ..." / "Prefix: value value ..." line pair of snmp and netstat.</summary>
    internal static void ParseTable(ReadOnlySpan<byte> text, ReadOnlySpan<byte> prefix, byte[][] names, TcpCounter[] counters, long[] values)
    {
        while (AsciiParse.NextLine(ref text, out var header))
        {
            if (!header.StartsWith(prefix) || !AsciiParse.NextLine(ref text, out var data) || !data.StartsWith(prefix))
                continue;
            header = header[prefix.Length..];
            data = data[prefix.Length..];
            while (AsciiParse.NextToken(ref header, out var name) && AsciiParse.NextToken(ref data, out var value))
            {
                for (var i = 0; i < names.Length; i++)
                {
                    if (name.SequenceEqual(names[i]))
                    {
                        values[(int)counters[i]] = AsciiParse.Int64(value);
                        break;
                    }
                }
            }
            return;
        }
    }

    public void Dispose()
    {
        _sockstat.Dispose();
        _snmp.Dispose();
        _netstat.Dispose();
    }
}
