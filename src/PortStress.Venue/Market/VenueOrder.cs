namespace PortStress.Venue.Market;

/// <summary>Buy or sell.</summary>
internal enum OrderSide
{
    Buy,
    Sell,
}

/// <summary>A client order live at the venue (or just finished). Mutated only under the market's lock.</summary>
internal sealed class VenueOrder
{
    public required long OrderId { get; init; }

    /// <summary>The session (client) that owns the order.</summary>
    public required object Owner { get; init; }

    public required string Symbol { get; init; }

    public required OrderSide Side { get; init; }

    public required bool IsMarket { get; init; }

    public bool ImmediateOrCancel { get; init; }

    /// <summary>The ClOrdID in force (a replace changes it).</summary>
    public required string ClOrdId { get; set; }

    /// <summary>The limit price (0 for a market order).</summary>
    public decimal Price { get; set; }

    public decimal Quantity { get; set; }

    public decimal CumQty { get; private set; }

    /// <summary>Sum of fill quantity times price.</summary>
    public decimal Notional { get; private set; }

    /// <summary>Arrival order in the book: a later arrival at the same price queues behind.</summary>
    public long Sequence { get; set; }

    public decimal LeavesQty => IsDone ? 0 : Quantity - CumQty;

    public decimal AvgPx => CumQty == 0 ? 0 : Notional / CumQty;

    /// <summary>Filled, canceled or expired: nothing more happens to it.</summary>
    public bool IsDone { get; set; }

    public bool IsFilled => CumQty >= Quantity;

    public void Fill(decimal quantity, decimal price)
    {
        CumQty += quantity;
        Notional += quantity * price;
        if (CumQty >= Quantity)
        {
            IsDone = true;
        }
    }
}
