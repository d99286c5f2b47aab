using PortStress.Execution;
using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Gateway.Routing;

/// <summary>Upstream requests: new orders and cancels (replaces: OrderRouter.Replace.cs).</summary>
public sealed partial class OrderRouter
{
    private const int PossResend = 97;
    private const int OrdRejReasonDuplicate = 6;

    private void OnNewOrder(FixMessage message, SessionId session)
    {
        var body = message.Body;
        var clOrdId = body.GetString(Tags.ClOrdID);
        if (string.IsNullOrEmpty(clOrdId))
        {
            RejectUnrouted(session, "?", body, "ClOrdID (11) is required");
            return;
        }

        if (Find(session, clOrdId) is { } known)
        {
            OnKnownOrder(message, session, known);
            return;
        }

        if (IsFinishedClOrdId(session, clOrdId))
        {
            // Finished earlier and no longer held as a record: never routed again, resent or not.
            RouterLog.DuplicateOrder(_log, session.ToString(), clOrdId);
            RejectUnrouted(session, clOrdId, body, $"duplicate ClOrdID '{clOrdId}': the gateway already had this order and it has finished "
                + "(its final report was delivered; the details are in the journal); not routed again", OrdRejReasonDuplicate);
            return;
        }

        if (!_accepting)
        {
            RejectUnrouted(session, clOrdId, body, "the gateway is shutting down");
            return;
        }

        var symbol = body.GetString(Tags.Symbol);
        if (string.IsNullOrEmpty(symbol) || !body.TryGetChar(Tags.Side, out var side) || side is not ('1' or '2' or '5')
            || !body.TryGetDecimal(Tags.OrderQty, out var quantity) || quantity <= 0)
        {
            RejectUnrouted(session, clOrdId, body, "Symbol (55), Side (54: 1, 2 or 5) and a positive OrderQty (38) are required");
            return;
        }

        decimal? limit = body.TryGetChar(Tags.OrdType, out var ordType) && ordType == '2' && body.TryGetDecimal(Tags.Price, out var price) ? price : null;
        if (ordType == '2' && limit is null)
        {
            RejectUnrouted(session, clOrdId, body, "a limit order (40=2) needs Price (44)");
            return;
        }

        var venue = _routes.Resolve(body.GetString(Tags.ExDestination), symbol, out var noRoute);
        if (venue is null)
        {
            RejectUnrouted(session, clOrdId, body, noRoute!);
            return;
        }

        var order = new RoutedOrder(_ids.Next(), session, clOrdId, venue, symbol, (OrderSide)side, quantity, limit)
        {
            Urgency = UrgencyOf(body, _options.UrgencyTag),
            UrgencyOverride = body.TryGetBoolean(_options.UrgencyOverrideTag, out var overrideFlag) && overrideFlag,
            Epoch = _epoch,
        };
        var intent = IntentFor(order);
        order.Intent = intent;
        lock (order.Sync)
        {
            _journal.New(order);
        }

        _byId[order.GatewayId] = order;
        _byClOrdId[(session, clOrdId)] = order;
        _gate.Submit(intent, this);

        // No outcome yet: the gate holds it (jitter, pacing, containment, approval). Upstream hears it is pending.
        lock (order.Sync)
        {
            if (!order.GateOutcomeSeen && order.Status == '\0')
            {
                order.Status = 'A';
                _journal.Status(order);
                Report(order, UpstreamReports.Report(_upstream.Rent(), order, 'A', "held by the gateway's port-stress policy", Now));
            }
        }
    }

    // A ClOrdID the session has used: a resend (PossResend 97=Y or PossDupFlag 43=Y, after a reconnect or restart)
    // gets the order's status and is never routed twice; anything else is a duplicate ClOrdID and is rejected
    // without touching the order.
    private void OnKnownOrder(FixMessage message, SessionId session, RoutedOrder known)
    {
        var resent = IsResent(message);
        var clOrdId = message.Body.GetString(Tags.ClOrdID)!;
        if (resent)
        {
            RouterLog.ResentOrder(_log, session.ToString(), clOrdId);
            lock (known.Sync)
            {
                Report(known, UpstreamReports.Status(_upstream.Rent(), known, "resent order: already known to the gateway, not routed again", Now));
            }

            return;
        }

        RouterLog.DuplicateOrder(_log, session.ToString(), clOrdId);
        RejectUnrouted(session, clOrdId, message.Body, $"duplicate ClOrdID '{clOrdId}': the gateway already has this order (OrdStatus {known.Status}); not routed again", OrdRejReasonDuplicate);
    }

    private void OnCancelRequest(FixMessage message, SessionId session)
    {
        var body = message.Body;
        var clOrdId = body.GetString(Tags.ClOrdID) ?? string.Empty;
        var orig = body.GetString(Tags.OrigClOrdID) ?? string.Empty;
        var order = Find(session, orig);
        if (order is null)
        {
            _upstream.Send(session, UnknownOrderReject(session, clOrdId, orig, '1'));
            return;
        }

        Session? venueSession;
        PendingRequest request;
        lock (order.Sync)
        {
            if (!CanAmend(order, session, clOrdId, orig, '1', out venueSession))
            {
                return;
            }

            request = Begin(order, new PendingRequest(false, _ids.Next(), clOrdId, order.Quantity, order.LimitPrice));
        }

        var cancel = new FixMessage();
        cancel.Header.Set(Tags.MsgType, "F"u8);
        cancel.Body.Set(Tags.ClOrdID, request.RequestId);
        cancel.Body.Set(Tags.OrigClOrdID, order.VenueClOrdId);
        cancel.Body.Set(Tags.Symbol, order.Symbol);
        cancel.Body.Set(Tags.Side, (char)order.Side);
        cancel.Body.Set(Tags.OrderQty, order.Quantity);
        cancel.Body.SetTimestamp(Tags.TransactTime, Now);
        SendRequest(order, venueSession!, cancel, request, orig);
    }

