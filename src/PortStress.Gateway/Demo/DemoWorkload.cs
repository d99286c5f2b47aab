using System.Text.Json;
using PortStress.Execution;
using PortStress.Execution.Schedules;
using PortStress.Venue;

namespace PortStress.Gateway.Demo;

/// <summary>One parent of the workload and when it starts after the run starts.</summary>
/// <param name="Order">The parent order (TWAP, market children).</param>
/// <param name="StartDelay">Delay from the run's start.</param>
internal sealed record WorkloadParent(ParentOrder Order, TimeSpan StartDelay);

/// <summary>
/// The seeded parent-order workload and the venue it trades on: the same seed gives the same symbols, parents,
/// sides, quantities, windows and slice intervals in both runs.
/// </summary>
internal sealed class DemoWorkload
{
    /// <summary>The venue name children address.</summary>
    public const string VenueName = "SIM";

    private static readonly (string Symbol, decimal Price)[] Instruments =
    [
        ("ALFA", 48.20m), ("BRVO", 121.50m), ("CHRL", 19.85m), ("DLTA", 75.10m),
    ];

    private DemoWorkload(IReadOnlyList<WorkloadParent> parents) => Parents = parents;

    /// <summary>The parents in id order.</summary>
    public IReadOnlyList<WorkloadParent> Parents { get; }

    /// <summary>The symbols traded.</summary>
    public static IEnumerable<string> Symbols => Instruments.Select(i => i.Symbol);

    /// <summary>Total parent quantity.</summary>
    public decimal TotalQuantity => Parents.Sum(p => p.Order.Quantity);

    /// <summary>Draws the workload of <paramref name="scenario"/> from <paramref name="seed"/>.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="seed">The seed.</param>
    public static DemoWorkload Create(DemoScenario scenario, int seed)
    {
        var random = new Random(seed);
        var parents = new List<WorkloadParent>(scenario.Parents);
        for (var i = 0; i < scenario.Parents; i++)
        {
            var (symbol, _) = Instruments[i % Instruments.Length];
            var duration = Between(random, scenario.ParentDuration.Min, scenario.ParentDuration.Max);
            var slice = TimeSpan.FromMilliseconds(Math.Round(Between(random, scenario.SliceInterval.Min, scenario.SliceInterval.Max).TotalMilliseconds / 50) * 50);
            var start = Between(random, TimeSpan.Zero, scenario.MaxParentStartDelay);
            var slices = Math.Max(1, (int)(duration / slice));
            var child = scenario.ChildQuantity * (decimal)(0.6 + (0.8 * random.NextDouble()));
            var quantity = Math.Max(scenario.LotSize, Math.Round(child * slices / scenario.LotSize) * scenario.LotSize);
            var order = new ParentOrder
            {
                ParentId = i + 1,
                Venue = VenueName,
                Symbol = symbol,
                Side = random.Next(2) == 0 ? OrderSide.Buy : OrderSide.Sell,
                Quantity = quantity,
                Duration = duration,
                SliceInterval = slice,
                LotSize = scenario.LotSize,
                ChildDeadline = scenario.ChildDeadline,
            };
            parents.Add(new WorkloadParent(order.Validate(), start));
        }

        return new DemoWorkload(parents);
    }

    /// <summary>The venue's options: the workload's symbols, two order sessions (GW1, GW2), a seeded market.</summary>
    /// <param name="seed">The market's seed.</param>
    public static VenueOptions VenueOptions(int seed)
    {
        var options = new VenueOptions
        {
            Port = 0,
            Seed = seed,
            StepInterval = TimeSpan.FromMilliseconds(50),
            MidRecordInterval = TimeSpan.FromMilliseconds(50),
            Sessions = [new VenueSessionOptions { BeginString = "FIX.4.4", SenderCompId = "VENUE", TargetCompIds = ["GW1", "GW2"] }],
        };
        options.FillModel.DisplayedSize = 400;
        options.FillModel.LimitToDisplayedSize = true;
        foreach (var (symbol, price) in Instruments)
        {
            options.Symbols.Add(new VenueSymbolOptions
            {
                Symbol = symbol,
                InitialPrice = price,
                TickSize = 0.01m,
                SpreadTicks = 2,
                Volatility = 0.002,
                VolumePerSecond = 4000,
            });
        }

        return options;
    }

    /// <summary>Writes the parents as JSON (<c>workload.json</c>), so completion can be computed from the records folder alone.</summary>
    /// <param name="path">The file.</param>
    public void Write(string path)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("venue", VenueName);
        json.WriteStartArray("parents");
        foreach (var p in Parents)
        {
            json.WriteStartObject();
            json.WriteNumber("parentId", p.Order.ParentId);
            json.WriteString("symbol", p.Order.Symbol);
            json.WriteString("side", p.Order.Side == OrderSide.Buy ? "buy" : "sell");
            json.WriteNumber("quantity", p.Order.Quantity);
            json.WriteNumber("durationSeconds", p.Order.Duration.TotalSeconds);
            json.WriteNumber("sliceMillis", p.Order.SliceInterval.TotalMilliseconds);
            json.WriteNumber("startDelaySeconds", p.StartDelay.TotalSeconds);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static TimeSpan Between(Random random, TimeSpan min, TimeSpan max) => min + ((max - min) * random.NextDouble());
}
