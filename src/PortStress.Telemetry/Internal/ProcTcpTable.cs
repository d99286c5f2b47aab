using System.Buffers.Binary;
using PortStress.Telemetry.Sampling;

namespace PortStress.Telemetry.Internal;

/// <summary>
/// The fallback socket table: parses /proc/thread-self/net/tcp and tcp6 (hex addresses in host byte order per
/// 32-bit word; the timer field in USER_HZ ticks) and visits the sockets whose state is in the mask and whose
/// local port is in range. The kernel still formats every socket, so this is much slower than sock_diag.
/// </summary>
internal sealed class ProcTcpTable : IDisposable
{
    private const int UserHz = 100;
    private readonly ProcFile _tcp;
    private readonly ProcFile? _tcp6;

    public ProcTcpTable(string netDirectory = "/proc/thread-self/net")
    {
        _tcp = new ProcFile(System.IO.Path.Combine(netDirectory, "tcp"), 256 * 1024);
        var tcp6 = System.IO.Path.Combine(netDirectory, "tcp6");
        _tcp6 = File.Exists(tcp6) ? new ProcFile(tcp6, 256 * 1024) : null;
    }

    public void Walk<TVisitor>(uint stateMask, ushort low, ushort high, ref TVisitor visitor)
        where TVisitor : ISocketVisitor
    {
        Parse(_tcp.Read(), ipv6: false, stateMask, low, high, ref visitor);
        if (_tcp6 is not null)
            Parse(_tcp6.Read(), ipv6: true, stateMask, low, high, ref visitor);
    }

    internal static void Parse<TVisitor>(ReadOnlySpan<byte> text, bool ipv6, uint stateMask, ushort low, ushort high, ref TVisitor visitor)
        where TVisitor : ISocketVisitor
    {
        AsciiParse.NextLine(ref text, out _); // header
        Span<byte> address = stackalloc byte[16];
        while (AsciiParse.NextLine(ref text, out var line))
        {
            // sl local rem st tx:rx tr:when retrnsmt ...
            if (!AsciiParse.NextToken(ref line, out _) ||
                !AsciiParse.NextToken(ref line, out var local) ||
                !AsciiParse.NextToken(ref line, out var remote) ||
                !AsciiParse.NextToken(ref line, out var state) ||
                !AsciiParse.NextToken(ref line, out _) ||
                !AsciiParse.NextToken(ref line, out var timer))
                continue;
            var tcpState = (TcpState)AsciiParse.Hex32(state);
            if ((stateMask & (1u << (int)tcpState)) == 0)
                continue;
            var colon = local.IndexOf((byte)':');
            if (colon < 0)
                continue;
            var localPort = (ushort)AsciiParse.Hex32(local[(colon + 1)..]);
            if (localPort < low || localPort > high)
                continue;
            var remoteKey = ParseEndPoint(remote, ipv6, address);
            var when = timer.IndexOf((byte)':');
            var expires = when < 0 ? 0 : AsciiParse.Hex32(timer[(when + 1)..]) * (1000u / UserHz);
            visitor.OnSocket(new SocketRecord(tcpState, localPort, remoteKey, expires));
        }
    }

    private static DestinationKey ParseEndPoint(ReadOnlySpan<byte> text, bool ipv6, Span<byte> address)
    {
        var colon = text.IndexOf((byte)':');
        var hex = text[..colon];
        var port = (ushort)AsciiParse.Hex32(text[(colon + 1)..]);
        var words = ipv6 ? 4 : 1;
        for (var w = 0; w < words; w++)
            BinaryPrimitives.WriteUInt32LittleEndian(address[(w * 4)..], AsciiParse.Hex32(hex.Slice(w * 8, 8)));
        return ipv6 ? DestinationKey.FromIPv6(address, port) : DestinationKey.FromIPv4(address[..4], port);
    }

    public void Dispose()
    {
        _tcp.Dispose();
        _tcp6?.Dispose();
    }
}
