using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PortStress.Fix.Engine.Internal;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Protocol.Dictionary;
using PortStress.Telemetry;

namespace PortStress.Fix.Engine.Hosting;

/// <summary>
/// Runs the sessions of <see cref="FixEngineOptions"/> in a host: on start it builds each session
/// (with the <see cref="IApplication"/> from DI, its store, and its dictionaries, each file loaded
/// once), one <see cref="FixAcceptor"/> per distinct listen endpoint and one <see cref="FixInitiator"/>
/// for all initiator sessions, and starts them; on stop it logs every session out, waits for the
/// answers up to <see cref="FixEngineOptions.StopTimeout"/>, and flushes and closes the stores.
/// </summary>
public sealed class FixEngineHostedService : IHostedService, IAsyncDisposable
{
    private readonly FixEngineOptions _options;
    private readonly IApplication _application;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly ISessionObserver? _observer;
    private readonly ITransportObserver? _transportObserver;
    private readonly DestinationRegistry? _registry;
    private readonly ISessionAttemptGate? _attemptGate;
    private readonly List<IMessageStore> _stores = [];
    private readonly List<Session> _sessions = [];
    private readonly List<FixAcceptor> _acceptors = [];
    private FixInitiator? _initiator;
    private readonly EngineMetrics? _metrics;

    /// <summary>Creates the service (usually through <c>AddPortStressFix</c>).</summary>
    /// <param name="options">The validated engine options.</param>
    /// <param name="application">The application behind every session.</param>
    /// <param name="loggerFactory">Loggers for the engine; nothing is logged when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="observer">Session telemetry hook, or null.</param>
    /// <param name="transportObserver">Connect telemetry for the initiator (per destination), or null.</param>
    /// <param name="registry">The destination registry shared with the telemetry, or null.</param>
    /// <param name="attemptGate">Paces the initiator's connect-and-logon attempts (a controller), or null.</param>
    /// <param name="metrics">Counts session events and exports session states (wraps <paramref name="observer"/>), or null.</param>
    public FixEngineHostedService(
        IOptions<FixEngineOptions> options,
        IApplication application,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        ISessionObserver? observer = null,
        ITransportObserver? transportObserver = null,
        DestinationRegistry? registry = null,
        ISessionAttemptGate? attemptGate = null,
        EngineMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _application = application ?? throw new ArgumentNullException(nameof(application));
        _loggers = loggerFactory ?? NullLoggerFactory.Instance;
        _log = _loggers.CreateLogger<FixEngineHostedService>();
        _time = timeProvider ?? TimeProvider.System;
        _observer = metrics is null ? observer : metrics.Observe(observer);
        _metrics = metrics;
        _transportObserver = transportObserver;
        _registry = registry;
        _attemptGate = attemptGate;
    }

    /// <summary>The sessions, once started.</summary>
    public IReadOnlyList<Session> Sessions => _sessions;

    /// <summary>The acceptors (one per listen endpoint), once started; <see cref="FixAcceptor.LocalEndPoint"/> gives the bound port.</summary>
    public IReadOnlyList<FixAcceptor> Acceptors => _acceptors;

    /// <summary>The initiator sessions with their connect targets, once started.</summary>
    public IReadOnlyList<InitiatorSessionOptions> InitiatorSessions { get; private set; } = [];

    /// <summary>The initiator, once started, or null when no session is an initiator.</summary>
    public FixInitiator? Initiator => _initiator;

    /// <summary>Builds and starts the acceptors, then the initiator.</summary>
    /// <param name="cancellationToken">Not used: starting does not wait on the network.</param>
    /// <exception cref="SettingsException">The options have problems (all are listed).</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var configs = FixEngineOptionsMapper.Map(_options).GetSessionsOrThrow();
            Build(configs);
            HostingLog.Starting(_log, _acceptors.Count, configs.Count(c => c.Acceptor is null));
            foreach (var acceptor in _acceptors)
            {
                await acceptor.StartAsync().ConfigureAwait(false);
            }

