using System.Buffers.Binary;
using System.Runtime.InteropServices;
using PortStress.Telemetry.Internal.Native;
using PortStress.Telemetry.Sampling;

namespace PortStress.Telemetry.Internal;

/// <summary>
/// A NETLINK_SOCK_DIAG socket that dumps TCP sockets of one family with an explicit state mask and a
/// kernel-side bytecode filter on the local port range. Request and reply buffers are pinned and reused:
/// a dump allocates nothing. The socket belongs to the network namespace of the thread that opened it.
/// </summary>
internal sealed unsafe class SockDiagClient : IDisposable
{
    private const int NlmsgHeader = 16;
    private const int InetDiagReqV2 = 56;
    private const int RtAttrHeader = 4;
    private const int BytecodeLength = 16;
    private const int RequestLength = NlmsgHeader + InetDiagReqV2 + RtAttrHeader + BytecodeLength;
    private const ushort SockDiagByFamily = 20;
    private const ushort NlmFRequest = 0x1;
    private const ushort NlmFDump = 0x300;
    private const ushort NlmsgError = 2;
    private const ushort NlmsgDone = 3;
    private const ushort InetDiagReqBytecode = 1;
    private const byte InetDiagBcSGe = 2;
    private const byte InetDiagBcSLe = 3;
    private const byte IpProtoTcp = 6;
    private const int InetDiagMsgLength = 72;

    private readonly byte[] _request = GC.AllocateArray<byte>(RequestLength, pinned: true);
    private readonly byte[] _reply;
    private readonly byte[] _kernelAddress = GC.AllocateArray<byte>(12, pinned: true);
    private int _fd;
    private uint _sequence;

    private SockDiagClient(int fd, int replyBufferSize)
    {
        _fd = fd;
        _reply = GC.AllocateArray<byte>(replyBufferSize, pinned: true);
        BinaryPrimitives.WriteUInt16LittleEndian(_kernelAddress, LibC.AfNetlink);
    }

    /// <summary>Opens the netlink socket; null with the errno when the kernel or a sandbox refuses it.</summary>
    public static SockDiagClient? TryOpen(out int errno, int replyBufferSize = 64 * 1024)
    {
        var fd = LibC.Socket(LibC.AfNetlink, LibC.SockRaw | LibC.SockCloexec, LibC.NetlinkSockDiag);
        if (fd < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }
        errno = 0;
        return new SockDiagClient(fd, replyBufferSize);
    }

    /// <summary>Dumps the TCP sockets of <paramref name="family"/> in <paramref name="stateMask"/> whose local port is in [low, high].</summary>
    /// <returns>0, or the errno of a failed send, receive or kernel error reply.</returns>
    public int Dump<TVisitor>(byte family, uint stateMask, ushort low, ushort high, ref TVisitor visitor)
        where TVisitor : ISocketVisitor
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        var sequence = ++_sequence;
        BuildRequest(family, stateMask, low, high, sequence);
        fixed (byte* request = _request)
        fixed (byte* address = _kernelAddress)
        {
            nint sent;
            do
                sent = LibC.SendTo(_fd, request, RequestLength, 0, address, _kernelAddress.Length);
            while (sent < 0 && Marshal.GetLastPInvokeError() == LibC.EIntr);
            if (sent < 0)
                return Marshal.GetLastPInvokeError();
        }
        fixed (byte* reply = _reply)
        {
            while (true)
            {
                var received = LibC.Receive(_fd, reply, (nuint)_reply.Length, 0);
                if (received < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == LibC.EIntr)
                        continue;
                    return errno;
                }
                var result = ParseReplies(new ReadOnlySpan<byte>(reply, (int)received), sequence, ref visitor);
                if (result != Continue)
                    return result;
            }
        }
    }

    private const int Continue = -1;

    private static int ParseReplies<TVisitor>(ReadOnlySpan<byte> data, uint sequence, ref TVisitor visitor)
        where TVisitor : ISocketVisitor
    {
        while (data.Length >= NlmsgHeader)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data);
            if (length < NlmsgHeader || length > data.Length)
                return 74; // EBADMSG
            var type = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
            var messageSequence = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
            if (messageSequence == sequence)
            {
                if (type == NlmsgDone)
                    return 0;
                if (type == NlmsgError)
                {
                    var error = BinaryPrimitives.ReadInt32LittleEndian(data[NlmsgHeader..]);
                    return error == 0 ? 0 : -error;
                }
                if (type == SockDiagByFamily && length >= NlmsgHeader + InetDiagMsgLength)
                    visitor.OnSocket(Decode(data.Slice(NlmsgHeader, InetDiagMsgLength)));
            }
            var aligned = (length + 3) & ~3;
            if (aligned >= data.Length)
                break;
            data = data[aligned..];
        }
        return Continue;
    }

    private static SocketRecord Decode(ReadOnlySpan<byte> message)
    {
        // struct inet_diag_msg: family, state, timer, retrans, then inet_diag_sockid (sport, dport big-endian,
        // src[16], dst[16], if, cookie[2]), then expires (ms), rqueue, wqueue, uid, inode.
        var family = message[0];
        var state = (TcpState)message[1];
        var localPort = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        var remotePort = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        var remote = family == 2
            ? DestinationKey.FromIPv4(message.Slice(24, 4), remotePort)
            : DestinationKey.FromIPv6(message.Slice(24, 16), remotePort);
        var expires = BinaryPrimitives.ReadUInt32LittleEndian(message[52..]);
        return new SocketRecord(state, localPort, remote, expires);
    }

    private void BuildRequest(byte family, uint stateMask, ushort low, ushort high, uint sequence)
    {
        var r = _request.AsSpan();
        r.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(r, RequestLength);
        BinaryPrimitives.WriteUInt16LittleEndian(r[4..], SockDiagByFamily);
        BinaryPrimitives.WriteUInt16LittleEndian(r[6..], NlmFRequest | NlmFDump);
        BinaryPrimitives.WriteUInt32LittleEndian(r[8..], sequence);
        var req = r[NlmsgHeader..];
        req[0] = family;
        req[1] = IpProtoTcp;
        BinaryPrimitives.WriteUInt32LittleEndian(req[4..], stateMask);
        var attr = r[(NlmsgHeader + InetDiagReqV2)..];
        BinaryPrimitives.WriteUInt16LittleEndian(attr, RtAttrHeader + BytecodeLength);
        BinaryPrimitives.WriteUInt16LittleEndian(attr[2..], InetDiagReqBytecode);
        // Bytecode: "sport >= low" then "sport <= high". Each comparison is an op {code, yes, no} followed by an op
        // whose 'no' field holds the port. 'yes' steps to the next test; 'no' jumps 4 bytes past the end (reject).
        var bc = attr[RtAttrHeader..];
        WriteOp(bc, InetDiagBcSGe, 8, 20);
        WriteOp(bc[4..], 0, 0, low);
        WriteOp(bc[8..], InetDiagBcSLe, 8, 12);
        WriteOp(bc[12..], 0, 0, high);
    }

    private static void WriteOp(Span<byte> op, byte code, byte yes, ushort no)
    {
        op[0] = code;
        op[1] = yes;
        BinaryPrimitives.WriteUInt16LittleEndian(op[2..], no);
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
            _ = LibC.Close(fd);
    }
}
