namespace PortStress.Gateway.Routing;

/// <summary>Where upstream orders go: by ExDestination (100), then by symbol rules, then the default venue.</summary>
public sealed class RoutingOptions
{
    /// <summary>The configuration section: <c>PortStress:Routing</c>.</summary>
    public const string SectionName = "PortStress:Routing";

    /// <summary>ExDestination values and the venue each names.</summary>
    public Dictionary<string, string> Destinations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Symbol rules, tried in order: the first whose prefix matches the symbol names the venue.</summary>
    public List<SymbolRoute> SymbolRules { get; set; } = [];

    /// <summary>The venue for orders no rule matches; null to reject them.</summary>
    public string? DefaultVenue { get; set; }

    /// <summary>The user-defined tag carrying the order's urgency (0 low, 1 normal, 2 high, 3 critical). Default 9701.</summary>
    public int UrgencyTag { get; set; } = 9701;

    /// <summary>The user-defined tag that asks for an urgency override (Y/N). Default 9702.</summary>
    public int UrgencyOverrideTag { get; set; } = 9702;

    /// <summary>
    /// Finished orders held as compact records after they leave the live maps, newest first (a resend or status request of one gets
    /// its final status); older finished orders keep only a 64-bit hash of each ClOrdID, for duplicate detection.
    /// 0 keeps only the hashes. Default 20,000 (a ring of about 3 MB, allocated once).
    /// </summary>
    public int FinishedOrdersKept { get; set; } = 20_000;
}

/// <summary>A symbol rule: symbols starting with <see cref="Prefix"/> go to <see cref="Venue"/>.</summary>
public sealed class SymbolRoute
{
    /// <summary>The symbol prefix ("" matches every symbol).</summary>
    public string Prefix { get; set; } = string.Empty;

    /// <summary>The venue.</summary>
    public string Venue { get; set; } = string.Empty;
}
