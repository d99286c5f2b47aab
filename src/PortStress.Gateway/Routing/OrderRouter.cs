using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PortStress.Execution;
using PortStress.Execution.Interception;
using PortStress.Execution.Schedules;
using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Gateway.Routing;

/// <summary>
/// The FIX-to-FIX router: upstream NewOrderSingles become child intents through the gate to a venue (chosen by
/// <see cref="RouteTable"/>); the gate's outcomes and the venue's answers go back upstream as ExecutionReports
/// (a trim as a restatement, a held order as pending new, a refusal as a reject with the reason in Text); cancels
/// and replaces are routed to the venue session the order went out on, under new gateway ClOrdIDs. Every order and
/// request is journaled before it moves, so a restart rebuilds the ClOrdID mapping, a resent upstream order is not
/// sent to the venue twice, and an order that never reached the venue is sent (see <see cref="Recover"/>).
/// </summary>
public sealed partial class OrderRouter : IChildOrderListener, IOrderEventSink, IDisposable
{
    private const long IdsPerDay = 1_000_000_000;

    [ThreadStatic]
    private static string? _currentExecId;

    private readonly IChildOrderSubmitter _gate;
    private readonly IOrderEventSink _gateEvents;
    private readonly RouteTable _routes;
    private readonly RoutingOptions _options;
    private readonly OrderJournal _journal;
    private readonly OrderIdSource _ids;
    private readonly UpstreamOutbox _upstream;
    private readonly Func<string, string?, Session?> _venueSession;
    private readonly ReplacePolicy? _replacePolicy;
    private readonly OrderFlowApplication _venueAnswers;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly int _epoch;
    private readonly int _finishedKept;
    private readonly Action<RoutedOrder, int> _reportSent;
    private readonly ConcurrentDictionary<long, RoutedOrder> _byId = new();
    private readonly ConcurrentDictionary<(SessionId Session, string ClOrdId), RoutedOrder> _byClOrdId = new();
    private readonly ConcurrentDictionary<long, RoutedOrder> _byRequestId = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<RoutedOrder>> _unsent = new(StringComparer.Ordinal);
    private volatile bool _accepting = true;
    private int _unroutedReports;

