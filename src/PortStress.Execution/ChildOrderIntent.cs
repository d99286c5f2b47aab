namespace PortStress.Execution;

/// <summary>
/// One child order a strategy or an upstream session wants out. The gate decides what happens to it and reports
/// exactly one terminal <see cref="GateOutcome"/>. Timestamps are of the gate's <see cref="TimeProvider"/>
/// (<see cref="TimeProvider.GetTimestamp"/>). <see cref="OrderId"/> is unique per gate and is the ClOrdID (11)
/// written on the wire, in decimal.
/// </summary>
public sealed class ChildOrderIntent
{
    /// <summary>Unique per gate; the wire ClOrdID in decimal.</summary>
    public required long OrderId { get; init; }

    /// <summary>The parent order (schedule) this child belongs to; 0 for none.</summary>
    public long ParentId { get; init; }

    /// <summary>The venue (a key of the session pool).</summary>
    public required string Venue { get; init; }

    /// <summary>The instrument symbol (55).</summary>
    public required string Symbol { get; init; }

    /// <summary>The side (54).</summary>
    public required OrderSide Side { get; init; }

    /// <summary>The quantity wanted before any trim (38); positive.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>The limit price (44); null for a market order.</summary>
    public decimal? LimitPrice { get; init; }

    /// <summary>How urgent the order is.</summary>
    public Urgency Urgency { get; init; } = Urgency.Normal;

    /// <summary>When the strategy decided the order (the start of decision-to-send).</summary>
    public required long DecisionTimestamp { get; init; }

    /// <summary>The latest the order may be sent; 0 for no deadline. Jitter never pushes past it.</summary>
    public long DeadlineTimestamp { get; init; }

    /// <summary>The order makes up for a schedule that fell behind (subject to the catch-up cap).</summary>
    public bool IsCatchUp { get; init; }

    /// <summary>The order retries an earlier failed one (subject to the retry budget).</summary>
    public bool IsRetry { get; init; }

    /// <summary>The sender asks to bypass containment (needs manual approval in RED).</summary>
    public bool UrgencyOverride { get; init; }

    /// <summary>
    /// The parent schedule's intended rate in quantity per second, which the catch-up cap multiplies (the gate lets a
    /// parent's catch-up orders through at most at <c>CatchUpCap × ScheduleRate</c>); 0 when unknown, and then catch-up
    /// orders are not capped.
    /// </summary>
    public decimal ScheduleRate { get; init; }
}
