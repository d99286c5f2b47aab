using System.Globalization;

namespace PortStress.Analytics.Synthetic;

/// <summary>
/// A synthetic desk with a known port-stress cost and known confounding. Each parent has a venue, symbol, urgency and
/// a volatility regime; its children inherit the regime with noise. Stress is likelier when volatility is high, and
/// cost grows with volatility, so stressed children would cost more even with no port tax: the naive
/// stressed-vs-baseline difference overstates the port term, and matching on the propensity removes that bias.
/// </summary>
public static class SyntheticChildren
{
    private const double VolatilityMean = 25;
    private const double VolatilitySd = 10;
    private static readonly string[] States = ["GREEN", "YELLOW", "ORANGE", "RED"];

    /// <summary>Generates one sample.</summary>
    public static SyntheticSample Generate(SyntheticOptions? options = null)
    {
        options ??= new SyntheticOptions();
        if (options.Parents < 1 || options.MinChildren < 1 || options.MaxChildren < options.MinChildren)
            throw new ArgumentException("Need at least one parent and 1 <= MinChildren <= MaxChildren.", nameof(options));
        var random = new Random(options.Seed);
        var children = new List<ChildCost>(options.Parents * (options.MinChildren + options.MaxChildren) / 2);
        var y1 = new List<double>();
        var y0 = new List<double>();
        double quantity = 0, filled = 0;
        var orderId = options.FirstOrderId;
        var sessionHours = options.SessionCloseHours - options.SessionOpenHours;

        for (var p = 0; p < options.Parents; p++)
        {
            var parentId = options.FirstParentId + p;
            var venue = random.Next(options.Venues);
            var symbol = random.Next(options.Symbols);
            var urgency = random.Next(4);
            var buy = random.Next(2) == 0;
            var start = options.SessionOpenHours + (random.NextDouble() * sessionHours * 0.9);
            // Volatility regime: higher near the open, log-normal across parents.
            var openBoost = Math.Exp(-(start - options.SessionOpenHours) / 1.5);
            var regime = options.VolatilityLevel * VolatilityMean * (0.8 + (0.6 * openBoost)) * Math.Exp((0.35 * Normal(random)) - 0.06);
            var parentEffect = options.ParentEffectSdBps * Normal(random);
            var parentTax = options.InjectedParentSdBps * Normal(random);
            var symbolSpread = 2 + (symbol % 4);
            var count = random.Next(options.MinChildren, options.MaxChildren + 1);
            var parentQuantity = 1000.0 * (1 + random.Next(20));
            var remaining = parentQuantity;
            for (var k = 0; k < count; k++)
            {
                var hours = Math.Min(options.SessionCloseHours, start + (k * 20.0 / 3600));
                var volatility = regime * Math.Exp(0.25 * Normal(random));
                var spread = symbolSpread * (0.7 + (0.012 * volatility)) * Math.Exp(0.15 * Normal(random));
                var clip = Math.Max(100, Math.Round(remaining / Math.Max(1, count - k) * (0.6 + (0.8 * random.NextDouble())) / 100) * 100);
                var z = (volatility - VolatilityMean) / VolatilitySd;
                var stressLogOdds = options.StressLogOdds + (options.StressPerVolatilitySd * z) + (0.3 * (venue == 0 ? 1 : 0));
                var stressed = random.NextDouble() < 1 / (1 + Math.Exp(-stressLogOdds));
                var state = stressed ? States[1 + random.Next(3)] : States[0];

                // Potential costs: without stress (y0) and with it (y1).
                var noStress = (1.5 * venue) + (2.0 * urgency) + (options.CostPerVolatilityBps * volatility) + (0.5 * spread)
                    + parentEffect + (options.NoiseSdBps * Normal(random));
                var tailDraw = random.NextDouble() < options.InjectedTailProbability ? -options.InjectedTailMeanBps * Math.Log(1 - random.NextDouble()) : 0;
                var meanFactor = options.Controlled ? options.ControlledMeanFactor : 1;
                var tailFactor = options.Controlled ? options.ControlledTailFactor : 1;
                var withStress = noStress + (((options.InjectedMeanBps + parentTax + (options.InjectedPerUrgencyBps * urgency)) * meanFactor) + (tailDraw * tailFactor));
                var cost = stressed ? withStress : noStress;

                var fillDraw = random.NextDouble();
                var fillShare = fillDraw < 0.9 ? 1.0 : fillDraw < 0.93 ? 0.0 : random.NextDouble(); // 3% never fill
                if (stressed && options.Controlled)
                    fillShare = Math.Clamp(fillShare * options.ControlledFillFactor, 0, 1);
                var filledQuantity = Math.Round(clip * fillShare);
                var markoutBase = (0.1 * volatility) + (2 * Normal(random));
                var markoutGap = stressed ? options.InjectedMarkoutBps : 0;
                var hasFill = filledQuantity > 0;
                double Markout(double scale) => hasFill ? (markoutBase * scale) + markoutGap + Normal(random) : double.NaN;

                var fees = 0.3;
                var opportunity = clip > 0 ? (1 - (filledQuantity / clip)) * 0.5 * volatility : 0;
                var timing = stressed ? cost - noStress : 0;
                var decision = options.DayMicros + (long)(hours * 3_600_000_000.0);
                children.Add(new ChildCost(
                    OrderId: orderId++,
                    ParentId: parentId,
                    Venue: "V" + venue.ToString(CultureInfo.InvariantCulture),
                    Symbol: "S" + symbol.ToString("00", CultureInfo.InvariantCulture),
                    Urgency: urgency,
                    Buy: buy,
                    DecisionMicros: decision,
                    Stressed: stressed,
                    DecidedState: state,
                    AppliedState: options.Controlled ? state : States[0],
                    Shadow: !options.Controlled,
                    StressProbability: 1 / (1 + Math.Exp(-stressLogOdds)),
                    SpreadBps: spread,
                    VolatilityBps: volatility,
                    TimeOfDayHours: hours,
                    ClipQuantity: clip,
                    RemainingQuantity: remaining,
                    Quantity: clip,
                    FilledQuantity: filledQuantity,
                    ShortfallBps: cost,
                    DelayBps: 0,
                    TimingBps: timing,
                    ImpactBps: cost - timing - opportunity - fees,
                    OpportunityBps: opportunity,
                    FeesBps: fees,
                    ShortfallCurrency: cost * 1e-4 * clip * 100,
                    DecisionToSendMicros: stressed ? 2000 + (random.NextDouble() * 50_000) : 300 + (random.NextDouble() * 700),
                    Markout1sBps: Markout(0.3),
                    Markout5sBps: Markout(0.6),
                    Markout60sBps: Markout(1.0)));
                quantity += clip;
                filled += filledQuantity;
                remaining = Math.Max(0, remaining - filledQuantity);
                if (stressed)
                {
                    y1.Add(withStress);
                    y0.Add(noStress);
                }
            }
        }

        var truth = new SyntheticTruth(
            MeanEffectBps: y1.Count > 0 ? y1.Zip(y0, (a, b) => a - b).Average() : double.NaN,
            Q95EffectBps: y1.Count > 0 ? Q95(y1) - Q95(y0) : double.NaN,
            MarkoutGapBps: options.InjectedMarkoutBps,
            Stressed: y1.Count,
            CompletionRate: quantity > 0 ? filled / quantity : double.NaN);
        return new SyntheticSample(children, truth);
    }

    private static double Q95(List<double> values)
    {
        var a = values.ToArray();
        Array.Sort(a);
        var h = 0.95 * (a.Length - 1);
        var k = (int)h;
        return k + 1 < a.Length ? a[k] + ((h - k) * (a[k + 1] - a[k])) : a[k];
    }

    private static double Normal(Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