    /// <summary>Creates the router and rebuilds its orders from the journal file.</summary>
    /// <param name="gate">Where child intents go.</param>
    /// <param name="gateEvents">The gate's side of venue answers (acks, fills, done, rejects), called after the router's.</param>
    /// <param name="routes">The route table.</param>
    /// <param name="options">Routing options (urgency tags).</param>
    /// <param name="journalPath">The order journal file (replayed here, then appended to).</param>
    /// <param name="upstream">Sends reports upstream.</param>
    /// <param name="venueSession">Finds the venue session (venue, session name) an order went out on, for cancels and replaces.</param>
    /// <param name="timeProvider">The gate's clock.</param>
    /// <param name="logger">The log.</param>
    /// <param name="replacePolicy">What the gate's current state does to a replace that raises the quantity; null admits every replace.</param>
    /// <param name="fsyncJournal">fsync the journal after every event.</param>
    public OrderRouter(
        IChildOrderSubmitter gate,
        IOrderEventSink gateEvents,
        RouteTable routes,
        RoutingOptions options,
        string journalPath,
        UpstreamOutbox upstream,
        Func<string, string?, Session?> venueSession,
        TimeProvider? timeProvider = null,
        ILogger? logger = null,
        ReplacePolicy? replacePolicy = null,
        bool fsyncJournal = false)
    {
        _gate = gate ?? throw new ArgumentNullException(nameof(gate));
        _gateEvents = gateEvents ?? throw new ArgumentNullException(nameof(gateEvents));
        _routes = routes ?? throw new ArgumentNullException(nameof(routes));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _upstream = upstream ?? throw new ArgumentNullException(nameof(upstream));
        _venueSession = venueSession ?? throw new ArgumentNullException(nameof(venueSession));
        _replacePolicy = replacePolicy;
        _time = timeProvider ?? TimeProvider.System;
        _log = logger ?? NullLogger.Instance;
        _finishedKept = Math.Max(0, options.FinishedOrdersKept);
        _reportSent = ReportSent;
        _venueAnswers = new OrderFlowApplication(this, timeProvider: _time);
        var state = OrderJournal.Replay(journalPath);
        _epoch = state.Epoch + 1;

        // Scratch beside the journal, refilled from it by the replay below (Retire).
        _finishedClOrdIdHistory = new ClOrdIdHistory(journalPath + ClOrdIdHistorySuffix, options.ClOrdIdsInMemory, options.ExpectedClOrdIdsPerDay, _log);
        try
        {
            ReplayOrders(state);
            _journal = new OrderJournal(journalPath, fsyncJournal);
        }
        catch
        {
            _finishedClOrdIdHistory.Dispose();
            throw;
        }

        // Ids continue after the journal's; never below today's block, so a journal rotated between trading days does
        // not hand the venue a ClOrdID it has seen before.
        var todayBlock = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime).DayNumber * IdsPerDay;
        _ids = new OrderIdSource(Math.Max(state.LastId + 1, todayBlock));
    }

    /// <summary>Live orders: working, or done with the final report not yet taken by the upstream session (finished ones: <see cref="FinishedOrderCount"/>).</summary>
    public int OrderCount => _byId.Count;

    /// <summary>Live orders, in no particular order (finished ones: <see cref="Find(long)"/>).</summary>
    public IEnumerable<RoutedOrder> Orders => _byId.Values;

    /// <summary>The order with gateway id <paramref name="id"/> (live, or finished and still held: then a detached copy, <see cref="RoutedOrder.Finished"/>), or null.</summary>
    /// <param name="id">The gateway id (the venue-side ClOrdID).</param>
    public RoutedOrder? Find(long id) => _byId.TryGetValue(id, out var order) ? order : FindFinished(id);

    /// <summary>
    /// The order an upstream session knows as <paramref name="clOrdId"/> (now or before a cancel or replace; live, or
    /// finished and still held: then a detached copy, <see cref="RoutedOrder.Finished"/>), or null.
    /// </summary>
    /// <param name="session">The upstream session.</param>
    /// <param name="clOrdId">Its ClOrdID.</param>
    public RoutedOrder? Find(SessionId session, string clOrdId) =>
        _byClOrdId.TryGetValue((session, clOrdId), out var order) ? order : FindFinished(session, clOrdId);

    /// <summary>
    /// An upstream application message: NewOrderSingle (D), OrderCancelRequest (F) and OrderCancelReplaceRequest (G)
    /// are routed; an OrderStatusRequest (H) is answered with the order's status; anything else is refused with a
    /// BusinessMessageReject by the engine (<see cref="UnsupportedMessageTypeException"/>).
    /// </summary>
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
            case "G":
                OnReplaceRequest(message, session);
                break;
            case "H":
                OnStatusRequest(message, session);
                break;
            default:
                throw new UnsupportedMessageTypeException($"Unsupported Message Type {message.MsgType}");
        }
    }

    /// <summary>
    /// An application message from a venue session: ExecutionReports (8) and BusinessMessageRejects (j) about the
    /// router's orders and requests, and OrderCancelRejects (9). A fill whose ExecID the order has seen (a venue's
    /// resend after a restart) is not counted twice.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="session">The venue session.</param>
    public void OnVenueMessage(FixMessage message, SessionId session)
    {
        ArgumentNullException.ThrowIfNull(message);
        switch (message.MsgType)
        {
            case "8":
                if (message.Body.TryGetChar(Tags.ExecType, out var execType) && execType == '5')
                {
                    OnReplaced(message.Body);
                }

                _currentExecId = message.Body.GetString(Tags.ExecID);
                try
                {
                    _venueAnswers.FromApp(message, session);
                }
                finally
                {
                    _currentExecId = null;
                }

                break;
            case "j":
                _venueAnswers.FromApp(message, session);
                break;
            case "9":
                OnCancelReject(message.Body);
                break;
            default:
                break;
        }
    }

    /// <summary>New upstream orders are rejected from now on ("the gateway is shutting down"); cancels and replaces still go.</summary>
    public void StopAccepting() => _accepting = false;

    /// <summary>Closes the journal, and drops the finished ClOrdIDs' scratch directory (rebuilt from the journal at the next start).</summary>
    public void Dispose()
    {
        _journal.Dispose();
        _finishedClOrdIdHistory.Dispose();
    }

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    // Every report upstream goes through here: when the session has sent it, the journal notes the version it showed,
    // and a done order whose final state that was leaves the live maps (OrderRouter.Finished.cs).
    private void Report(RoutedOrder order, FixMessage report)
    {
        _upstream.Send(order.Upstream, report, order, order.Version, _reportSent);
    }

    private void ReportSent(RoutedOrder order, int version)
    {
        _journal.Reported(order.GatewayId, version);
        if (order.IsDone)
        {
            ReportDelivered(order, version);
        }
    }

    // The journal's orders back in the live maps; finished ones retired as while running.
    private void ReplayOrders(JournalState state)
    {
        foreach (var order in state.Orders.Values.OrderBy(o => o.GatewayId))
        {
            order.Epoch = _epoch;
            order.GateOutcomeSeen = true;
            _byId[order.GatewayId] = order;
            foreach (var clOrdId in order.AllClOrdIds())
            {
                _byClOrdId.TryAdd((order.Upstream, clOrdId), order);
            }

            if (order.RequestIds is { } requests)
            {
                foreach (var request in requests)
                {
                    _byRequestId[request] = order;
                }
            }

            // Finished and its final state reported before the restart: the same compact form as while running.
            if (order.IsDone && order.Pending is null && order.Version <= order.ReportedVersion)
            {
                Retire(order);
            }
        }
    }

    private static Urgency UrgencyOf(FieldMap body, int tag) =>
        body.TryGetInt32(tag, out var urgency) && urgency is >= 0 and <= 3 ? (Urgency)urgency : Urgency.Normal;

    private ChildOrderIntent IntentFor(RoutedOrder order) => new()
    {
        OrderId = order.GatewayId,
        Venue = order.Venue,
        Symbol = order.Symbol,
        Side = order.Side,
        Quantity = order.Quantity,
        LimitPrice = order.LimitPrice,
        Urgency = order.Urgency,
        UrgencyOverride = order.UrgencyOverride,
        DecisionTimestamp = _time.GetTimestamp(),
    };
}
