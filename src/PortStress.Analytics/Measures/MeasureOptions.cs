using System.Globalization;

namespace PortStress.Analytics.Measures;

/// <summary>How the measures are computed.</summary>
public sealed record MeasureOptions
{
    /// <summary>
    /// Fees in bps of fill notional, per venue. The records carry no fees, so this is the only source; a venue not
    /// listed pays <see cref="DefaultFeeBps"/>.
    /// </summary>
    public IReadOnlyDictionary<string, double> FeeBpsByVenue { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Fee in bps for venues not in <see cref="FeeBpsByVenue"/>; 0 by default.</summary>
    public double DefaultFeeBps { get; init; }

    /// <summary>The trailing window of the volatility covariate; 30 s by default.</summary>
    public TimeSpan VolatilityWindow { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Parses a fee schedule: <c>bps</c> (every venue) or <c>VENUE=bps,VENUE=bps[,*=bps]</c>; <c>*</c> sets the default.
    /// </summary>
    /// <param name="text">The schedule.</param>
    /// <exception cref="FormatException">It does not parse or a fee is negative.</exception>
    public static MeasureOptions WithFees(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var byVenue = new Dictionary<string, double>(StringComparer.Ordinal);
        var fallback = 0.0;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var venue = equals < 0 ? "*" : part[..equals].Trim();
            var value = equals < 0 ? part : part[(equals + 1)..].Trim();
            if (venue.Length == 0 || !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var bps) || !double.IsFinite(bps) || bps < 0)
                throw new FormatException($"fee '{part}': expected VENUE=bps or bps with bps a number ≥ 0");
            if (venue == "*")
                fallback = bps;
            else
                byVenue[venue] = bps;
        }

        return new MeasureOptions { FeeBpsByVenue = byVenue, DefaultFeeBps = fallback };
    }
}
