using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PortStress.Execution;
using PortStress.Execution.Schedules;
using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Gateway.Routing;

/// <summary>
/// The FIX-to-FIX router: upstream NewOrderSingles become child intents through the gate to a venue (chosen by
/// <see cref="RouteTable"/>); the gate's outcomes and the venue's answers go back upstream as ExecutionReports
/// (a trim as a restatement, a held order as pending new, a refusal as a reject with the reason in Text); cancels
/// are routed to the venue session the order went out on. Every order is journaled before it moves, so a restart
/// rebuilds the ClOrdID mapping and a resent upstream order is not sent to the venue twice.
/// </summary>
public sealed partial class OrderRouter : IChildOrderListener, IOrderEventSink, IDisposable
{
    private readonly IChildOrderSubmitter _gate;
    private readonly IOrderEventSink _gateEvents;
    private readonly RouteTable _routes;
    private readonly RoutingOptions _options;
    private readonly OrderJournal _journal;
    private readonly OrderIdSource _ids;
    private readonly UpstreamOutbox _upstream;
    private readonly Func<string, string?, Session?> _venueSession;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<long, RoutedOrder> _byId = new();
    private readonly ConcurrentDictionary<(SessionId Session, string ClOrdId), RoutedOrder> _byClOrdId = new();
    private readonly ConcurrentDictionary<long, RoutedOrder> _byCancelId = new();

    /// <summary>Creates the router and rebuilds its orders from the journal file.</summary>
    /// <param name="gate">Where child intents go.</param>
    /// <param name="gateEvents">The gate's side of venue answers (acks, fills, done, rejects), called after the router's.</param>
    /// <param name="routes">The route table.</param>
    /// <param name="options">Routing options (urgency tags).</param>
    /// <param name="journalPath">The order journal file (replayed here, then appended to).</param>
    /// <param name="upstream">Sends reports upstream.</param>
    /// <param name="venueSession">Finds the venue session (venue, session name) an order went out on, for cancels.</param>
    /// <param name="timeProvider">The gate's clock.</param>
    /// <param name="logger">The log.</param>
    public OrderRouter(
        IChildOrderSubmitter gate,
        IOrderEventSink gateEvents,
        RouteTable routes,
        RoutingOptions options,
        string journalPath,
        UpstreamOutbox upstream,
        Func<string, string?, Session?> venueSession,
        TimeProvider? timeProvider = null,
        ILogger? logger = null)
    {
        _gate = gate ?? throw new ArgumentNullException(nameof(gate));
        _gateEvents = gateEvents ?? throw new ArgumentNullException(nameof(gateEvents));
        _routes = routes ?? throw new ArgumentNullException(nameof(routes));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _upstream = upstream ?? throw new ArgumentNullException(nameof(upstream));
        _venueSession = venueSession ?? throw new ArgumentNullException(nameof(venueSession));
        _time = timeProvider ?? TimeProvider.System;
        _log = logger ?? NullLogger.Instance;
        var (orders, lastId) = OrderJournal.Replay(journalPath);
        foreach (var order in orders.Values)
        {
            _byId[order.GatewayId] = order;
            _byClOrdId[(order.Upstream, order.ClOrdId)] = order;
            order.GateOutcomeSeen = true;
        }

        _ids = new OrderIdSource(lastId + 1);
        _journal = new OrderJournal(journalPath);
    }

    /// <summary>Orders known (live and done).</summary>
    public int OrderCount => _byId.Count;

    /// <summary>The order with gateway id <paramref name="id"/>, or null.</summary>
    /// <param name="id">The gateway id (the venue-side ClOrdID).</param>
    public RoutedOrder? Find(long id) => _byId.TryGetValue(id, out var order) ? order : null;

    /// <summary>The order an upstream session knows as <paramref name="clOrdId"/>, or null.</summary>
    /// <param name="session">The upstream session.</param>
    /// <param name="clOrdId">Its ClOrdID.</param>
    public RoutedOrder? Find(SessionId session, string clOrdId) => _byClOrdId.TryGetValue((session, clOrdId), out var order) ? order : null;

    /// <summary>An upstream application message: NewOrderSingle (D) and OrderCancelRequest (F) are routed.</summary>
    /// <param name="message">The message.</param>
    /// <param name="session">The upstream session it came on.</param>
    public void OnUpstream(FixMessage message, SessionId session)
    {
        ArgumentNullException.ThrowIfNull(message);
        switch (message.MsgType)
        {
            case "D":
                OnNewOrder(message, session);
                break;
            case "F":
                OnCancelRequest(message, session);
                break;
            default:
                break;
        }
    }

    /// <summary>Closes the journal.</summary>
    public void Dispose() => _journal.Dispose();

    private DateTime Now => _time.GetUtcNow().UtcDateTime;
}
