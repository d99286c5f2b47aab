namespace PortStress.Execution;

/// <summary>
/// Where the venue's answers to sent child orders go (the gate): the interceptor turns ExecutionReports into these
/// calls. Order ids are the ClOrdIDs the gate sent. Timestamps are of the gate's clock.
/// </summary>
public interface IOrderEventSink
{
    /// <summary>The venue accepted the order (ExecType New).</summary>
    /// <param name="orderId">The order.</param>
    /// <param name="timestamp">When the acknowledgement arrived.</param>
    void OnAcknowledged(long orderId, long timestamp);

    /// <summary>The venue rejected the order.</summary>
    /// <param name="orderId">The order.</param>
    /// <param name="reason">The venue's text.</param>
    /// <param name="timestamp">When the rejection arrived.</param>
    void OnRejected(long orderId, string reason, long timestamp);

    /// <summary>A fill.</summary>
    /// <param name="orderId">The order.</param>
    /// <param name="quantity">LastQty (32).</param>
    /// <param name="price">LastPx (31).</param>
    /// <param name="timestamp">When the report arrived.</param>
    void OnFilled(long orderId, decimal quantity, decimal price, long timestamp);

    /// <summary>The order is done at the venue with <paramref name="leavesQuantity"/> that will not fill.</summary>
    /// <param name="orderId">The order.</param>
    /// <param name="leavesQuantity">Unfilled quantity (the order's quantity minus CumQty).</param>
    /// <param name="timestamp">When the report arrived.</param>
    void OnDone(long orderId, decimal leavesQuantity, long timestamp);
}
