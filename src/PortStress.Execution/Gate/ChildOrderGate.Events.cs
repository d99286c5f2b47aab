using PortStress.Execution.Records;
using PortStress.Telemetry;

namespace PortStress.Execution.Gate;

public sealed partial class ChildOrderGate
{
    /// <summary>
    /// The venue acknowledged a sent order: a success credit to the venue's retry budget (refill × the applied state's
    /// <c>RetryRefillScale</c>), an ack-latency sample for the session's health, <c>OrderAcked</c> telemetry, an
    /// <see cref="OrderEventRecord"/>, and the listener's <see cref="IChildOrderListener.OnAcknowledged"/>.
    /// </summary>
    /// <param name="orderId">The order (ClOrdID).</param>
    /// <param name="timestamp">When the acknowledgement arrived (gate clock).</param>
    public void OnAcknowledged(long orderId, long timestamp)
    {
        Answer answer;
        lock (_sync)
        {
            if (!TryFind(orderId, out var order))
            {
                Unknown("acknowledged", orderId);
                return;
            }
            var latency = timestamp - order.SentTimestamp;
            order.Session!.RecordAckLatency(Math.Max(0, latency) / (double)_frequency, _options.SessionAckLatencySmoothing);
            order.Venue.Budget.RecordSuccess(_control.Current.Parameters.RetryRefillScale);
            answer = new Answer(order, DestinationOf(order.Session, order.Venue));
        }
        _observer.OrderAcked(answer.Destination, orderId, answer.SentTimestamp);
        Emit(answer, OrderEventKind.Acknowledged, timestamp, 0, 0, timestamp - answer.SentTimestamp, null);
        answer.Listener?.OnAcknowledged(answer.Intent);
    }

    /// <summary>
    /// The venue rejected a sent order: a failure spends a token of the venue's retry budget and counts against the
    /// session's health; <c>OrderRejected</c> telemetry, a record, the listener's <see cref="IChildOrderListener.OnRejected"/>.
    /// The order is final and no longer tracked.
    /// </summary>
    /// <param name="orderId">The order.</param>
    /// <param name="reason">The venue's text.</param>
    /// <param name="timestamp">When the reject arrived.</param>
    public void OnRejected(long orderId, string reason, long timestamp)
    {
        Answer answer;
        lock (_sync)
        {
            if (!TryFind(orderId, out var order))
            {
                Unknown("rejected", orderId);
                return;
            }
            order.Session!.RecordFailure(timestamp, _score.FailureHalfLifeTicks);
            order.Venue.Budget.RecordFailure();
            answer = new Answer(order, DestinationOf(order.Session, order.Venue));
            _orders.Remove(orderId);
            Return(order);
        }
        _observer.OrderRejected(answer.Destination, orderId);
        Emit(answer, OrderEventKind.Rejected, timestamp, 0, 0, timestamp - answer.SentTimestamp, reason);
        answer.Listener?.OnRejected(answer.Intent, reason);
    }

    /// <summary>A fill of a sent order: a record and the listener's <see cref="IChildOrderListener.OnFilled"/>.</summary>
    /// <param name="orderId">The order.</param>
    /// <param name="quantity">LastQty (32).</param>
    /// <param name="price">LastPx (31).</param>
    /// <param name="timestamp">When the report arrived.</param>
    public void OnFilled(long orderId, decimal quantity, decimal price, long timestamp)
    {
        Answer answer;
        lock (_sync)
        {
            if (!TryFind(orderId, out var order))
            {
                Unknown("filled", orderId);
                return;
            }
            answer = new Answer(order, DestinationOf(order.Session, order.Venue));
        }
        Emit(answer, OrderEventKind.Filled, timestamp, quantity, price, 0, null);
        answer.Listener?.OnFilled(answer.Intent, quantity, price);
    }

    /// <summary>
    /// A sent order is done at the venue (filled, cancelled, expired): a record and the listener's
    /// <see cref="IChildOrderListener.OnDone"/>. The order is final and no longer tracked.
    /// </summary>
    /// <param name="orderId">The order.</param>
    /// <param name="leavesQuantity">The quantity that will not fill.</param>
    /// <param name="timestamp">When the report arrived.</param>
    public void OnDone(long orderId, decimal leavesQuantity, long timestamp)
    {
        Answer answer;
        lock (_sync)
        {
            if (!TryFind(orderId, out var order))
            {
                Unknown("done", orderId);
                return;
            }
            answer = new Answer(order, DestinationOf(order.Session, order.Venue));
            _orders.Remove(orderId);
            Return(order);
        }
        Emit(answer, OrderEventKind.Done, timestamp, leavesQuantity, 0, 0, null);
        answer.Listener?.OnDone(answer.Intent, leavesQuantity);
    }

    // Under _sync: a sent order (held orders are not the venue's to answer).
    private bool TryFind(long orderId, out GateOrder order) =>
        _orders.TryGetValue(orderId, out order!) && order.Stage == OrderStage.Working && order.Session is not null;

    private void Unknown(string kind, long orderId)
    {
        Interlocked.Increment(ref _unknownEvents);
        GateLog.UnknownOrderEvent(_logger, kind, orderId);
    }

    private void Emit(in Answer answer, OrderEventKind kind, long timestamp, decimal quantity, decimal price, long latency, string? reason)
    {
        _metrics.OrderEvent(kind);
        _eventRecords?.TryAppend(new OrderEventRecord
        {
            OrderId = answer.Intent.OrderId,
            ParentId = answer.Intent.ParentId,
            Kind = kind,
            TimeUnixMicros = _recordTime.ToUnixMicros(timestamp),
            Venue = answer.Intent.Venue,
            SessionName = answer.SessionName,
            Quantity = quantity,
            Price = price,
            AckLatencyMicros = latency > 0 ? Micros(latency) : 0,
            Reason = reason,
        });
    }

    // What a venue answer needs once the lock is released (the pooled order may be reused by then).
    private readonly struct Answer(GateOrder order, DestinationId destination)
    {
        public ChildOrderIntent Intent { get; } = order.Intent;

        public IChildOrderListener? Listener { get; } = order.Listener;

        public long SentTimestamp { get; } = order.SentTimestamp;

        public string? SessionName { get; } = order.Session?.Session.Name;

        public DestinationId Destination { get; } = destination;
    }
}
