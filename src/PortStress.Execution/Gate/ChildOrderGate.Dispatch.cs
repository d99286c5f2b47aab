using Microsoft.Extensions.Logging;
using PortStress.Execution.Records;
using PortStress.Telemetry;

namespace PortStress.Execution.Gate;

public sealed partial class ChildOrderGate
{
    // Under _sync: pick a session and leave the send for after the lock. The order is tracked (in _orders) before the
    // venue can possibly answer.
    private void Send(GateOrder order, long now, DispatchBatch batch)
    {
        var intent = order.Intent;
        var venue = order.Venue;
        if (order.Holds != HoldReasons.None && intent.DeadlineTimestamp != 0 && now > intent.DeadlineTimestamp + _tickTicks)
        {
            Refuse(order, RefusalReason.DeadlinePassed, now, batch);
            return;
        }
        var session = VenueSessionPool.Choose(venue.Sessions, order.Snapshot.Parameters.PreferWarmSessions, now, _score);
        if (session is null)
        {
            SendFailed(order, null, now, batch);
            return;
        }
        order.Session = session;
        if (order.Snapshot.Parameters.PreferWarmSessions && _metrics.WarmSessionChoicesEnabled)
            _metrics.WarmSessionChosen(!ReferenceEquals(session, VenueSessionPool.Choose(venue.Sessions, false, now, _score)));
        order.SentTimestamp = now;
        order.Stage = OrderStage.Working;
        session.RecordSent();
        var kind = order.Holds == HoldReasons.None ? GateOutcomeKind.Sent : GateOutcomeKind.HeldThenSent;
        batch.Add(new Dispatch
        {
            Kind = DispatchKind.Send,
            Order = order,
            Intent = intent,
            Listener = order.Listener,
            Session = session,
            Destination = DestinationOf(session, venue),
            Timestamp = now,
            ReportedDecision = intent.DecisionTimestamp + order.IntendedHoldTicks,
            Record = BuildRecord(order, kind, RefusalReason.None, now),
        });
    }

    // Under _sync: the send failed (no session logged on, or the session refused it). The failure spends a token of
    // the venue's retry budget; the gate retries after a full-jitter back-off while the budget allows.
    private void SendFailed(GateOrder order, SessionHealth? session, long now, DispatchBatch batch)
    {
        var venue = order.Venue;
        var intent = order.Intent;
        venue.Budget.RecordFailure();
        session?.RecordFailure(now, _score.FailureHalfLifeTicks);
        order.Session = null;
        order.SentTimestamp = 0;
        order.Stage = OrderStage.Free;
        if (_disposed)
        {
            Refuse(order, RefusalReason.ShuttingDown, now, batch);
            return;
        }
        if (order.Retries < _options.MaxGateRetries && venue.Budget.CanRetry)
        {
            var delay = Ticks(RetryBudget.Backoff(order.Retries, _options.RetryBaseDelay, _options.RetryMaxDelay, _random.NextDouble()));
            var due = now + delay;
            if (intent.DeadlineTimestamp != 0 && due > intent.DeadlineTimestamp)
            {
                Refuse(order, RefusalReason.DeadlinePassed, now, batch);
                return;
            }
            order.Retries++;
            order.RetryPending = true;
            _retryWaiting++;
            EnterHold(order, OrderStage.Wheel, HoldReasons.Retry);
            _wheel.Add(order, due);
            _observer.RetryScheduled(DestinationOf(session, venue), intent.OrderId, _retryWaiting);
            _metrics.Retry();
            GateLog.RetryScheduled(_logger, intent.OrderId, venue.Name, order.Retries, delay * 1000.0 / _frequency);
            return;
        }
        var noSession = true;
        foreach (var s in venue.Sessions)
        {
            if (s.Session.IsLoggedOn)
            {
                noSession = false;
                break;
            }
        }
        Refuse(order, noSession ? RefusalReason.NoSession : RefusalReason.RetryBudgetExhausted, now, batch);
    }

    // Under _sync: the record is built now; the order goes back to the pool.
    private void Refuse(GateOrder order, RefusalReason reason, long now, DispatchBatch batch)
    {
        var intent = order.Intent;
        batch.Add(new Dispatch
        {
            Kind = DispatchKind.Refuse,
            Intent = intent,
            Listener = order.Listener,
            Destination = order.Venue?.Destination ?? default,
            Record = BuildRecord(order, GateOutcomeKind.Refused, reason, now),
        });
        if (order.Tracked)
            _orders.Remove(intent.OrderId);
        Return(order);
    }

    private static DestinationId DestinationOf(SessionHealth? session, VenueState venue) =>
        session is not null && session.Destination != DestinationId.None ? session.Destination : venue.Destination;

