using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using PortStress.Control;
using PortStress.Telemetry;
using PortStress.Telemetry.Connect;

namespace PortStress.Gateway.Demo;

/// <summary>
/// Calls the <see cref="DependencyService"/> for an order. By default every call opens a fresh connection from a
/// bounded source-port window through an <see cref="InstrumentedConnector"/> (so every connect, its latency and its
/// errno reach the ring) and closes it client-side first. While the controller's applied parameters ask for pooled
/// connections (<see cref="ExecutionParameters.KeepConnectionsPooled"/>: YELLOW and worse when the controller is on)
/// calls share a few long-lived connections instead. Failed connects are retried with full-jitter back-off, each retry
/// reported to the ring (<see cref="ITransportObserver.RetryScheduled"/>), until the call's budget is spent.
/// </summary>
internal sealed class DependencyClient : IAsyncDisposable
{
    private static readonly TimeSpan RetryBase = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan RetryCap = TimeSpan.FromMilliseconds(400);
    private readonly IPEndPoint _remote;
    private readonly IControlSnapshotSource _control;
    private readonly ITransportObserver _observer;
    private readonly TimeProvider _time;
    private readonly InstrumentedConnector _connector;
    private readonly DestinationId _destination;
    private readonly TimeSpan _budget;
    private readonly SemaphoreSlim _poolSlots;
    private readonly ConcurrentBag<Socket> _idle = [];
    private readonly Random _random;
    private readonly Lock _randomLock = new();
    private int _retryWaiting;
    private int _inFlight;
    private long _calls;
    private long _pooledCalls;
    private long _failedCalls;
    private long _callErrors;
    private long _retries;

    /// <summary>Creates the client.</summary>
    /// <param name="remote">The dependency.</param>
    /// <param name="window">The source-port window.</param>
    /// <param name="control">Where the applied parameters are read.</param>
    /// <param name="observer">The ring's observer.</param>
    /// <param name="registry">The destination registry shared with the ring.</param>
    /// <param name="time">The loop's clock.</param>
    /// <param name="pooledConnections">Connections kept when pooling.</param>
    /// <param name="callBudget">How long one call may take, retries included.</param>
    /// <param name="seed">Seed of the back-off jitter.</param>
    public DependencyClient(IPEndPoint remote, (ushort First, ushort Last) window, IControlSnapshotSource control, ITransportObserver observer,
        DestinationRegistry registry, TimeProvider time, int pooledConnections, TimeSpan callBudget, int seed)
    {
        _remote = remote;
        _control = control;
        _observer = observer;
        _time = time;
        _budget = callBudget;
        _destination = registry.GetOrAdd(DestinationKey.FromEndPoint(remote));
        _connector = new InstrumentedConnector(observer, registry, time, new ConnectorOptions
        {
            LocalAddress = IPAddress.Loopback,
            SourcePortWindow = window,
            ConnectTimeout = TimeSpan.FromSeconds(1),
        });
        _poolSlots = new SemaphoreSlim(pooledConnections, pooledConnections);
        _random = new Random(seed);
    }

    /// <summary>Calls made.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Calls that went over a pooled connection.</summary>
    public long PooledCalls => Interlocked.Read(ref _pooledCalls);

    /// <summary>Calls that gave up (budget spent).</summary>
    public long FailedCalls => Interlocked.Read(ref _failedCalls);

    /// <summary>Attempts that failed (connect errors such as EADDRNOTAVAIL and timeouts, or a connection lost mid-call).</summary>
    public long CallErrors => Interlocked.Read(ref _callErrors);

    /// <summary>Retries scheduled.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Calls in progress now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>True while calls go over pooled connections.</summary>
    public bool Pooling => _control.Current.Parameters.KeepConnectionsPooled;

    /// <summary>One check for <paramref name="orderId"/>; false when the budget was spent without an answer.</summary>
    /// <param name="orderId">The order (correlates retries on the ring).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    public async Task<bool> CallAsync(long orderId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Increment(ref _inFlight);
        try
        {
            using var budget = new CancellationTokenSource(_budget, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
            var token = linked.Token;
            var request = DependencyService.Request(orderId);
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    if (Pooling)
                    {
                        await PooledCallAsync(request, token).ConfigureAwait(false);
                        Interlocked.Increment(ref _pooledCalls);
                    }
                    else
                    {
                        await FreshCallAsync(request, token).ConfigureAwait(false);
                    }

                    return true;
                }
                catch (SocketException)
                {
                    Interlocked.Increment(ref _callErrors);
                }
                catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _failedCalls);
                    return false;
                }

                var depth = Interlocked.Increment(ref _retryWaiting);
                Interlocked.Increment(ref _retries);
                _observer.RetryScheduled(_destination, orderId, depth);
                try
                {
                    await Task.Delay(Backoff(attempt), _time, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _failedCalls);
                    return false;
                }
                finally
                {
                    Interlocked.Decrement(ref _retryWaiting);
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        while (_idle.TryTake(out var socket))
            socket.Dispose();
        _poolSlots.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task FreshCallAsync(byte[] request, CancellationToken token)
    {
        // One connection per call from the window; disposing closes it (FIN) before the server does: TIME_WAIT is ours.
        using var socket = await _connector.ConnectAsync(_remote, token).ConfigureAwait(false);
        await ExchangeAsync(socket, request, token).ConfigureAwait(false);
    }

    private async Task PooledCallAsync(byte[] request, CancellationToken token)
    {
        await _poolSlots.WaitAsync(token).ConfigureAwait(false);
        Socket? socket = null;
        try
        {
            if (!_idle.TryTake(out socket))
                socket = await _connector.ConnectAsync(_remote, token).ConfigureAwait(false);
            await ExchangeAsync(socket, request, token).ConfigureAwait(false);
            _idle.Add(socket);
            socket = null;
        }
        finally
        {
            socket?.Dispose();
            _poolSlots.Release();
        }
    }

    private static async Task ExchangeAsync(Socket socket, byte[] request, CancellationToken token)
    {
        await socket.SendAsync(request, SocketFlags.None, token).ConfigureAwait(false);
        var buffer = new byte[16];
        var total = 0;
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(total), SocketFlags.None, token).ConfigureAwait(false);
            if (read == 0)
                throw new SocketException((int)SocketError.ConnectionReset);
            total += read;
            if (Array.IndexOf(buffer, (byte)'\n', 0, total) >= 0)
                return;
            if (total == buffer.Length)
                throw new SocketException((int)SocketError.ProtocolNotSupported);
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(RetryCap.TotalMilliseconds, RetryBase.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16)));
        lock (_randomLock)
            return TimeSpan.FromMilliseconds(_random.NextDouble() * ceiling);
    }
}
