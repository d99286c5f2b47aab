namespace PortStress.Telemetry.Sampling;

/// <summary>One TCP socket as a sampler saw it (from sock_diag or /proc/net/tcp).</summary>
/// <param name="State">The TCP state.</param>
/// <param name="LocalPort">The local port.</param>
/// <param name="Remote">The remote address and port (IPv4-mapped for IPv4 and dual-mode sockets).</param>
/// <param name="ExpiresMilliseconds">Time left on the socket's timer in ms (for TIME_WAIT: until it expires).</param>
public readonly record struct SocketRecord(TcpState State, ushort LocalPort, DestinationKey Remote, uint ExpiresMilliseconds);

/// <summary>Receives the sockets of a table walk. Implement it on a struct so the walk stays allocation-free.</summary>
public interface ISocketVisitor
{
    /// <summary>Called once per socket.</summary>
    /// <param name="socket">The socket.</param>
    void OnSocket(in SocketRecord socket);
}
