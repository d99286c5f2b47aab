using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PortStress.Control.Records;
using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Stores;
using PortStress.Venue.Internal;
using PortStress.Venue.Market;
using PortStress.Venue.Records;
using PortStress.Venue.Transport;

namespace PortStress.Venue;

/// <summary>
/// A simulated venue on one port: FIX.4.2/4.4 acceptor sessions, a random-walk price process per symbol, a
/// queue-position fill model, a per-session order-rate limit and switchable faults (see docs/venue.md).
/// Everything runs on the given <see cref="TimeProvider"/>, so with a seed and a fake clock the market is reproducible.
/// </summary>
/// <example>
/// <code>
/// await using var venue = new VenueSimulator(options, mids: midSink, fills: fillSink);
/// await venue.StartAsync();
/// var port = venue.LocalEndPoint.Port;
/// var volume = venue.CumulativeVolume("INTC");   // for participation schedules
/// venue.Faults.DropSessionsEvery = TimeSpan.FromSeconds(5);
/// </code>
/// </example>
public sealed class VenueSimulator : IAsyncDisposable
{
    private readonly VenueOptions _options;
    private readonly TimeProvider _time;
    private readonly VenueApplication _application;
    private readonly VenueMarket _market;
    private readonly VenueListener _listener;
    private readonly List<Session> _sessions = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _timerSync = new();
    private ITimer? _stepTimer;
    private ITimer? _dropTimer;
    private int _started;
    private int _stopped;

    /// <summary>Creates the venue (nothing listens until <see cref="StartAsync"/>).</summary>
    /// <param name="options">The configuration; validated here.</param>
    /// <param name="timeProvider">The clock of the market, the faults and the sessions; <see cref="TimeProvider.System"/> if null.</param>
    /// <param name="logger">Connection and order log; nothing is logged if null.</param>
    /// <param name="mids">Where mid-price records go (at <see cref="VenueOptions.MidRecordInterval"/>), or null.</param>
    /// <param name="fills">Where a record of every fill goes, or null.</param>
    /// <exception cref="VenueConfigurationException">The options fail validation; the message names each key.</exception>
    public VenueSimulator(
        VenueOptions options,
        TimeProvider? timeProvider = null,
        ILogger? logger = null,
        IRecordSink<MidPriceRecord>? mids = null,
        IRecordSink<VenueFillRecord>? fills = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = VenueOptionsValidator.Errors(options);
        if (errors.Count > 0)
        {
            throw new VenueConfigurationException("venue options: " + string.Join("; ", errors));
        }

        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        var log = logger ?? NullLogger.Instance;
        _application = new VenueApplication(_time, log);
        Faults = new VenueFaults(options.Faults, ScheduleDrops, () => _listener!.DropLoggedOnSessions("venue fault: session dropped"));
        var now = _time.GetUtcNow();
        foreach (var s in options.Sessions)
        {
            foreach (var target in s.TargetCompIds)
            {
                var settings = new SessionSettings
                {
                    SessionId = new SessionId(s.BeginString, s.SenderCompId, target),
                    ConnectionType = ConnectionType.Acceptor,
                    ResetOnLogon = options.ResetOnLogon,

                    // The venue's clock may be simulated: it does not judge the counterparty's SendingTime.
                    CheckLatency = false,
                };
                var session = new Session(settings, _application, new MemoryStore(), timeProvider: _time, logger: log);
                _sessions.Add(session);
                _application.Add(new VenueClient(session, new Outbox(session, Faults, _time), new OrderRateLimiter(options.MaxOrdersPerSecond, now)));
            }
        }

        _market = new VenueMarket(options, now, _application, owner => ((VenueClient)owner).Name, mids, fills);
        _application.Market = _market;
        var listen = new IPEndPoint(IPAddress.Parse(options.ListenAddress), options.Port);
        _listener = new VenueListener(_sessions, listen, options.LogonTimeout, Faults, _time, log);
    }

    /// <summary>The fault switches and their counters; changeable at any time.</summary>
    public VenueFaults Faults { get; }

    /// <summary>Where it listens (the real port once started).</summary>
    public IPEndPoint LocalEndPoint => _listener.LocalEndPoint;

    /// <summary>The acceptor sessions, one per configured counterparty.</summary>
    public IReadOnlyList<Session> Sessions => _sessions;

    /// <summary>The configured symbols.</summary>
    public IEnumerable<string> Symbols => _options.Symbols.Select(s => s.Symbol);

    /// <summary>NewOrderSingles received (accepted or not).</summary>
    public long OrdersReceived => _application.OrdersReceived;

    /// <summary>NewOrderSingles rejected (any reason, including the rate limit).</summary>
    public long OrdersRejected => _application.OrdersRejected;

    /// <summary>Orders, cancels and replaces rejected by the per-session rate limit.</summary>
    public long OrdersRateLimited => _application.RateLimited;

    /// <summary>Fills of client orders.</summary>
    public long Fills => _market.FillCount;

    internal VenueMarket Market => _market;

    /// <summary>The current mid of <paramref name="symbol"/> ((bid + ask) / 2).</summary>
    /// <param name="symbol">A configured symbol.</param>
    /// <exception cref="ArgumentException">The symbol is not configured.</exception>
    public decimal Mid(string symbol) => Quote(symbol).Mid;

    /// <summary>The current quote of <paramref name="symbol"/>.</summary>
    /// <param name="symbol">A configured symbol.</param>
    /// <exception cref="ArgumentException">The symbol is not configured.</exception>
    public Quote Quote(string symbol) => _market.Quote(symbol, _time.GetUtcNow());

    /// <summary>
    /// Market volume traded in <paramref name="symbol"/> since the venue was created: the background volume plus client
    /// orders that took liquidity. What a participation (POV) schedule measures itself against.
    /// </summary>
    /// <param name="symbol">A configured symbol.</param>
    /// <exception cref="ArgumentException">The symbol is not configured.</exception>
    public decimal CumulativeVolume(string symbol) => _market.CumulativeVolume(symbol, _time.GetUtcNow());

    /// <summary>Starts listening, the market clock, the report senders and the drop schedule (if configured).</summary>
    /// <param name="cancellationToken">Not used after start; present for hosting.</param>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("the venue is already started");
        }

        _listener.Start();
        foreach (var client in _application.Clients)
        {
            client.Outbox.Start(_stopping.Token);
        }

        _stepTimer = _time.CreateTimer(_ => _market.AdvanceTo(_time.GetUtcNow()), null, _options.StepInterval, _options.StepInterval);
        ScheduleDrops(Faults.DropSessionsEvery);
        return Task.CompletedTask;
    }

    /// <summary>Logs every session out (waiting up to <paramref name="timeout"/> for the answers), closes the connections and stops the clock.</summary>
    /// <param name="timeout">How long to wait for Logout answers (default 2 s).</param>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0 || Volatile.Read(ref _started) == 0)
        {
            return;
        }

        lock (_timerSync)
        {
            _dropTimer?.Dispose();
            _dropTimer = null;
        }

        _stepTimer?.Dispose();
        await _listener.StopAsync(timeout ?? TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var client in _application.Clients)
        {
            await client.Outbox.StopAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _listener.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void ScheduleDrops(TimeSpan? every)
    {
        lock (_timerSync)
        {
            _dropTimer?.Dispose();
            _dropTimer = null;
            if (every is { } period && Volatile.Read(ref _started) != 0 && Volatile.Read(ref _stopped) == 0)
            {
                _dropTimer = _time.CreateTimer(_ => Faults.DropSessionsNow(), null, period, period);
            }
        }
    }
}
