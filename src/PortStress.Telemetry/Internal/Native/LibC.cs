using System.Runtime.InteropServices;

namespace PortStress.Telemetry.Internal.Native;

/// <summary>The few libc calls the managed socket API does not offer (AF_NETLINK sockets, setns).</summary>
internal static unsafe partial class LibC
{
    public const int AfNetlink = 16;
    public const int SockRaw = 3;
    public const int SockCloexec = 0x80000;
    public const int NetlinkSockDiag = 4;
    public const int CloneNewNet = 0x40000000;
    public const int EIntr = 4;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    public static partial nint SendTo(int fd, byte* buffer, nuint length, int flags, byte* address, int addressLength);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Receive(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "unshare", SetLastError = true)]
    public static partial int Unshare(int flags);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNamespace(int fd, int namespaceType);
}
