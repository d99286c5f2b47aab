namespace PortStress.Gateway.Routing;

/// <summary>Resolves an order's venue from its ExDestination and symbol (see <see cref="RoutingOptions"/>).</summary>
public sealed class RouteTable
{
    private readonly RoutingOptions _options;
    private readonly HashSet<string> _venues;

    /// <summary>Creates the table; every venue named must be one of <paramref name="venues"/>.</summary>
    /// <param name="options">The routing options.</param>
    /// <param name="venues">The venues that have sessions.</param>
    public RouteTable(RoutingOptions options, IEnumerable<string> venues)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _venues = new HashSet<string>(venues ?? throw new ArgumentNullException(nameof(venues)), StringComparer.Ordinal);
        if (Problems(options, _venues) is [var first, ..])
        {
            throw new ArgumentException(first);
        }
    }

    /// <summary>Every venue the options name that has no session, one message per key (empty when the table can be built).</summary>
    /// <param name="options">The routing options.</param>
    /// <param name="venues">The venues that have sessions.</param>
    public static IReadOnlyList<string> Problems(RoutingOptions options, IReadOnlyCollection<string> venues)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(venues);
        var problems = new List<string>();
        void Require(string? venue, string key)
        {
            if (string.IsNullOrEmpty(venue) || !venues.Contains(venue))
            {
                problems.Add($"{key}: venue '{venue}' has no session (known venues: {string.Join(", ", venues.Order(StringComparer.Ordinal))})");
            }
        }

        foreach (var (destination, venue) in options.Destinations)
        {
            Require(venue, $"{RoutingOptions.SectionName}:Destinations:{destination}");
        }

        for (var i = 0; i < options.SymbolRules.Count; i++)
        {
            Require(options.SymbolRules[i].Venue, $"{RoutingOptions.SectionName}:SymbolRules:{i}:Venue");
        }

        if (options.DefaultVenue is { } fallback)
        {
            Require(fallback, $"{RoutingOptions.SectionName}:DefaultVenue");
        }

        return problems;
    }

    /// <summary>The venue for an order, or null with the reason.</summary>
    /// <param name="exDestination">ExDestination (100), or null.</param>
    /// <param name="symbol">The symbol.</param>
    /// <param name="reason">Why there is no venue.</param>
    public string? Resolve(string? exDestination, string symbol, out string? reason)
    {
        reason = null;
        if (!string.IsNullOrEmpty(exDestination))
        {
            if (_options.Destinations.TryGetValue(exDestination, out var named))
            {
                return named;
            }

            if (_venues.Contains(exDestination))
            {
                return exDestination;
            }

            reason = $"unknown ExDestination '{exDestination}'";
            return null;
        }

        foreach (var rule in _options.SymbolRules)
        {
            if (symbol.StartsWith(rule.Prefix, StringComparison.Ordinal))
            {
                return rule.Venue;
            }
        }

        if (_options.DefaultVenue is { } fallback)
        {
            return fallback;
        }

        reason = $"no route for symbol '{symbol}' (no ExDestination, no symbol rule, no default venue)";
        return null;
    }
}