    private ChildOrderRecord BuildRecord(GateOrder order, GateOutcomeKind kind, RefusalReason reason, long now)
    {
        var intent = order.Intent;
        var snapshot = order.Snapshot;
        var sent = kind != GateOutcomeKind.Refused;
        return new ChildOrderRecord
        {
            OrderId = intent.OrderId,
            ParentId = intent.ParentId,
            Venue = intent.Venue,
            Symbol = intent.Symbol,
            Side = intent.Side,
            Urgency = intent.Urgency,
            IsCatchUp = intent.IsCatchUp,
            IsRetry = intent.IsRetry,
            UrgencyOverride = intent.UrgencyOverride,
            AppliedState = snapshot.AppliedState,
            DecidedState = snapshot.State,
            Shadow = snapshot.IsShadow,
            SnapshotVersion = snapshot.Version,
            StressProbability = snapshot.StressProbability,
            Features = snapshot.Features,
            DecisionTimeUnixMicros = _recordTime.ToUnixMicros(intent.DecisionTimestamp),
            ArrivalTimeUnixMicros = _recordTime.ToUnixMicros(order.ArrivalTimestamp),
            IntendedLaunchTimeUnixMicros = _recordTime.ToUnixMicros(order.IntendedLaunchTimestamp),
            DeadlineUnixMicros = _recordTime.ToUnixMicros(intent.DeadlineTimestamp),
            SentTimeUnixMicros = sent ? _recordTime.ToUnixMicros(now) : 0,
            OutcomeTimeUnixMicros = _recordTime.ToUnixMicros(now),
            Holds = order.Holds,
            HoldMicros = order.Holds != HoldReasons.None ? Micros(now - order.ArrivalTimestamp) : 0,
            IntendedHoldMicros = Micros(order.IntendedHoldTicks),
            QuantityRequested = intent.Quantity,
            QuantitySent = sent ? order.Quantity : 0,
            QuantityTrimmed = sent ? order.Trimmed : 0,
            QuantityCatchUpCapped = sent ? order.CatchUpCapped : 0,
            LimitPrice = intent.LimitPrice,
            JitterMicros = Micros(order.JitterTicks),
            SessionName = sent ? order.Session?.Session.Name : null,
            GateRetries = order.Retries,
            Outcome = kind,
            Refusal = reason,
            WouldQuantity = order.WouldQuantity,
            WouldJitterMicros = Micros(order.WouldJitterTicks),
            WouldContain = order.WouldContain,
            WouldRequireApproval = order.WouldRequireApproval,
        };
    }

    // Outside _sync: call the sessions, report the outcomes. A failed send goes back under the lock and may append
    // a refusal to the same batch, which this loop then reports.
    private void Execute(DispatchBatch batch)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            var dispatch = batch.Items[i];
            if (dispatch.Kind == DispatchKind.Send)
            {
                SendResult result;
                try
                {
                    result = dispatch.Session!.Session.Send(dispatch.Intent, dispatch.Record.QuantitySent);
                }
#pragma warning disable CA1031 // A session that throws is a failed send; the order must still get its outcome.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    GateLog.SessionSendThrew(_logger, e, dispatch.Session!.Session.Name, dispatch.Intent.OrderId);
                    result = SendResult.Failed;
                }
                if (result != SendResult.Sent)
                {
                    lock (_sync)
                        SendFailed(dispatch.Order!, dispatch.Session, _time.GetTimestamp(), batch);
                    continue;
                }
            }
            Complete(dispatch);
        }
    }

    private void Complete(in Dispatch dispatch)
    {
        ref readonly var record = ref dispatch.Record;
        var intent = dispatch.Intent;
        if (record.Outcome == GateOutcomeKind.Refused)
        {
            if (_logger.IsEnabled(LogLevel.Debug))
                GateLog.OrderRefused(_logger, intent.OrderId, intent.Venue ?? string.Empty, RecordNames.Of(record.Refusal));
        }
        else
        {
            // Decision-to-send without the gate's intended holds (jitter, containment, approval): the controller must
            // not read its own action as transport delay (docs/control.md). Pacing and retry waits stay in.
            _observer.OrderSent(dispatch.Destination, intent.OrderId, dispatch.ReportedDecision);
        }
        _metrics.Outcome(record.Outcome, record.Refusal);
        _metrics.Trimmed(record.QuantityTrimmed);
        _metrics.Actions(record);
        if (record.Holds != HoldReasons.None)
            _metrics.HoldDuration(record.HoldMicros / 1e6);
        _orderRecords?.TryAppend(record);
        if (dispatch.Listener is { } listener)
        {
            try
            {
                listener.OnOutcome(new GateOutcome(intent, record.Outcome, record.Refusal, record.QuantitySent,
                    record.QuantityTrimmed, record.Outcome == GateOutcomeKind.Refused ? 0 : dispatch.Timestamp, record.SessionName));
            }
#pragma warning disable CA1031 // One listener's bug must not stop the outcomes of the other orders in the batch.
            catch (Exception e)
#pragma warning restore CA1031
            {
                GateLog.ListenerThrew(_logger, e, intent.OrderId);
            }
        }
    }
}
