using PortStress.Control;

namespace PortStress.Execution.Gate;

public sealed partial class ChildOrderGate
{
    // The gate's timer (of its TimeProvider) ticks only while something is held: it releases due jitter and retry
    // entries from the wheel, hands out pacing permits in arrival order, and expires containment and approvals.
    private void OnTimer()
    {
        if (Interlocked.Exchange(ref _ticking, 1) != 0)
            return;
        try
        {
            var batch = _timerBatch;
            lock (_sync)
            {
                if (_disposed)
                    return;
                var now = _time.GetTimestamp();
                _wheel.Advance(now, _expired);
                foreach (var order in _expired)
                {
                    LeaveHold(order);
                    Launch(order, now, batch);
                }
                _expired.Clear();
                foreach (var venue in _venueList)
                    DrainPacing(venue, now, batch);
                ExpireContainment(now, batch);
                Approvals.ExpireLocked(now, this, batch);
                if (_held == 0 && _armed)
                {
                    _armed = false;
                    _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                }
            }
            Execute(batch);
            batch.Clear();
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }

    private void DrainPacing(VenueState venue, long now, DispatchBatch batch)
    {
        while (venue.Pacing.Head is { } head)
        {
            var deadline = head.Intent.DeadlineTimestamp;
            var late = deadline != 0 && now > deadline + _tickTicks;
            if (!late && !venue.Pacer!.TryTake(now))
                break;
            venue.Pacing.Dequeue();
            LeaveHold(head);
            if (late)
                Refuse(head, RefusalReason.DeadlinePassed, now, batch); // without spending a permit
            else
                Send(head, now, batch);
        }
    }

    private void ExpireContainment(long now, DispatchBatch batch)
    {
        if (now < _nextContainmentExpiry)
            return;
        var next = long.MaxValue;
        var order = _contained.Head;
        while (order is not null)
        {
            var following = order.QueueNext;
            if (order.ExpiryTimestamp <= now)
            {
                _contained.Remove(order);
                LeaveHold(order);
                var deadline = order.Intent.DeadlineTimestamp;
                Refuse(order, deadline != 0 && now >= deadline ? RefusalReason.DeadlinePassed : RefusalReason.ContainmentTimeout, now, batch);
            }
            else
            {
                next = Math.Min(next, order.ExpiryTimestamp);
            }
            order = following;
        }
        _nextContainmentExpiry = next;
    }

    // Under _sync, from the approval broker: an approval that timed out.
    internal void ExpireApproval(GateOrder order, long now, DispatchBatch batch)
    {
        LeaveHold(order);
        var deadline = order.Intent.DeadlineTimestamp;
        Refuse(order, deadline != 0 && now >= deadline ? RefusalReason.DeadlinePassed : RefusalReason.ApprovalTimeout, now, batch);
    }

    // On the control thread: a snapshot that no longer contains releases the containment queue in arrival order (no
    // fresh jitter, so the order is kept; venue pacing still applies); one that no longer needs approvals lets the
    // waiting overrides through.
    private void OnPublished(ControlSnapshot snapshot)
    {
        var parameters = snapshot.Parameters;
        if (parameters.ContainNonUrgent && parameters.RequireApprovalForOverrides)
            return;
        var batch = new DispatchBatch();
        var released = 0;
        lock (_sync)
        {
            if (_disposed)
                return;
            var now = _time.GetTimestamp();
            if (!parameters.ContainNonUrgent)
            {
                while (_contained.Dequeue() is { } order)
                {
                    LeaveHold(order);
                    order.IntendedHoldTicks += now - order.HoldStartTimestamp;
                    released++;
                    Launch(order, now, batch);
                }
                _nextContainmentExpiry = long.MaxValue;
            }
            if (!parameters.RequireApprovalForOverrides)
            {
                foreach (var order in Approvals.DrainLocked())
                {
                    LeaveHold(order);
                    order.IntendedHoldTicks += now - order.HoldStartTimestamp;
                    Continue(order, parameters, now, batch);
                }
            }
        }
        if (released > 0)
            GateLog.ContainmentReleased(_logger, released);
        Execute(batch);
    }

    // From the approval broker (credential already checked): approve or deny a pending override.
    internal ApprovalResult Decide(long requestId, bool approve)
    {
        var batch = new DispatchBatch();
        lock (_sync)
        {
            var order = Approvals.RemoveLocked(requestId);
            if (order is null)
                return ApprovalResult.UnknownRequest;
            LeaveHold(order);
            var now = _time.GetTimestamp();
            if (approve)
            {
                order.Approved = true;
                order.IntendedHoldTicks += now - order.HoldStartTimestamp;
                Continue(order, _control.Current.Parameters, now, batch);
            }
            else
            {
                Refuse(order, RefusalReason.ApprovalDenied, now, batch);
            }
        }
        if (approve)
            GateLog.ApprovalGranted(_logger, requestId);
        else
            GateLog.ApprovalDenied(_logger, requestId);
        _metrics.Approval(approve ? ExecutionMetrics.ApprovalApproved : ExecutionMetrics.ApprovalDenied);
        Execute(batch);
        return approve ? ApprovalResult.Approved : ApprovalResult.Denied;
    }

    internal Lock SyncRoot => _sync;

    // Benchmarks drive the release path without a real timer.
    internal void RunTimerOnce() => OnTimer();

    internal long ToUnixMicros(long timestamp) => _recordTime.ToUnixMicros(timestamp);

    internal void LogInvalidCredential(long requestId)
    {
        GateLog.ApprovalCredentialInvalid(_logger, requestId);
        _metrics.Approval(ExecutionMetrics.ApprovalInvalidCredential);
    }
}
