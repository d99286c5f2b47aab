using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PortStress.Gateway.Bench;

/// <summary>
/// The physical floor: a client socket sends the NewOrderSingle frame's bytes (orders queued while the
/// window is open go out in one send, as the engine's connection coalesces them); a server thread answers
/// every complete order with the ExecutionReport frame's bytes; a client thread counts the answers (TCP
/// keeps them in order). Blocking sockets with TCP_NODELAY on dedicated threads, no FIX processing, no allocation.
/// </summary>
internal sealed class TcpEchoTarget : IRoundTripTarget
{
    private readonly RoundTripProbe _probe;
    private readonly byte[] _order;
    private readonly byte[] _pending;
    private readonly byte[] _answers;
    private readonly int _answerLength;
    private Socket? _listener;
    private Socket? _client;
    private Socket? _server;
    private Thread? _serverThread;
    private Thread? _receiveThread;
    private int _pendingLength;

    public TcpEchoTarget(RoundTripProbe probe, byte[] orderFrame, byte[] acknowledgementFrame)
    {
        _probe = probe;
        _order = orderFrame;
        _answerLength = acknowledgementFrame.Length;
        _pending = new byte[orderFrame.Length * probe.Window];

        // Enough answers for a whole window in one write.
        _answers = new byte[acknowledgementFrame.Length * probe.Window];
        for (var i = 0; i < probe.Window; i++)
        {
            acknowledgementFrame.CopyTo(_answers, i * _answerLength);
        }
    }

    public string Name => "echo";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Synchronous connect and accept on purpose: .NET on Unix switches a socket to non-blocking mode for
        // good once an async operation touches it, and then every blocking call that has to wait goes through
        // the epoll thread (an extra wake-up and an allocation). Kept blocking, Send and Receive are plain
        // system calls: the floor.
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(1);
        _client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _client.Connect(_listener.LocalEndPoint!);
        _server = _listener.Accept();
        _server.NoDelay = true;
        _serverThread = new Thread(Serve) { IsBackground = true, Name = "bench echo server" };
        _receiveThread = new Thread(Receive) { IsBackground = true, Name = "bench echo client" };
        _serverThread.Start();
        _receiveThread.Start();
        return Task.CompletedTask;
    }

    /// <summary>Queues the order's bytes: the driver never has more than a window of orders outstanding.</summary>
    public bool TrySend(long index)
    {
        if (_pendingLength + _order.Length > _pending.Length)
        {
            Flush();
        }

        _order.CopyTo(_pending, _pendingLength);
        _pendingLength += _order.Length;
        return true;
    }

    /// <summary>One send system call for everything queued (the engine's connection coalesces the same way).</summary>
    public void Flush()
    {
        var client = _client ?? throw new InvalidOperationException("not started");
        var bytes = _pending.AsSpan(0, _pendingLength);
        while (!bytes.IsEmpty)
        {
            bytes = bytes[client.Send(bytes)..];
        }

        _pendingLength = 0;
    }

    public ValueTask DisposeAsync()
    {
        _client?.Shutdown(SocketShutdown.Both);
        _client?.Dispose();
        _receiveThread?.Join(TimeSpan.FromSeconds(2));
        _serverThread?.Join(TimeSpan.FromSeconds(2));
        _server?.Dispose();
        _listener?.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Serve()
    {
        var server = _server!;
        var buffer = new byte[64 * 1024];
        long partial = 0;
        try
        {
            while (true)
            {
                var read = server.Receive(buffer);
                if (read == 0)
                {
                    return;
                }

                partial += read;
                var complete = (int)(partial / _order.Length);
                partial -= (long)complete * _order.Length;
                while (complete > 0)
                {
                    var batch = Math.Min(complete, _probe.Window);
                    var bytes = _answers.AsSpan(0, batch * _answerLength);
                    while (!bytes.IsEmpty)
                    {
                        bytes = bytes[server.Send(bytes)..];
                    }

                    complete -= batch;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The client went away: the run is over.
        }
    }

    private void Receive()
    {
        var client = _client!;
        var buffer = new byte[64 * 1024];
        long partial = 0;
        long next = 0;
        try
        {
            while (true)
            {
                var read = client.Receive(buffer);
                var now = Stopwatch.GetTimestamp();
                if (read == 0)
                {
                    return;
                }

                partial += read;
                while (partial >= _answerLength)
                {
                    _probe.Acknowledge(next++, now);
                    partial -= _answerLength;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Closed by DisposeAsync.
        }
    }
}
