using PortStress.Control;

namespace PortStress.Execution.Gate;

/// <summary>Where a live order is in the gate.</summary>
internal enum OrderStage : byte
{
    Free = 0,
    Wheel,
    Pacing,
    Contained,
    Approval,
    Sending,
    Working,
}

/// <summary>
/// One live order inside the gate: pooled and reused, so admitting, holding and tracking an order allocates nothing.
/// Touched only under the gate's lock (or by the one thread that owns it while <see cref="OrderStage.Sending"/>).
/// </summary>
internal sealed class GateOrder
{
    public ChildOrderIntent Intent = null!;
    public IChildOrderListener? Listener;
    public ControlSnapshot Snapshot = null!;
    public VenueState Venue = null!;
    public SessionHealth? Session;
    public OrderStage Stage;
    public HoldReasons Holds;
    public bool Approved;
    public bool RetryPending;
    public bool Tracked;
    public int Retries;
    public decimal Quantity;
    public decimal Trimmed;
    public decimal CatchUpCapped;
    public long ArrivalTimestamp;
    public long IntendedLaunchTimestamp;
    public long DueTimestamp;
    public long ExpiryTimestamp;
    public long JitterTicks;
    public long SentTimestamp;
    public long HoldStartTimestamp;
    public long IntendedHoldTicks; // jitter, containment and approval: the controller's own delay, kept out of DSD

    // Shadow mode: what the decided parameters would have done.
    public decimal WouldQuantity;
    public long WouldJitterTicks;
    public bool WouldContain;
    public bool WouldRequireApproval;

    // Intrusive links: the wheel slot list, and the FIFO queues (pacing, containment).
    public GateOrder? WheelNext;
    public GateOrder? QueueNext;
    public GateOrder? QueuePrev;

    public void Reset()
    {
        Intent = null!;
        Listener = null;
        Snapshot = null!;
        Venue = null!;
        Session = null;
        Stage = OrderStage.Free;
        Holds = HoldReasons.None;
        Approved = false;
        RetryPending = false;
        Tracked = false;
        Retries = 0;
        Quantity = Trimmed = CatchUpCapped = WouldQuantity = 0;
        HoldStartTimestamp = IntendedHoldTicks = 0;
        ArrivalTimestamp = IntendedLaunchTimestamp = DueTimestamp = ExpiryTimestamp = JitterTicks = SentTimestamp = WouldJitterTicks = 0;
        WouldContain = WouldRequireApproval = false;
        WheelNext = QueueNext = QueuePrev = null;
    }
}

/// <summary>An intrusive FIFO of orders (arrival order), with removal from the middle. Not thread-safe.</summary>
internal sealed class OrderQueue
{
    private GateOrder? _head;
    private GateOrder? _tail;

    public int Count { get; private set; }

    public GateOrder? Head => _head;

    public void Enqueue(GateOrder order)
    {
        order.QueueNext = null;
        order.QueuePrev = _tail;
        if (_tail is null)
            _head = order;
        else
            _tail.QueueNext = order;
        _tail = order;
        Count++;
    }

    public GateOrder? Dequeue()
    {
        var order = _head;
        if (order is not null)
            Remove(order);
        return order;
    }

    public void Remove(GateOrder order)
    {
        if (order.QueuePrev is null)
            _head = order.QueueNext;
        else
            order.QueuePrev.QueueNext = order.QueueNext;
        if (order.QueueNext is null)
            _tail = order.QueuePrev;
        else
            order.QueueNext.QueuePrev = order.QueuePrev;
        order.QueueNext = order.QueuePrev = null;
        Count--;
    }
}
