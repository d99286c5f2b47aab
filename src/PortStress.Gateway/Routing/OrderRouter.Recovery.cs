using PortStress.Execution;

namespace PortStress.Gateway.Routing;

/// <summary>
/// After a restart: what became of the orders the journal holds. The venue sessions' stores are the truth of what
/// left the gateway (the engine saves a message before it writes it to the socket, and resends it when the venue
/// asks), so an order or request the journal has but no store holds never reached the venue.
/// </summary>
public sealed partial class OrderRouter
{
    /// <summary>
    /// Settles the journal's orders against the venue sessions' stores, before the sessions start: an order that no
    /// store holds is sent again through the gate (same gateway id; the venue never saw it) once a session of its
    /// venue logs on (<see cref="OnVenueLogon"/>); a cancel or replace no store holds is answered upstream with an
    /// OrderCancelReject asking to send it again; every order whose last state upstream has not been told gets a
    /// status report (ExecType I; FIX 4.2: ExecTransType 3), sent when its upstream session logs on.
    /// </summary>
    /// <param name="sentToVenue">
    /// The venue-side ClOrdIDs (orders and requests) in the stores of a venue's sessions; null when a venue's stores
    /// cannot tell (a memory store or a sequence reset): its unanswered orders are then assumed sent and never sent twice.
    /// </param>
    /// <returns>How many orders will be sent again.</returns>
    public int Recover(Func<string, IReadOnlySet<long>?> sentToVenue)
    {
        ArgumentNullException.ThrowIfNull(sentToVenue);
        var resend = 0;
        foreach (var order in _byId.Values.OrderBy(o => o.GatewayId))
        {
            lock (order.Sync)
            {
                var stored = order.IsDone ? null : sentToVenue(order.Venue);
                if (!order.IsDone && !order.Sent)
                {
                    if (stored is null || stored.Contains(order.GatewayId))
                    {
                        order.Sent = true;
                        _journal.Sent(order.GatewayId, order.VenueSession);
                        if (stored is null)
                        {
                            RouterLog.RecoveredUnknown(_log, order.GatewayId, order.Venue);
                        }
                    }
                    else
                    {
                        _unsent.GetOrAdd(order.Venue, _ => new System.Collections.Concurrent.ConcurrentQueue<RoutedOrder>()).Enqueue(order);
                        resend++;
                    }
                }

                if (order.Pending is { } pending && stored is not null && !stored.Contains(pending.RequestId))
                {
                    order.Pending = null;
                    _journal.RequestDone(order);
                    Report(order, UpstreamReports.CancelReject(_upstream.Rent(), order, pending.ClOrdId, order.ClOrdId, 99,
                        "the gateway restarted before the request reached the venue; send it again", pending.IsReplace ? '2' : '1'));
                    continue;
                }

                if (order.Version > order.ReportedVersion)
                {
                    Report(order, UpstreamReports.Status(_upstream.Rent(), order, "order status after a gateway restart", Now));
                }
            }
        }

        RouterLog.Recovered(_log, _byId.Count, resend);
        return resend;
    }

    /// <summary>A session of <paramref name="venue"/> logged on: the orders recovered as never sent go to the gate now (on the thread pool).</summary>
    /// <param name="venue">The venue.</param>
    public void OnVenueLogon(string venue)
    {
        if (!_unsent.TryGetValue(venue, out var orders) || orders.IsEmpty)
        {
            return;
        }

        _ = Task.Run(() =>
        {
            while (orders.TryDequeue(out var order))
            {
                ChildOrderIntent intent;
                lock (order.Sync)
                {
                    if (order.IsDone || order.Sent)
                    {
                        continue;
                    }

                    order.GateOutcomeSeen = false;
                    intent = IntentFor(order);
                    order.Intent = intent;
                }

                RouterLog.Resubmitted(_log, order.GatewayId, order.Venue);
                _gate.Submit(intent, this);
            }
        });
    }
}
