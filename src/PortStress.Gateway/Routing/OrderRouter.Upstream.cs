using PortStress.Execution;
using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Gateway.Routing;

/// <summary>Upstream requests: new orders and cancels.</summary>
public sealed partial class OrderRouter
{
    private void OnNewOrder(FixMessage message, SessionId session)
    {
        var body = message.Body;
        var clOrdId = body.GetString(Tags.ClOrdID);
        if (string.IsNullOrEmpty(clOrdId))
        {
            RejectUnrouted(session, "?", body, "ClOrdID (11) is required");
            return;
        }

        if (_byClOrdId.ContainsKey((session, clOrdId)))
        {
            // A resent order (PossResend after a reconnect or restart) or a duplicate ClOrdID: never sent twice.
            RouterLog.DuplicateOrder(_log, session.ToString(), clOrdId);
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

        var order = new RoutedOrder(_ids.Next(), session, clOrdId, venue, symbol, (OrderSide)side, quantity, limit);
        var intent = new ChildOrderIntent
        {
            OrderId = order.GatewayId,
            Venue = venue,
            Symbol = symbol,
            Side = order.Side,
            Quantity = quantity,
            LimitPrice = limit,
            Urgency = body.TryGetInt32(_options.UrgencyTag, out var urgency) && urgency is >= 0 and <= 3 ? (Urgency)urgency : Urgency.Normal,
            UrgencyOverride = body.TryGetBoolean(_options.UrgencyOverrideTag, out var overrideFlag) && overrideFlag,
            DecisionTimestamp = _time.GetTimestamp(),
        };
        order.Intent = intent;
        _journal.New(order);
        _byId[order.GatewayId] = order;
        _byClOrdId[(session, clOrdId)] = order;
        _gate.Submit(intent, this);

        // No outcome yet: the gate holds it (jitter, pacing, containment, approval). Upstream hears it is pending.
        lock (order.Sync)
        {
            if (!order.GateOutcomeSeen && order.Status == '\0')
            {
                order.Status = 'A';
                _upstream.Send(order.Upstream, UpstreamReports.Report(order, 'A', "held by the gateway's port-stress policy", Now));
            }
        }
    }

    private void OnCancelRequest(FixMessage message, SessionId session)
    {
        var body = message.Body;
        var clOrdId = body.GetString(Tags.ClOrdID) ?? string.Empty;
        var orig = body.GetString(Tags.OrigClOrdID) ?? string.Empty;
        var order = Find(session, orig);
        if (order is null)
        {
            _upstream.Send(session, UpstreamReports.CancelReject(null, clOrdId, orig, 1, $"unknown order '{orig}'"));
            return;
        }

        Session? venueSession;
        lock (order.Sync)
        {
            if (order.IsDone)
            {
                _upstream.Send(session, UpstreamReports.CancelReject(order, clOrdId, orig, 0, "the order is already done"));
                return;
            }

            if (order.VenueSession is null)
            {
                _upstream.Send(session, UpstreamReports.CancelReject(order, clOrdId, orig, 99, "the order is held by the gateway and not yet at the venue; try again"));
                return;
            }

            venueSession = _venueSession(order.Venue, order.VenueSession);
            if (venueSession is null)
            {
                _upstream.Send(session, UpstreamReports.CancelReject(order, clOrdId, orig, 99, $"no session to venue {order.Venue}"));
                return;
            }

            order.PendingCancelClOrdId = clOrdId;
            _journal.CancelRequested(order.GatewayId, clOrdId);
        }

        var cancelId = _ids.Next();
        _byCancelId[cancelId] = order;
        var cancel = new FixMessage();
        cancel.Header.Set(Tags.MsgType, "F"u8);
        cancel.Body.Set(Tags.ClOrdID, cancelId);
        cancel.Body.Set(Tags.OrigClOrdID, order.GatewayId);
        cancel.Body.Set(Tags.Symbol, order.Symbol);
        cancel.Body.Set(Tags.Side, (char)order.Side);
        cancel.Body.Set(Tags.OrderQty, order.Quantity);
        cancel.Body.SetTimestamp(Tags.TransactTime, Now);
        if (venueSession.Send(cancel) != SendOutcome.Sent)
        {
            lock (order.Sync)
            {
                order.PendingCancelClOrdId = null;
            }

            _upstream.Send(session, UpstreamReports.CancelReject(order, clOrdId, orig, 99, $"venue session {order.VenueSession} is not logged on"));
        }
    }

    private void RejectUnrouted(SessionId session, string clOrdId, FieldMap body, string reason)
    {
        RouterLog.OrderRejected(_log, session.ToString(), clOrdId, reason);
        body.TryGetDecimal(Tags.OrderQty, out var quantity);
        body.TryGetChar(Tags.Side, out var side);
        var order = new RoutedOrder(0, session, clOrdId, string.Empty, body.GetString(Tags.Symbol) ?? "?", (OrderSide)(side == '\0' ? '1' : side), quantity, null)
        {
            Status = '8',
        };
        _upstream.Send(session, UpstreamReports.Report(order, '8', reason, Now));
    }
}
