using System.Net;
using System.Net.Sockets;

namespace PortStress.Telemetry.Connect;

/// <summary>
/// Opens TCP connections and reports each attempt, its success or failure (cause and errno) and its latency to an
/// <see cref="ITransportObserver"/>, per destination. Optionally binds a local address with IP_BIND_ADDRESS_NO_PORT
/// or a bounded source-port window. This is the connector the session initiator and the HTTP handler use.
/// </summary>
public sealed class InstrumentedConnector
{
    private const int IpBindAddressNoPort = 24;
    private readonly ITransportObserver _observer;
    private readonly DestinationRegistry _registry;
    private readonly TimeProvider _time;
    private readonly ConnectorOptions _options;
    private long _attempts;
    private int _nextWindowPort;

    /// <summary>Creates a connector.</summary>
    /// <param name="observer">Receives the connect events.</param>
    /// <param name="registry">Interns destinations.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    /// <param name="options">Binding and timeout options; defaults when null.</param>
    public InstrumentedConnector(ITransportObserver observer, DestinationRegistry registry, TimeProvider? timeProvider = null, ConnectorOptions? options = null)
    {
        _observer = observer ?? throw new ArgumentNullException(nameof(observer));
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _time = timeProvider ?? TimeProvider.System;
        _options = options ?? new ConnectorOptions();
    }

    /// <summary>Connects to <paramref name="remote"/>; on failure the <see cref="SocketException"/> (or cancellation) propagates after being recorded.</summary>
    /// <param name="remote">The destination.</param>
    /// <param name="cancellationToken">Cancels the connect (recorded as a timeout only when the connector's own timeout fired).</param>
    public async ValueTask<Socket> ConnectAsync(IPEndPoint remote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var destination = _registry.GetOrAdd(DestinationKey.FromEndPoint(remote));
        var attempt = Interlocked.Increment(ref _attempts);
        var started = _time.GetTimestamp();
        _observer.ConnectAttempt(destination, attempt);
        Socket? socket = null;
        using var timeout = _options.ConnectTimeout is { } limit ? new CancellationTokenSource(limit, _time) : null;
        using var linked = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var token = linked?.Token ?? cancellationToken;
            socket = CreateBoundSocket(remote);
            // A window port that binds may still collide at connect() with a socket holding the same 4-tuple
            // (EADDRNOTAVAIL); the window's other ports are tried before the attempt counts as failed.
            for (var tried = 1; ; tried++)
            {
                try
                {
                    await socket.ConnectAsync(remote, token).ConfigureAwait(false);
                    break;
                }
                catch (SocketException e) when (_options.SourcePortWindow is { } window && tried < window.Last - window.First + 1
                                                 && e.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.AddressAlreadyInUse)
                {
                    socket.Dispose();
                    socket = CreateBoundSocket(remote);
                }
            }
            _observer.ConnectSucceeded(destination, attempt, _time.GetTimestamp() - started);
            return socket;
        }
        catch (SocketException e)
        {
            socket?.Dispose();
            var (cause, errno) = ConnectErrors.Classify(e);
            _observer.ConnectFailed(destination, attempt, cause, errno, _time.GetTimestamp() - started);
            throw;
        }
        catch (OperationCanceledException) when (timeout?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested)
        {
            socket?.Dispose();
            _observer.ConnectFailed(destination, attempt, ConnectFailureCause.TimedOut, ConnectErrors.TimedOutErrno, _time.GetTimestamp() - started);
            throw new SocketException((int)SocketError.TimedOut);
        }
        catch
        {
            socket?.Dispose();
            _observer.ConnectFailed(destination, attempt, ConnectFailureCause.Other, 0, _time.GetTimestamp() - started);
            throw;
        }
    }

    private Socket CreateBoundSocket(IPEndPoint remote)
    {
        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = _options.NoDelay };
        try
        {
            if (_options.SourcePortWindow is { } window)
                BindInWindow(socket, remote, window);
            else if (_options.LocalAddress is { } local)
            {
                if (_options.BindAddressNoPort)
                    socket.SetRawSocketOption((int)SocketOptionLevel.IP, IpBindAddressNoPort, BitConverter.GetBytes(1));
                socket.Bind(new IPEndPoint(local, 0));
            }
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void BindInWindow(Socket socket, IPEndPoint remote, (ushort First, ushort Last) window)
    {
        var size = window.Last - window.First + 1;
        var local = _options.LocalAddress ?? (remote.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        SocketException? last = null;
        for (var i = 0; i < size; i++)
        {
            var port = window.First + (int)((uint)Interlocked.Increment(ref _nextWindowPort) % (uint)size);
            try
            {
                socket.Bind(new IPEndPoint(local, port));
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                last = e;
            }
        }
        throw last ?? new SocketException((int)SocketError.AddressNotAvailable);
    }
}
