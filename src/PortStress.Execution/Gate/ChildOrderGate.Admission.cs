using PortStress.Control;

namespace PortStress.Execution.Gate;

public sealed partial class ChildOrderGate
{
    // Under _sync. The steps in order: validate, retry budget, trim, catch-up cap, shadow, approval, containment,
    // jitter, pacing, session.
    private void Admit(ChildOrderIntent intent, IChildOrderListener? listener, ControlSnapshot snapshot, long now, DispatchBatch batch)
    {
        var order = Rent();
        order.Intent = intent;
        order.Listener = listener;
        order.Snapshot = snapshot;
        order.ArrivalTimestamp = now;
        order.IntendedLaunchTimestamp = now;
        order.Quantity = intent.Quantity;
        _venues.TryGetValue(intent.Venue ?? string.Empty, out var venue);
        order.Venue = venue!;
        _observer.OrderDecided(venue?.Destination ?? default, intent.OrderId);
        if (_disposed)
        {
            Refuse(order, RefusalReason.ShuttingDown, now, batch);
            return;
        }
        if (venue is null || intent.Quantity <= 0 || string.IsNullOrEmpty(intent.Symbol) || intent.ScheduleRate < 0
            || !_orders.TryAdd(intent.OrderId, order))
        {
            Refuse(order, RefusalReason.InvalidIntent, now, batch);
            return;
        }
        order.Tracked = true;
        if (intent.DeadlineTimestamp != 0 && now > intent.DeadlineTimestamp)
        {
            Refuse(order, RefusalReason.DeadlinePassed, now, batch);
            return;
        }
        if (intent.Quantity < venue.MinimumQuantity)
        {
            Refuse(order, RefusalReason.BelowMinimumQuantity, now, batch);
            return;
        }
        if (intent.IsRetry && !venue.Budget.CanRetry)
        {
            Refuse(order, RefusalReason.RetryBudgetExhausted, now, batch);
            return;
        }
        var parameters = snapshot.Parameters;
        // A critical order must go now and whole (a schedule's last catch-up): neither trimmed nor capped.
        var critical = intent.Urgency == Urgency.Critical;
        var quantity = critical ? intent.Quantity : ClipTrimmer.Trim(intent.Quantity, parameters.ClipTrim, venue.LotSize, venue.MinimumQuantity);
        if (!critical && intent.IsCatchUp && parameters.CatchUpCap is { } cap && intent.ScheduleRate > 0)
        {
            var allowed = _catchUp.Allow(intent.ParentId, quantity, intent.ScheduleRate, cap, now, venue.LotSize, venue.Floor, take: true);
            if (allowed <= 0)
            {
                Refuse(order, RefusalReason.CatchUpCapped, now, batch);
                return;
            }
            order.CatchUpCapped = quantity - allowed;
            quantity = allowed;
        }
        order.Quantity = quantity;
        order.Trimmed = intent.Quantity - quantity;
        if (snapshot.IsShadow)
            WouldHave(order, snapshot.DecidedParameters, venue, now);
        if (intent.UrgencyOverride && parameters.RequireApprovalForOverrides)
        {
            order.ExpiryTimestamp = Expiry(now, _options.ApprovalTimeout, intent.DeadlineTimestamp);
            order.HoldStartTimestamp = now;
            Approvals.AddLocked(order);
            EnterHold(order, OrderStage.Approval, HoldReasons.Approval);
            GateLog.ApprovalRequested(_logger, intent.OrderId, intent.Venue!, intent.Symbol, quantity, intent.OrderId);
            _metrics.Approval(ExecutionMetrics.ApprovalRequested);
            return;
        }
        Continue(order, parameters, now, batch);
    }

    // Under _sync: after admission or an approval. An override that reached here either needed no approval or got one.
    private void Continue(GateOrder order, ExecutionParameters parameters, long now, DispatchBatch batch)
    {
        var intent = order.Intent;
        if (parameters.ContainNonUrgent && intent.Urgency <= Urgency.Normal && !intent.UrgencyOverride)
        {
            Contain(order, now, batch);
            return;
        }
        Jitter(order, parameters, now, batch);
    }

