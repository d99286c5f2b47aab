using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PortStress.Gateway.Demo;

/// <summary>
/// The demo's "dependency": a small loopback service (think pre-trade limit check) that answers one line per request
/// (<c>CHECK id</c> → <c>OK id</c>). Each new connection first costs <see cref="SetupCost"/> (its handshake: on a
/// loaded service, authentication and TLS set-up dominate), requests on an established connection cost nothing. It
/// closes its side only after the client has closed, so the client holds the TIME_WAIT.
/// </summary>
internal sealed class DependencyService : IAsyncDisposable
{
    private static readonly byte[] Ok = "OK\n"u8.ToArray();
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _connections = [];
    private readonly Lock _sync = new();
    private Task _accepting = Task.CompletedTask;
    private long _setupCostTicks;
    private long _accepted;
    private long _requests;

    /// <summary>Listens on 127.0.0.1 with a free port.</summary>
    public DependencyService()
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(1024);
    }

    /// <summary>Where it listens.</summary>
    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>The set-up cost of each new connection (any thread).</summary>
    public TimeSpan SetupCost
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _setupCostTicks));
        set => Interlocked.Exchange(ref _setupCostTicks, value.Ticks);
    }

    /// <summary>Connections accepted.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Requests answered.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Starts accepting.</summary>
    public void Start() => _accepting = Task.Run(AcceptLoopAsync);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _accepting.ConfigureAwait(false);
        Task[] open;
        lock (_sync)
            open = [.. _connections];
        await Task.WhenAll(open).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            var serving = ServeAsync(client, SetupCost, token);
            lock (_sync)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(serving);
            }
        }
    }

    private async Task ServeAsync(Socket client, TimeSpan setupCost, CancellationToken token)
    {
        using (client)
        {
            var buffer = new byte[256];
            try
            {
                if (setupCost > TimeSpan.Zero)
                    await Task.Delay(setupCost, token).ConfigureAwait(false);
                var pending = 0;
                while (true)
                {
                    var read = await client.ReceiveAsync(buffer.AsMemory(pending), SocketFlags.None, token).ConfigureAwait(false);
                    if (read == 0)
                        return; // the client closed first: close our side now, the TIME_WAIT stays with the client
                    pending += read;
                    int newline;
                    while ((newline = Array.IndexOf(buffer, (byte)'\n', 0, pending)) >= 0)
                    {
                        Interlocked.Increment(ref _requests);
                        await client.SendAsync(Ok, SocketFlags.None, token).ConfigureAwait(false);
                        pending -= newline + 1;
                        Array.Copy(buffer, newline + 1, buffer, 0, pending);
                    }

                    if (pending == buffer.Length)
                        return; // not a line protocol client
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // stopping, or the client went away
            }
        }
    }

    /// <summary>The request line for an order (ASCII).</summary>
    /// <param name="orderId">The order.</param>
    public static byte[] Request(long orderId) => Encoding.ASCII.GetBytes(FormattableString.Invariant($"CHECK {orderId}\n"));
}
