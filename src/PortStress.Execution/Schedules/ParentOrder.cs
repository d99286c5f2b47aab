namespace PortStress.Execution.Schedules;

/// <summary>What a parent schedule works: a quantity of one instrument on one venue over a time window.</summary>
public sealed record ParentOrder
{
    /// <summary>The parent's id, carried by every child (<see cref="ChildOrderIntent.ParentId"/>).</summary>
    public required long ParentId { get; init; }

    /// <summary>The venue children go to.</summary>
    public required string Venue { get; init; }

    /// <summary>The instrument.</summary>
    public required string Symbol { get; init; }

    /// <summary>The side.</summary>
    public required OrderSide Side { get; init; }

    /// <summary>The total quantity to execute; positive.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>The limit price for every child; null for market children.</summary>
    public decimal? LimitPrice { get; init; }

    /// <summary>How long the schedule runs.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>The cadence at which children are launched.</summary>
    public TimeSpan SliceInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Children are whole multiples of this.</summary>
    public decimal LotSize { get; init; } = 1;

    /// <summary>How long a child may wait before it must be sent (its deadline); defaults to one slice interval.</summary>
    public TimeSpan? ChildDeadline { get; init; }

    /// <summary>Checks the order; throws <see cref="ArgumentException"/> saying what is wrong.</summary>
    public ParentOrder Validate()
    {
        if (Quantity <= 0)
        {
            throw new ArgumentException($"parent {ParentId}: Quantity must be positive, was {Quantity}");
        }

        if (LotSize <= 0)
        {
            throw new ArgumentException($"parent {ParentId}: LotSize must be positive, was {LotSize}");
        }

        if (Duration <= TimeSpan.Zero || SliceInterval <= TimeSpan.Zero || SliceInterval > Duration)
        {
            throw new ArgumentException($"parent {ParentId}: need 0 < SliceInterval ({SliceInterval}) <= Duration ({Duration})");
        }

        if (string.IsNullOrEmpty(Venue) || string.IsNullOrEmpty(Symbol))
        {
            throw new ArgumentException($"parent {ParentId}: Venue and Symbol are required");
        }

        return this;
    }
}