    private void Contain(GateOrder order, long now, DispatchBatch batch)
    {
        if (_contained.Count >= _options.ContainmentCapacity)
        {
            Refuse(order, RefusalReason.ContainmentFull, now, batch);
            return;
        }
        order.ExpiryTimestamp = Expiry(now, _options.ContainmentMaxHold, order.Intent.DeadlineTimestamp);
        order.HoldStartTimestamp = now;
        _contained.Enqueue(order);
        _nextContainmentExpiry = Math.Min(_nextContainmentExpiry, order.ExpiryTimestamp);
        EnterHold(order, OrderStage.Contained, HoldReasons.Containment);
        GateLog.OrderContained(_logger, order.Intent.OrderId, order.Venue.Name, _contained.Count);
    }

    private void Jitter(GateOrder order, ExecutionParameters parameters, long now, DispatchBatch batch)
    {
        var intent = order.Intent;
        if (parameters.LaunchJitterMax > TimeSpan.Zero && intent.Urgency != Urgency.Critical)
        {
            var delay = DrawJitter(parameters.LaunchJitterMax, intent.DeadlineTimestamp, now);
            order.JitterTicks += delay;
            order.IntendedHoldTicks += delay;
            order.IntendedLaunchTimestamp = now + delay;
            if (delay > 0)
            {
                EnterHold(order, OrderStage.Wheel, HoldReasons.Jitter);
                _wheel.Add(order, now + delay);
                return;
            }
        }
        Launch(order, now, batch);
    }

    // U(0, max) in clock ticks, clamped so that the launch is not after the deadline.
    private long DrawJitter(TimeSpan max, long deadline, long now)
    {
        var delay = (long)(_random.NextDouble() * Ticks(max));
        if (deadline != 0)
            delay = Math.Min(delay, Math.Max(0, deadline - now));
        return delay;
    }

    private long Expiry(long now, TimeSpan hold, long deadline)
    {
        var expiry = now + Ticks(hold);
        return deadline != 0 && deadline < expiry ? deadline : expiry;
    }

    private void Launch(GateOrder order, long now, DispatchBatch batch)
    {
        var venue = order.Venue;
        if (venue.Pacer is { } pacer && (venue.Pacing.Count > 0 || !pacer.TryTake(now)))
        {
            venue.Pacing.Enqueue(order);
            EnterHold(order, OrderStage.Pacing, HoldReasons.Pacing);
            return;
        }
        Send(order, now, batch);
    }

    // Shadow mode: what the decided parameters would have done, without changing the order or any state.
    private void WouldHave(GateOrder order, ExecutionParameters decided, VenueState venue, long now)
    {
        var intent = order.Intent;
        var critical = intent.Urgency == Urgency.Critical;
        var quantity = critical ? intent.Quantity : ClipTrimmer.Trim(intent.Quantity, decided.ClipTrim, venue.LotSize, venue.MinimumQuantity);
        if (!critical && intent.IsCatchUp && decided.CatchUpCap is { } cap && intent.ScheduleRate > 0)
            quantity = _catchUp.Allow(intent.ParentId, quantity, intent.ScheduleRate, cap, now, venue.LotSize, venue.Floor, take: false);
        order.WouldQuantity = quantity;
        order.WouldRequireApproval = intent.UrgencyOverride && decided.RequireApprovalForOverrides;
        order.WouldContain = decided.ContainNonUrgent && intent.Urgency <= Urgency.Normal && !intent.UrgencyOverride;
        order.WouldJitterTicks = decided.LaunchJitterMax > TimeSpan.Zero && intent.Urgency != Urgency.Critical
            ? DrawJitter(decided.LaunchJitterMax, intent.DeadlineTimestamp, now)
            : 0;
    }
}
