using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PortStress.Fix.Engine.Internal;
using PortStress.Fix.Engine.Transport;
using PortStress.Telemetry;
using PortStress.Telemetry.Connect;

namespace PortStress.Fix.Engine;

/// <summary>
/// Keeps initiator sessions connected: connects (through the instrumented connector: timeout,
/// optional local bind with IP_BIND_ADDRESS_NO_PORT, optional source-port window), logs on,
/// and after every disconnect reconnects with full-jitter exponential backoff, rotating through
/// the failover targets when an attempt fails. Concurrent connect attempts across all its
/// sessions are capped. Outside a session's schedule it waits.
/// </summary>
public sealed class FixInitiator : IAsyncDisposable
{
    private readonly IReadOnlyList<InitiatorSessionOptions> _sessions;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ISessionObserver? _observer;
    private readonly ITransportObserver _transportObserver;
    private readonly DestinationRegistry _registry;
    private readonly ISessionAttemptGate? _attemptGate;
    private readonly SemaphoreSlim _connectSlots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private readonly List<SessionTimer> _timers = [];
    private readonly LiveConnections _live = new();
    private readonly Random _random;

    /// <summary>Creates an initiator.</summary>
    /// <param name="sessions">The sessions and their targets.</param>
    /// <param name="maxConcurrentConnects">Most connect attempts in flight at once across the sessions.</param>
    /// <param name="timeProvider">Clock for timers and backoff.</param>
    /// <param name="logger">Connection-level log.</param>
    /// <param name="observer">Session-level telemetry hook.</param>
    /// <param name="transportObserver">Connect telemetry (per destination); none if null.</param>
    /// <param name="registry">Destination registry shared with the telemetry; a new one if null.</param>
    /// <param name="seed">Seed for the backoff jitter (null: random).</param>
    /// <param name="attemptGate">Asked before each connect-and-logon attempt (a controller's pacing); none if null.</param>
    public FixInitiator(
        IEnumerable<InitiatorSessionOptions> sessions,
        int maxConcurrentConnects = 4,
        TimeProvider? timeProvider = null,
        ILogger? logger = null,
        ISessionObserver? observer = null,
        ITransportObserver? transportObserver = null,
        DestinationRegistry? registry = null,
        int? seed = null,
        ISessionAttemptGate? attemptGate = null)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentConnects, 1);
        _sessions = sessions.ToArray();
        foreach (var s in _sessions)
        {
            if (s.Session.Settings.ConnectionType != ConnectionType.Initiator)
            {
                throw new ArgumentException($"session {s.Session.Id} is not an initiator session", nameof(sessions));
            }

            if (s.Targets.Count == 0)
            {
                throw new ArgumentException($"session {s.Session.Id}: SocketConnectHost/SocketConnectPort is required", nameof(sessions));
            }
        }

        _connectSlots = new SemaphoreSlim(maxConcurrentConnects, maxConcurrentConnects);
        _time = timeProvider ?? TimeProvider.System;
        _log = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _observer = observer;
        _transportObserver = transportObserver ?? NullTransportObserver.Instance;
        _registry = registry ?? new DestinationRegistry();
        _random = seed is { } s2 ? new Random(s2) : new Random();
        _attemptGate = attemptGate;
    }

    /// <summary>The sessions it keeps connected.</summary>
    public IEnumerable<Session> Sessions => _sessions.Select(s => s.Session);

    /// <summary>Starts one connect loop per session.</summary>
    public Task StartAsync()
    {
        foreach (var options in _sessions)
        {
            _timers.Add(new SessionTimer(options.Session, _time));
            _loops.Add(Task.Run(() => RunAsync(options)));
        }

        return Task.CompletedTask;
    }

    /// <summary>Stops reconnecting, logs every session out, waits up to <paramref name="timeout"/> for the answers, then closes.</summary>
    /// <param name="timeout">How long to wait for Logout answers.</param>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        _stopping.Cancel();
        await _live.LogoutAndCloseAsync(_sessions.Select(s => s.Session), "initiator stopping", timeout ?? TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        await Task.WhenAll(_loops).ConfigureAwait(false);
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
        _connectSlots.Dispose();
    }

    private async Task RunAsync(InitiatorSessionOptions options)
    {
        var session = options.Session;
        var connector = new InstrumentedConnector(_transportObserver, _registry, _time, options.Connector);
        var failures = 0;
        var target = 0;
        var attempted = false;
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                if (!session.IsEnabled || (session.Settings.Schedule is { } schedule && !schedule.IsOpen(_time.GetUtcNow().UtcDateTime)))
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, token).ConfigureAwait(false);
                    continue;
                }

                var where = options.Targets[target % options.Targets.Count];
                var delay = options.Reconnect.Delay(failures, _random);
                if (attempted)
                {
                    // Every attempt after the first is a reconnect, immediate (after a dropped session) or backed off.
                    ReportReconnect(session, where, delay);
                }

                attempted = true;
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _time, token).ConfigureAwait(false);
                }

                var permit = _attemptGate is null ? null : await _attemptGate.EnterAsync(session.Id, token).ConfigureAwait(false);
                var loggedOn = false;
                try
                {
                    var connection = await ConnectAsync(session, connector, where, options.Tls, token).ConfigureAwait(false);
                    if (connection is null)
                    {
                        failures++;
                        target++;
                        continue;
                    }

                    // The attempt ends at logon: the permit is released then, not when the connection closes.
                    void OnState(Session s, SessionState state)
                    {
                        if (state != SessionState.LoggedOn)
                        {
                            return;
                        }

                        loggedOn = true;
                        Interlocked.Exchange(ref permit, null)?.Dispose();
                    }

                    session.StateChanged += OnState;
                    try
                    {
                        _live.Add(connection);

                        session.OnConnected(connection);
                        connection.Start();
                        await connection.Completion.ConfigureAwait(false);
                    }
                    finally
                    {
                        session.StateChanged -= OnState;
                        _live.Remove(connection);
                    }
                }
                finally
                {
                    Interlocked.Exchange(ref permit, null)?.Dispose();
                }

                // A connection that never logged on counts as a failed attempt (and moves to the next target).
                failures = loggedOn ? 0 : failures + 1;
                target += loggedOn ? 0 : 1;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private void ReportReconnect(Session session, ConnectTarget target, TimeSpan delay)
    {
        // Only literal addresses name a destination before the connect resolves them.
        var destination = IPAddress.TryParse(target.Host, out var address)
            ? _registry.GetOrAdd(DestinationKey.FromEndPoint(new IPEndPoint(address, target.Port)))
            : default;
        _transportObserver.ReconnectScheduled(destination, session.Id.GetHashCode(), (long)(delay.TotalSeconds * _time.TimestampFrequency));
    }

    private async Task<StreamConnection?> ConnectAsync(Session session, InstrumentedConnector connector, ConnectTarget target, TlsClientOptions? tls, CancellationToken token)
    {
        var started = _time.GetTimestamp();
        _observer?.ConnectStarted(session.Id, target.Host, target.Port, started);
        await _connectSlots.WaitAsync(token).ConfigureAwait(false);
        Socket socket;
        try
        {
            var addresses = IPAddress.TryParse(target.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(target.Host, token).ConfigureAwait(false);
            if (addresses.Length == 0)
            {
                throw new SocketException((int)SocketError.HostNotFound);
            }

            socket = await connector.ConnectAsync(new IPEndPoint(addresses[0], target.Port), token).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            _observer?.ConnectFailed(session.Id, target.Host, target.Port, e.SocketErrorCode, ConnectErrors.Classify(e).Errno, started, _time.GetTimestamp());
            InitiatorLog.ConnectFailed(_log, session.Id, target.ToString(), e.SocketErrorCode, e.Message);
            return null;
        }
        finally
        {
            _connectSlots.Release();
        }

        _observer?.ConnectSucceeded(session.Id, target.Host, target.Port, started, _time.GetTimestamp());
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (tls is not null)
        {
            var tlsStarted = _time.GetTimestamp();
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            try
            {
                using var handshake = CancellationTokenSource.CreateLinkedTokenSource(token);
                handshake.CancelAfter(session.Settings.LogonTimeout);
                await ssl.AuthenticateAsClientAsync(tls.ToSsl(target.Host), handshake.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
            {
                InitiatorLog.ConnectFailed(_log, session.Id, target.ToString(), SocketError.SocketError, $"TLS handshake failed: {e.Message}");
                await ssl.DisposeAsync().ConfigureAwait(false);
                token.ThrowIfCancellationRequested();
                return null;
            }

            _observer?.TlsCompleted(session.Id, tlsStarted, _time.GetTimestamp());
            stream = ssl;
        }

        return new StreamConnection(stream, target.ToString(), session.Settings.Limits, new SessionFrameHandler(session));
    }
}
