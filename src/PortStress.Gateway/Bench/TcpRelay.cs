using System.Net;
using System.Net.Sockets;

namespace PortStress.Gateway.Bench;

/// <summary>
/// The floor of any router in the gateway's place: a loopback listener that, for each connection it accepts, opens one
/// to <c>target</c> and copies bytes both ways, with no FIX work at all. It uses the runtime's asynchronous sockets as
/// the engine does (so, with inline completions, each copy runs on the socket event thread), and a FIX session
/// runs end to end through it. Between the engine's own round trip and this, the only difference is the two extra
/// hops; between this and the gateway, the gateway's own work.
/// </summary>
internal sealed class TcpRelay : IAsyncDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly IPEndPoint _target;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _pumps = [];
    private Task _accepting = Task.CompletedTask;

    /// <param name="target">Where each accepted connection is relayed to.</param>
    public TcpRelay(IPEndPoint target)
    {
        _target = target;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
    }

    /// <summary>The loopback port the relay accepts on.</summary>
    public int Port { get; }

    /// <summary>Starts accepting.</summary>
    public void Start() => _accepting = AcceptAsync();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        Task[] pending;
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }

            pending = [.. _pumps, _accepting];
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket inbound;
            try
            {
                inbound = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (IsClosing(e))
            {
                return;
            }

            inbound.NoDelay = true;
            var outbound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await outbound.ConnectAsync(_target, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (IsClosing(e))
            {
                // The target is not there: the client sees its connection close, as it would with a router that cannot reach the venue.
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }

            lock (_sockets)
            {
                _sockets.Add(inbound);
                _sockets.Add(outbound);
                _pumps.Add(PumpAsync(inbound, outbound));
                _pumps.Add(PumpAsync(outbound, inbound));
            }
        }
    }

    // Copies until the source closes, then closes the destination's sending side so the peer sees the end too.
    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[BufferSize];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                for (var sent = 0; sent < read;)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, _stop.Token).ConfigureAwait(false);
                }
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (IsClosing(e))
        {
            // One side went away or the relay is stopping: the other side's pump sees its end on its next read.
        }
    }

    private static bool IsClosing(Exception e) => e is SocketException or OperationCanceledException or ObjectDisposedException;
}
