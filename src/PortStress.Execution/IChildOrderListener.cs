namespace PortStress.Execution;

/// <summary>Receives what happened to the child orders a caller submitted (a parent schedule, an upstream session).</summary>
public interface IChildOrderListener
{
    /// <summary>The order's one terminal gate outcome (sent, held then sent, refused). Called once per intent.</summary>
    /// <param name="outcome">The outcome.</param>
    void OnOutcome(in GateOutcome outcome);

    /// <summary>The venue acknowledged the order (ExecutionReport New).</summary>
    /// <param name="intent">The order.</param>
    void OnAcknowledged(ChildOrderIntent intent);

    /// <summary>The venue rejected the order after it was sent.</summary>
    /// <param name="intent">The order.</param>
    /// <param name="reason">The venue's text.</param>
    void OnRejected(ChildOrderIntent intent, string reason);

    /// <summary>A fill.</summary>
    /// <param name="intent">The order.</param>
    /// <param name="quantity">The quantity filled (32).</param>
    /// <param name="price">The fill price (31).</param>
    void OnFilled(ChildOrderIntent intent, decimal quantity, decimal price);

    /// <summary>The order is done at the venue (filled, cancelled or expired) with <paramref name="leavesQuantity"/> unfilled.</summary>
    /// <param name="intent">The order.</param>
    /// <param name="leavesQuantity">The quantity that will not fill, to go back to the parent.</param>
    void OnDone(ChildOrderIntent intent, decimal leavesQuantity);
}