            if (_initiator is not null)
            {
                await _initiator.StartAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            HostingLog.StartFailed(_log, e);
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Logs every session out, waits for the answers, then flushes and closes the stores.</summary>
    /// <param name="cancellationToken">Not used: the wait is bounded by <see cref="FixEngineOptions.StopTimeout"/>.</param>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        HostingLog.Stopping(_log);
        var timeout = TimeSpan.FromSeconds(_options.StopTimeout);
        var stops = _acceptors.Select(a => a.StopAsync(timeout)).ToList();
        if (_initiator is not null)
        {
            stops.Add(_initiator.StopAsync(timeout));
        }

        await Task.WhenAll(stops).ConfigureAwait(false);
        _acceptors.Clear();
        _initiator = null;
        foreach (var store in _stores)
        {
            store.Flush();
            store.Dispose();
        }

        _stores.Clear();
        HostingLog.Stopped(_log);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_acceptors.Count > 0 || _initiator is not null || _stores.Count > 0)
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private void Build(IReadOnlyList<EngineSessionConfig> configs)
    {
        var dictionaries = new Dictionary<string, DataDictionary>(StringComparer.Ordinal);
        DataDictionary? Dictionary(string? path)
        {
            if (path is null)
            {
                return null;
            }

            if (!dictionaries.TryGetValue(path, out var dictionary))
            {
                dictionary = DataDictionary.Load(path);
                dictionaries.Add(path, dictionary);
            }

            return dictionary;
        }

        var sessionLog = _loggers.CreateLogger("PortStress.Fix.Engine.Session");
        var initiators = new List<InitiatorSessionOptions>();
        var listeners = new Dictionary<System.Net.IPEndPoint, (AcceptorOptions Options, List<Session> Sessions)>();
        foreach (var config in configs)
        {
            var store = config.CreateStore(_time);
            _stores.Add(store);
            var settings = config.Settings;
            var session = new Session(settings, _application, store, Dictionary(settings.DataDictionary), Dictionary(settings.AppDataDictionary), _time, sessionLog, _observer);
            _sessions.Add(session);
            _metrics?.Track(session);
            HostingLog.SessionCreated(_log, session.Id.ToString(), config.Origin, store.GetType().Name);
            if (config.FileLogPath is { } logPath)
            {
                HostingLog.FileLogPathIgnored(_log, session.Id.ToString(), logPath);
            }

            if (config.Acceptor is { } acceptor)
            {
                if (listeners.TryGetValue(acceptor.Listen, out var group))
                {
                    // One connection-level Logon wait per endpoint: the longest any of its sessions asks for.
                    listeners[acceptor.Listen] = (group.Options with { LogonTimeout = TimeSpan.FromTicks(Math.Max(group.Options.LogonTimeout.Ticks, acceptor.LogonTimeout.Ticks)) }, group.Sessions);
                    group.Sessions.Add(session);
                }
                else
                {
                    listeners.Add(acceptor.Listen, (acceptor, [session]));
                }
            }
            else
            {
                initiators.Add(new InitiatorSessionOptions
                {
                    Session = session,
                    Targets = config.Targets,
                    Reconnect = config.Reconnect,
                    Connector = config.Connector,
                    Tls = config.Tls,
                });
            }
        }

        InitiatorSessions = initiators;
        var connectionLog = _loggers.CreateLogger("PortStress.Fix.Engine.Connection");
        foreach (var (options, sessions) in listeners.Values)
        {
            _acceptors.Add(new FixAcceptor(sessions, options, _time, connectionLog));
        }

        if (initiators.Count > 0)
        {
            _initiator = new FixInitiator(initiators, _options.MaxConcurrentConnects, _time, connectionLog, _observer, _transportObserver, _registry, attemptGate: _attemptGate);
        }
    }
}
