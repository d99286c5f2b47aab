namespace PortStress.Venue.Market;

/// <summary>
/// A random walk of the log mid price (volatility per √second) quoted on a tick grid with a fixed spread, and the
/// background market volume of each step. Deterministic for a seed: the n-th step always draws the same numbers.
/// </summary>
internal sealed class PriceProcess
{
    private readonly Random _random;
    private readonly double _volatility;
    private readonly double _tick;
    private readonly decimal _tickSize;
    private readonly int _spreadTicks;
    private readonly double _volumePerSecond;
    private double _logPrice;

    public PriceProcess(VenueSymbolOptions options, int seed)
    {
        _random = new Random(seed);
        _volatility = options.Volatility;
        _tickSize = options.TickSize;
        _tick = (double)options.TickSize;
        _spreadTicks = options.SpreadTicks;
        _volumePerSecond = options.VolumePerSecond;
        _logPrice = Math.Log((double)options.InitialPrice);
        Quote = QuoteOf(_logPrice);
    }

    /// <summary>The quote after the last step.</summary>
    public Quote Quote { get; private set; }

    /// <summary>The unrounded mid (for the volatility check in tests).</summary>
    public double LatentPrice => Math.Exp(_logPrice);

    /// <summary>Moves the mid by one step of <paramref name="seconds"/> and draws the step's market volume (sells at the bid, buys at the ask).</summary>
    public (decimal SellVolume, decimal BuyVolume) Step(double seconds)
    {
        _logPrice += _volatility * Math.Sqrt(seconds) * StandardNormal();
        Quote = QuoteOf(_logPrice);
        if (_volumePerSecond <= 0)
        {
            return (0, 0);
        }

        // Exponentially distributed volume with the configured mean rate, split at random between the two sides.
        var volume = Math.Round(_volumePerSecond * seconds * -Math.Log(1 - _random.NextDouble()));
        var sells = Math.Round(volume * _random.NextDouble());
        return ((decimal)sells, (decimal)(volume - sells));
    }

    private Quote QuoteOf(double logPrice)
    {
        var latentTicks = Math.Exp(logPrice) / _tick;
        var bidTicks = (long)Math.Round(latentTicks - (_spreadTicks / 2.0), MidpointRounding.AwayFromZero);
        bidTicks = Math.Max(1, bidTicks);
        return new Quote(bidTicks * _tickSize, (bidTicks + _spreadTicks) * _tickSize);
    }

    private double StandardNormal()
    {
        // Box-Muller: two uniforms, one normal (the second is not kept, so each step draws the same count).
        var u1 = 1 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
