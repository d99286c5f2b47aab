using System.Globalization;
using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Gateway.Routing;

/// <summary>
/// Replaces (OrderCancelReplaceRequest, 35=G): routed to the venue session the order went out on under a new gateway
/// ClOrdID with OrigClOrdID the venue's current one; a raised quantity first passes the <see cref="ReplacePolicy"/>
/// (the gate's state now); the venue's answer (ExecType 5, or an OrderCancelReject) goes upstream under the upstream
/// ClOrdID and OrigClOrdID.
/// </summary>
public sealed partial class OrderRouter
{
    private void OnReplaceRequest(FixMessage message, SessionId session)
    {
        var body = message.Body;
        var clOrdId = body.GetString(Tags.ClOrdID) ?? string.Empty;
        var orig = body.GetString(Tags.OrigClOrdID) ?? string.Empty;
        var order = Find(session, orig);
        if (order is null)
        {
            _upstream.Send(session, UnknownOrderReject(session, clOrdId, orig, '2'));
            return;
        }

        if (order.Pending is { IsReplace: true } inFlight && inFlight.ClOrdId == clOrdId && IsResent(message))
        {
            return; // the same replace, resent after a reconnect: already at the venue
        }

        string? problem = null;
        if (!body.TryGetDecimal(Tags.OrderQty, out var quantity) || quantity <= 0)
        {
            problem = "a positive OrderQty (38) is required";
        }
        else if (body.GetString(Tags.Symbol) is { } symbol && symbol != order.Symbol
                 || body.TryGetChar(Tags.Side, out var side) && side != (char)order.Side)
        {
            problem = $"Symbol and Side cannot change in a replace (the order is {order.Symbol} side {(char)order.Side})";
        }

        decimal? price = order.LimitPrice;
        if (problem is null && body.TryGetChar(Tags.OrdType, out var ordType))
        {
            price = ordType == '2' && body.TryGetDecimal(Tags.Price, out var p) ? p : null;
            if (ordType == '2' && price is null)
            {
                problem = "a limit order (40=2) needs Price (44)";
            }
        }
        else if (problem is null && body.TryGetDecimal(Tags.Price, out var newPrice))
        {
            price = newPrice;
        }

        if (problem is not null)
        {
            _upstream.Send(session, UpstreamReports.CancelReject(_upstream.Rent(), order, clOrdId, orig, 99, problem, '2'));
            return;
        }

        Session? venueSession;
        PendingRequest request;
        lock (order.Sync)
        {
            if (!CanAmend(order, session, clOrdId, orig, '2', out venueSession))
            {
                return;
            }

            if (quantity <= order.CumulativeQuantity)
            {
                _upstream.Send(session, UpstreamReports.CancelReject(_upstream.Rent(), order, clOrdId, orig, 99, string.Create(CultureInfo.InvariantCulture,
                    $"OrderQty {quantity} must be above the filled quantity {order.CumulativeQuantity}; cancel the order instead"), '2'));
                return;
            }

            var admitted = _replacePolicy?.Admit(order, quantity) ?? new ReplaceAdmission(quantity, null, null);
            if (admitted.Refusal is { } refusal)
            {
                RouterLog.ReplaceRefused(_log, session.ToString(), clOrdId, refusal);
                _upstream.Send(session, UpstreamReports.CancelReject(_upstream.Rent(), order, clOrdId, orig, 99, refusal, '2'));
                return;
            }

            request = Begin(order, new PendingRequest(true, _ids.Next(), clOrdId, admitted.Quantity, price, admitted.Note));
        }

        var replace = new FixMessage();
        replace.Header.Set(Tags.MsgType, "G"u8);
        replace.Body.Set(Tags.ClOrdID, request.RequestId);
        replace.Body.Set(Tags.OrigClOrdID, order.VenueClOrdId);
        if (!venueSession!.Id.BeginString.StartsWith("FIXT", StringComparison.Ordinal))
        {
            replace.Body.Set(Tags.HandlInst, '1');
        }

        replace.Body.Set(Tags.Symbol, order.Symbol);
        replace.Body.Set(Tags.Side, (char)order.Side);
        replace.Body.SetTimestamp(Tags.TransactTime, Now);
        replace.Body.Set(Tags.OrderQty, request.Quantity);
        replace.Body.Set(Tags.OrdType, request.LimitPrice is null ? '1' : '2');
        if (request.LimitPrice is { } limit)
        {
            replace.Body.Set(Tags.Price, limit);
        }

        SendRequest(order, venueSession, replace, request, orig);
    }

    // The venue accepted a replace (ExecType 5): the order takes the new ClOrdIDs, quantity and price.
    private void OnReplaced(FieldMap report)
    {
        if (!report.TryGetInt64(Tags.ClOrdID, out var requestId) || !_byRequestId.TryGetValue(requestId, out var order))
        {
            return;
        }

        lock (order.Sync)
        {
            if (order.Pending is not { IsReplace: true } pending || pending.RequestId != requestId)
            {
                return;
            }

            OrderJournal.ApplyReplace(order, pending);
            _byClOrdId[(order.Upstream, order.ClOrdId)] = order;
            _journal.Replaced(order);
            Report(order, UpstreamReports.Report(_upstream.Rent(), order, '5', pending.Note, Now));
        }
    }

    // The venue refused a cancel or replace (35=9): upstream hears it under its own ClOrdIDs; the order is unchanged.
    private void OnCancelReject(FieldMap reject)
    {
        if (reject.TryGetInt64(Tags.ClOrdID, out var requestId) && _byRequestId.TryGetValue(requestId, out var order))
        {
            RequestRefused(order, requestId, reject.TryGetInt32(UpstreamReports.CxlRejReason, out var code) ? code : 99, reject.GetString(Tags.Text) ?? "rejected by the venue");
        }
    }

    private void RequestRefused(RoutedOrder order, long requestId, int reason, string text)
    {
        lock (order.Sync)
        {
            if (order.Pending is not { } pending || pending.RequestId != requestId)
            {
                return;
            }

            order.Pending = null;
            _journal.RequestDone(order);
            Report(order, UpstreamReports.CancelReject(_upstream.Rent(), order, pending.ClOrdId, order.ClOrdId, reason, text, pending.IsReplace ? '2' : '1'));
        }
    }

    private static bool IsResent(FixMessage message) =>
        (message.Header.TryGetBoolean(PossResend, out var possResend) && possResend)
        || (message.Header.TryGetBoolean(Tags.PossDupFlag, out var possDup) && possDup);
}
