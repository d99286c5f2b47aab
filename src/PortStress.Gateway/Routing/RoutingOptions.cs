namespace PortStress.Gateway.Routing;

/// <summary>Where upstream orders go: by ExDestination (100), then by symbol rules, then the default venue.</summary>
public sealed class RoutingOptions
{
    /// <summary>The configuration section: <c>PortStress:Routing</c>.</summary>
    public const string SectionName = "PortStress:Routing";

    /// <summary>The smallest <see cref="ClOrdIdsInMemory"/> the configuration accepts.</summary>
    public const int MinClOrdIdsInMemory = 1_024;

    /// <summary>The largest <see cref="ClOrdIdsInMemory"/> the configuration accepts (two tables of 256 MB).</summary>
    public const int MaxClOrdIdsInMemory = 16_777_216;

    /// <summary>The smallest <see cref="ExpectedClOrdIdsPerDay"/> the configuration accepts.</summary>
    public const long MinExpectedClOrdIdsPerDay = 1_000;

    /// <summary>The largest <see cref="ExpectedClOrdIdsPerDay"/> the configuration accepts (a Bloom filter of about 1.2 GB).</summary>
    public const long MaxExpectedClOrdIdsPerDay = 1_000_000_000;

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

    /// <summary>
    /// Finished orders' ClOrdIDs held in memory, per table, before they are written to a sorted run file on disk (the
    /// duplicate check's hot tier: two tables of twice as many 8-byte slots, allocated once). Default 262,144 (two
    /// tables of 4 MB); 1,024 to 16,777,216.
    /// </summary>
    public int ClOrdIdsInMemory { get; set; } = 262_144;

    /// <summary>
    /// ClOrdIDs expected per trading day, across all upstream sessions: sizes the Bloom filter in front of the run
    /// files (1% false positives at this count, about 1.2 bytes per ClOrdID, allocated once at the first spill). Past
    /// it duplicate checks look on disk more often, still exactly. Default 10,000,000 (about 12 MB); 1,000 to
    /// 1,000,000,000.
    /// </summary>
    public long ExpectedClOrdIdsPerDay { get; set; } = 10_000_000;
}

/// <summary>A symbol rule: symbols starting with <see cref="Prefix"/> go to <see cref="Venue"/>.</summary>
public sealed class SymbolRoute
{
    /// <summary>The symbol prefix ("" matches every symbol).</summary>
    public string Prefix { get; set; } = string.Empty;

    /// <summary>The venue.</summary>
    public string Venue { get; set; } = string.Empty;
}
