using PortStress.Execution;

namespace PortStress.Gateway.Routing;

/// <summary>Gate outcomes and venue answers, reported upstream.</summary>
public sealed partial class OrderRouter
{
    /// <inheritdoc />
    public void OnOutcome(in GateOutcome outcome)
    {
        if (!_byId.TryGetValue(outcome.Intent.OrderId, out var order))
        {
            return;
        }

        lock (order.Sync)
        {
            order.GateOutcomeSeen = true;
            if (outcome.Kind == GateOutcomeKind.Refused)
            {
                order.Status = '8';
                _journal.Status(order);
                Report(order, UpstreamReports.Report(_upstream.Rent(), order, '8', $"refused by the gateway: {outcome.Refusal}", Now));
                return;
            }

            order.Sent = true;
            order.VenueSession = outcome.SessionName;
            _journal.Sent(order.GatewayId, outcome.SessionName);
            if (outcome.TrimmedQuantity > 0)
            {
                order.Quantity = outcome.SentQuantity;
                _journal.Quantity(order);
                Report(order, UpstreamReports.Report(_upstream.Rent(), order, 'D', $"clip trimmed by {outcome.TrimmedQuantity} under the port-stress policy", Now));
            }
        }
    }

    /// <inheritdoc />
    public void OnAcknowledged(long orderId, long timestamp)
    {
        var gateId = GateId(orderId);
        if (Resolve(orderId) is { } order)
        {
            lock (order.Sync)
            {
                if (order.Status is '\0' or 'A')
                {
                    order.Status = '0';
                    _journal.Status(order);
                    Report(order, UpstreamReports.Report(_upstream.Rent(), order, '0', null, Now));
                }
            }
        }

        _gateEvents.OnAcknowledged(gateId, timestamp);
    }

    /// <inheritdoc />
    public void OnRejected(long orderId, string reason, long timestamp)
    {
        var gateId = GateId(orderId);
        if (_byRequestId.TryGetValue(orderId, out var amended))
        {
            // A venue that refuses a cancel or replace with an ExecutionReport (150=8) naming the request: the
            // request failed, the order stands.
            RequestRefused(amended, orderId, 99, reason);
            return;
        }

        if (Resolve(orderId) is { } order)
        {
            lock (order.Sync)
            {
                if (!order.IsDone)
                {
                    order.Status = '8';
                    order.Pending = null;
                    _journal.Status(order);
                    Report(order, UpstreamReports.Report(_upstream.Rent(), order, '8', reason, Now));
                }
            }
        }

        _gateEvents.OnRejected(gateId, reason, timestamp);
    }

    /// <inheritdoc />
    public void OnFilled(long orderId, decimal quantity, decimal price, long timestamp)
    {
        var gateId = GateId(orderId);
        if (Resolve(orderId) is { } order)
        {
            lock (order.Sync)
            {
                var execId = _currentExecId;
                if (execId is not null && !order.AddFillExecId(execId))
                {
                    // The venue resent a fill this order has counted (after a restart): neither upstream nor the gate hears it twice.
                    RouterLog.DuplicateFill(_log, order.GatewayId, execId);
                    return;
                }

                order.CumulativeQuantity += quantity;
                order.Notional += quantity * price;
                order.Status = order.CumulativeQuantity >= order.Quantity ? '2' : '1';
                _journal.Fill(order, quantity, price, execId);
                Report(order, UpstreamReports.Fill(_upstream.Rent(), order, quantity, price, Now));
            }
        }

        _gateEvents.OnFilled(gateId, quantity, price, timestamp);
    }

    /// <inheritdoc />
    public void OnDone(long orderId, decimal leavesQuantity, long timestamp)
    {
        var gateId = GateId(orderId);
        if (Resolve(orderId) is { } order)
        {
            lock (order.Sync)
            {
                if (!order.IsDone)
                {
                    // Done without a full fill: cancelled (on request, or by the venue: expired, done for day).
                    var requested = order.Pending is { IsReplace: false } cancel ? cancel.ClOrdId : null;
                    order.Pending = null;
                    if (requested is not null)
                    {
                        order.Rename(requested);
                        _byClOrdId[(order.Upstream, requested)] = order;
                    }

                    order.Status = '4';
                    _journal.Status(order, requested);
                    Report(order, UpstreamReports.Report(_upstream.Rent(), order, '4', requested is null ? "cancelled by the venue" : null, Now));
                }
            }
        }

        _gateEvents.OnDone(gateId, leavesQuantity, timestamp);
    }

    /// <summary>Upstream needs nothing more here: the router reports acks and fills from the venue side (<see cref="IOrderEventSink"/>).</summary>
    /// <param name="intent">The order.</param>
    void IChildOrderListener.OnAcknowledged(ChildOrderIntent intent)
    {
    }

    /// <inheritdoc cref="IChildOrderListener.OnRejected" />
    void IChildOrderListener.OnRejected(ChildOrderIntent intent, string reason)
    {
    }

    /// <inheritdoc cref="IChildOrderListener.OnFilled" />
    void IChildOrderListener.OnFilled(ChildOrderIntent intent, decimal quantity, decimal price)
    {
    }

    /// <inheritdoc cref="IChildOrderListener.OnDone" />
    void IChildOrderListener.OnDone(ChildOrderIntent intent, decimal leavesQuantity)
    {
    }

    // A cancel's or replace's answer names the request; the gate knows the order by its own id.
    private long GateId(long orderId) => _byRequestId.TryGetValue(orderId, out var order) ? order.GatewayId : orderId;

    private RoutedOrder? Resolve(long orderId) =>
        _byId.TryGetValue(orderId, out var order) ? order : _byRequestId.TryGetValue(orderId, out var requested) ? requested : null;
}
