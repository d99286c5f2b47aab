using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using PortStress.Fix.Engine.Internal;
using PortStress.Fix.Engine.Transport;
using PortStress.Fix.Protocol;

namespace PortStress.Fix.Engine;

/// <summary>Where and how an acceptor listens.</summary>
public sealed record AcceptorOptions
{
    /// <summary>The address and port to listen on; port 0 picks a free one (see <see cref="FixAcceptor.LocalEndPoint"/>).</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>A connection that sends no Logon within this long is closed.</summary>
    public TimeSpan LogonTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The server certificate for TLS, or null for plain TCP.</summary>
    public X509Certificate2? TlsCertificate { get; init; }

    /// <summary>Require and check a client certificate (TLS only).</summary>
    public bool RequireClientCertificate { get; init; }

    /// <summary>Caps applied to incoming frames before the session is known.</summary>
    public CodecLimits Limits { get; init; } = CodecLimits.Default;
}

/// <summary>
/// Accepts connections on one port for many sessions, routed by the CompIDs of the first Logon.
/// Unknown CompIDs, a first message that is not a readable Logon, no Logon within the timeout,
/// and a second connection for a session that is already connected are refused with a logged
/// reason (the live connection is kept).
/// </summary>
public sealed class FixAcceptor : IAsyncDisposable
{
    private readonly Dictionary<(string BeginString, string Sender, string Target), Session> _sessions = [];
    private readonly AcceptorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly List<SessionTimer> _timers = [];
    private readonly LiveConnections _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private Task? _acceptLoop;

    /// <summary>Creates an acceptor for the given sessions (each must be an acceptor session).</summary>
    /// <param name="sessions">The sessions it serves.</param>
    /// <param name="options">Listen address, TLS, timeouts.</param>
    /// <param name="timeProvider">The clock for session timers.</param>
    /// <param name="logger">Connection-level log.</param>
    public FixAcceptor(IEnumerable<Session> sessions, AcceptorOptions options, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = timeProvider ?? TimeProvider.System;
        _log = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        foreach (var session in sessions)
        {
            if (session.Settings.ConnectionType != ConnectionType.Acceptor)
            {
                throw new ArgumentException($"session {session.Id} is not an acceptor session", nameof(sessions));
            }

            if (!_sessions.TryAdd((session.Id.BeginString, session.Id.SenderCompId, session.Id.TargetCompId), session))
            {
                throw new ArgumentException($"session {session.Id} is configured twice", nameof(sessions));
            }
        }
    }

    /// <summary>The sessions served.</summary>
    public IEnumerable<Session> Sessions => _sessions.Values;

    /// <summary>The bound address (with the real port once started).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint?)_listener?.LocalEndPoint ?? _options.Listen;

    /// <summary>Binds and starts accepting.</summary>
    public Task StartAsync()
    {
        var listener = new Socket(_options.Listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (_options.Listen.AddressFamily == AddressFamily.InterNetworkV6)
        {
            listener.DualMode = true;
        }

        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(_options.Listen);
        listener.Listen(512);
        _listener = listener;
        foreach (var session in _sessions.Values)
        {
            _timers.Add(new SessionTimer(session, _time));
        }

        _acceptLoop = Task.Run(AcceptLoopAsync);
        AcceptorLog.Listening(_log, LocalEndPoint.ToString());
        return Task.CompletedTask;
    }

    /// <summary>Logs out every session, waits up to <paramref name="timeout"/> for the answers, then closes everything.</summary>
    /// <param name="timeout">How long to wait for Logout answers.</param>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        _stopping.Cancel();
        _listener?.Dispose();
        await _connections.LogoutAndCloseAsync(_sessions.Values, "acceptor stopping", timeout ?? TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        foreach (var timer in _timers)
        {
            timer.Dispose();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await StopAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }

                AcceptorLog.AcceptFailed(_log, e.Message);
                continue;
            }

            _ = Task.Run(() => StartConnectionAsync(socket));
        }
    }

    private async Task StartConnectionAsync(Socket socket)
    {
        socket.NoDelay = true;
        var remote = socket.RemoteEndPoint?.ToString() ?? "?";
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            if (_options.TlsCertificate is { } certificate)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                using var handshake = new CancellationTokenSource(_options.LogonTimeout);
                await tls.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions { ServerCertificate = certificate, ClientCertificateRequired = _options.RequireClientCertificate },
                    handshake.Token).ConfigureAwait(false);
                stream = tls;
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            AcceptorLog.Refused(_log, remote, $"TLS handshake failed: {e.Message}");
            await stream.DisposeAsync().ConfigureAwait(false);
            return;
        }

        var pending = new PendingLogon(this, remote);
        var connection = new StreamConnection(stream, remote, _options.Limits, pending);
        _connections.Add(connection);

        pending.StartTimeout(connection);
        connection.Start();
    }

    private void Forget(StreamConnection connection) => _connections.Remove(connection);

    /// <summary>Handles a connection until its first Logon names a session.</summary>
    private sealed class PendingLogon(FixAcceptor acceptor, string remote) : IFrameHandler
    {
        private ITimer? _timeout;

        public void StartTimeout(StreamConnection connection) =>
            _timeout = acceptor._time.CreateTimer(_ => connection.Disconnect("no Logon within the logon timeout"), null, acceptor._options.LogonTimeout, Timeout.InfiniteTimeSpan);

        public void OnFrame(StreamConnection connection, ReadOnlySpan<byte> frame)
        {
            _timeout?.Dispose();
            string? beginString = null, msgType = null, sender = null, target = null;
            var reader = new FieldReader(frame);
            while (reader.MoveNext() && (beginString is null || msgType is null || sender is null || target is null))
            {
                switch (reader.Tag)
                {
                    case Tags.BeginString: beginString = reader.GetString(); break;
                    case Tags.MsgType: msgType = reader.GetString(); break;
                    case Tags.SenderCompID: sender = reader.GetString(); break;
                    case Tags.TargetCompID: target = reader.GetString(); break;
                }
            }

            if (msgType != "A")
            {
                Refuse(connection, "the first message is not a Logon");
                return;
            }

            if (beginString is null || sender is null || target is null
                || !acceptor._sessions.TryGetValue((beginString, target, sender), out var session))
            {
                Refuse(connection, $"no session {beginString}:{target}->{sender}");
                return;
            }

            if (!session.OnConnected(connection))
            {
                Refuse(connection, $"session {session.Id} is already connected; the live connection is kept");
                return;
            }

            connection.Handler = new SessionFrameHandler(session, acceptor.Forget);
            session.OnFrame(connection, frame);
        }

        public void OnGarbled(StreamConnection connection, ScanResult rejected)
        {
            if (rejected.Reason == FrameRejectReason.GarbageBeforeFrame)
            {
                // Noise that is not a frame at all (a health check, a stray newline): skip it and wait for the Logon.
                AcceptorLog.Skipped(acceptor._log, remote, rejected.Describe());
                return;
            }

            Refuse(connection, $"garbled frame before Logon: {rejected.Describe()}");
        }

        public void OnClosed(StreamConnection connection, DisconnectInitiator initiator, string reason)
        {
            _timeout?.Dispose();
            acceptor.Forget(connection);
        }

        private void Refuse(StreamConnection connection, string reason)
        {
            AcceptorLog.Refused(acceptor._log, remote, reason);
            connection.Disconnect(reason);
        }
    }
}
