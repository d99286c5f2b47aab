using PortStress.Venue.Market;

namespace PortStress.Venue.Tests;

public class PriceProcessTests
{
    private static VenueSymbolOptions Symbol(double volatility = 0.0005, decimal tick = 0.01m, int spread = 2, decimal price = 100m) => new()
    {
        Symbol = "X",
        InitialPrice = price,
        TickSize = tick,
        Volatility = volatility,
        SpreadTicks = spread,
        VolumePerSecond = 1000,
    };

    private static List<(Quote Quote, decimal Sells, decimal Buys)> Walk(PriceProcess process, int steps, double seconds = 0.1)
    {
        var path = new List<(Quote, decimal, decimal)>();
        for (var i = 0; i < steps; i++)
        {
            var (sells, buys) = process.Step(seconds);
            path.Add((process.Quote, sells, buys));
        }

        return path;
    }

    [Fact]
    public void The_same_seed_gives_the_same_prices_and_volumes()
    {
        var first = Walk(new PriceProcess(Symbol(), seed: 42), 2000);
        var second = Walk(new PriceProcess(Symbol(), seed: 42), 2000);
        var other = Walk(new PriceProcess(Symbol(), seed: 43), 2000);

        second.Should().Equal(first);
        other.Should().NotEqual(first, "another seed walks another path");
        first.Select(p => p.Quote.Mid).Distinct().Count().Should().BeGreaterThan(10, "the mid moves");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Quotes_stay_on_the_tick_grid_with_the_configured_spread(int spreadTicks)
    {
        const decimal Tick = 0.05m;
        var path = Walk(new PriceProcess(Symbol(volatility: 0.002, tick: Tick, spread: spreadTicks), seed: 5), 5000);

        path.Should().AllSatisfy(p =>
        {
            (p.Quote.Bid % Tick).Should().Be(0, "the bid is on the grid");
            (p.Quote.Ask % Tick).Should().Be(0, "the ask is on the grid");
            (p.Quote.Ask - p.Quote.Bid).Should().Be(spreadTicks * Tick);
            (p.Quote.Mid * 2 % Tick).Should().Be(0, "the mid is on the grid or half a tick off it");
        });
    }

    [Fact]
    public void Volatility_is_roughly_as_configured()
    {
        // Log returns over 1 s steps should have a standard deviation of sigma; with a tiny tick rounding does not matter.
        const double Sigma = 0.001;
        var process = new PriceProcess(Symbol(volatility: Sigma, tick: 0.0001m, price: 100m), seed: 11);
        var previous = (double)process.Quote.Mid;
        var returns = new List<double>();
        for (var i = 0; i < 4000; i++)
        {
            process.Step(1.0);
            var mid = (double)process.Quote.Mid;
            returns.Add(Math.Log(mid / previous));
            previous = mid;
        }

        var mean = returns.Average();
        var sd = Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / (returns.Count - 1));
        sd.Should().BeInRange(Sigma * 0.85, Sigma * 1.15, "the standard error of the estimate is about 1%");
        Math.Abs(mean).Should().BeLessThan(Sigma * 0.1, "the walk has no drift to speak of");
    }

    [Fact]
    public void Volatility_scales_with_the_square_root_of_the_step()
    {
        const double Sigma = 0.001;
        var process = new PriceProcess(Symbol(volatility: Sigma, tick: 0.0001m), seed: 3);
        var returns = new List<double>();
        for (var i = 0; i < 4000; i++)
        {
            var before = process.LatentPrice;
            process.Step(0.25);
            returns.Add(Math.Log(process.LatentPrice / before));
        }

        var sd = Math.Sqrt(returns.Sum(r => r * r) / returns.Count);
        sd.Should().BeInRange(Sigma * 0.5 * 0.85, Sigma * 0.5 * 1.15, "a quarter-second step moves by sigma times the square root of 0.25");
    }

    [Fact]
    public void Background_volume_runs_at_the_configured_rate()
    {
        var path = Walk(new PriceProcess(Symbol(), seed: 9), 10_000, seconds: 0.1);
        var perSecond = path.Sum(p => p.Sells + p.Buys) / 1000m;

        ((double)perSecond).Should().BeInRange(900, 1100, "1000 per second was configured");
        path.Sum(p => p.Sells).Should().BeGreaterThan(0);
        path.Sum(p => p.Buys).Should().BeGreaterThan(0);
    }
}