    // Whether a cancel or replace may go to the venue now; if not, upstream has its OrderCancelReject. Under the order's lock.
    private bool CanAmend(RoutedOrder order, SessionId session, string clOrdId, string orig, char responseTo, out Session? venueSession)
    {
        venueSession = null;
        string? problem = null;
        var reason = 99;
        if (order.IsDone)
        {
            (problem, reason) = ("the order is already done", 0);
        }
        else if (order.Pending is { } pending)
        {
            (problem, reason) = ($"a {(pending.IsReplace ? "replace" : "cancel")} ({pending.ClOrdId}) is already pending for the order", 3);
        }
        else if (!order.Sent)
        {
            problem = "the order is held by the gateway and not yet at the venue; try again";
        }
        else if ((venueSession = _venueSession(order.Venue, order.VenueSession)) is null)
        {
            problem = $"no session to venue {order.Venue}";
        }
        else if (clOrdId.Length == 0 || Find(session, clOrdId) is not null || IsFinishedClOrdId(session, clOrdId))
        {
            problem = clOrdId.Length == 0 ? "ClOrdID (11) is required" : $"duplicate ClOrdID '{clOrdId}'";
        }

        if (problem is null)
        {
            return true;
        }

        _upstream.Send(session, UpstreamReports.CancelReject(_upstream.Rent(), order, clOrdId, orig, reason, problem, responseTo));
        return false;
    }

    // The request is the order's pending one from now on, known by its id, journaled before it is sent. Under the order's lock.
    private PendingRequest Begin(RoutedOrder order, PendingRequest request)
    {
        order.Pending = request;
        order.AddRequest(request.RequestId);
        _byRequestId[request.RequestId] = order;
        _journal.Requested(order.GatewayId, request);
        return request;
    }

    // Sends a cancel or replace to the venue; when the session refuses it, the request is undone and upstream told.
    private void SendRequest(RoutedOrder order, Session venueSession, FixMessage request, PendingRequest pending, string orig)
    {
        if (venueSession.Send(request) == SendOutcome.Sent)
        {
            return;
        }

        lock (order.Sync)
        {
            if (order.Pending == pending)
            {
                order.Pending = null;
                _journal.RequestDone(order);
            }
        }

        _upstream.Send(order.Upstream, UpstreamReports.CancelReject(
            _upstream.Rent(),
            order, pending.ClOrdId, orig, 99, $"venue session {order.VenueSession} is not logged on", pending.IsReplace ? '2' : '1'));
    }

    private void OnStatusRequest(FixMessage message, SessionId session)
    {
        var clOrdId = message.Body.GetString(Tags.ClOrdID) ?? string.Empty;
        if (Find(session, clOrdId) is { } order)
        {
            lock (order.Sync)
            {
                Report(order, UpstreamReports.Status(_upstream.Rent(), order, null, Now));
            }

            return;
        }

        var unknown = new RoutedOrder(0, session, clOrdId, string.Empty, message.Body.GetString(Tags.Symbol) ?? "?",
            message.Body.TryGetChar(Tags.Side, out var side) ? (OrderSide)side : OrderSide.Buy, 0, null)
        {
            Status = '8',
            Epoch = _epoch,
            ReportCount = NextUnroutedReport(),
        };
        var text = IsFinishedClOrdId(session, clOrdId)
            ? $"order '{clOrdId}' finished earlier and is no longer held (its final report was delivered; the details are in the journal)"
            : $"unknown order '{clOrdId}'";
        _upstream.Send(session, UpstreamReports.Status(_upstream.Rent(), unknown, text, Now));
    }

    // A cancel or replace naming an order the router does not hold: too late (102=0) when it finished, else unknown (102=1).
    private FixMessage UnknownOrderReject(SessionId session, string clOrdId, string orig, char responseTo) =>
        IsFinishedClOrdId(session, orig)
            ? UpstreamReports.CancelReject(_upstream.Rent(), null, clOrdId, orig, 0, $"order '{orig}' has finished", responseTo)
            : UpstreamReports.CancelReject(_upstream.Rent(), null, clOrdId, orig, 1, $"unknown order '{orig}'", responseTo);

    // Reports about no order (OrderID NONE) still need unique ExecIDs: 0-EPOCH-N with N counted here.
    private int NextUnroutedReport() => Interlocked.Increment(ref _unroutedReports) - 1;

    private void RejectUnrouted(SessionId session, string clOrdId, FieldMap body, string reason, int? ordRejReason = null)
    {
        RouterLog.OrderRejected(_log, session.ToString(), clOrdId, reason);
        body.TryGetDecimal(Tags.OrderQty, out var quantity);
        body.TryGetChar(Tags.Side, out var side);
        var order = new RoutedOrder(0, session, clOrdId, string.Empty, body.GetString(Tags.Symbol) ?? "?", (OrderSide)(side == '\0' ? '1' : side), quantity, null)
        {
            Status = '8',
            Epoch = _epoch,
            ReportCount = NextUnroutedReport(),
        };
        var report = UpstreamReports.Report(_upstream.Rent(), order, '8', reason, Now);
        if (ordRejReason is { } code)
        {
            report.Body.Set(UpstreamReports.OrdRejReason, (long)code);
        }

        _upstream.Send(session, report);
    }
}
