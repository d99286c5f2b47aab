namespace PortStress.Venue.Market;

/// <summary>The venue's quote for one symbol: best bid and ask, on the tick grid.</summary>
/// <param name="Bid">The best bid.</param>
/// <param name="Ask">The best ask.</param>
public readonly record struct Quote(decimal Bid, decimal Ask)
{
    /// <summary>(Bid + Ask) / 2: on the tick grid when the spread is an even number of ticks, half a tick off it when odd.</summary>
    public decimal Mid => (Bid + Ask) / 2;
}
