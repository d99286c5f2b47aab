namespace PortStress.Analytics.Synthetic;

/// <summary>
/// The synthetic market's knobs: how many parents and children, how strongly volatility confounds stress and cost,
/// and the port-stress cost injected into stressed children (the truth the estimators must recover).
/// </summary>
public sealed class SyntheticOptions
{
    /// <summary>Generator seed: the same options give the same children.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Parent orders (bootstrap clusters). Default 2000.</summary>
    public int Parents { get; set; } = 2000;

    /// <summary>Fewest children per parent. Default 10.</summary>
    public int MinChildren { get; set; } = 10;

    /// <summary>Most children per parent. Default 30.</summary>
    public int MaxChildren { get; set; } = 30;

    /// <summary>Distinct symbols. Default 8.</summary>
    public int Symbols { get; set; } = 8;

    /// <summary>Distinct venues. Default 3.</summary>
    public int Venues { get; set; } = 3;

    /// <summary>First order id (so two samples can be combined without clashes). Default 1.</summary>
    public long FirstOrderId { get; set; } = 1;

    /// <summary>First parent id. Default 1.</summary>
    public long FirstParentId { get; set; } = 1;

    /// <summary>Midnight UTC of the simulated day, µs since the Unix epoch. Default 2026-11-02.</summary>
    public long DayMicros { get; set; } = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000;

    /// <summary>Session open, hours UTC. Default 13.5.</summary>
    public double SessionOpenHours { get; set; } = 13.5;

    /// <summary>Session close, hours UTC. Default 20.</summary>
    public double SessionCloseHours { get; set; } = 20;

    /// <summary>Scales every parent's volatility regime: below 1 a calmer day, above 1 a wilder one. Default 1.</summary>
    public double VolatilityLevel { get; set; } = 1;

    /// <summary>Baseline log-odds of stress at average volatility. Default -1.4 (about one child in four stressed).</summary>
    public double StressLogOdds { get; set; } = -1.4;

    /// <summary>Confounding, part 1: log-odds of stress per SD of volatility. Default 1.0.</summary>
    public double StressPerVolatilitySd { get; set; } = 1.0;

    /// <summary>Confounding, part 2: IS bps per bp of volatility. Default 0.4.</summary>
    public double CostPerVolatilityBps { get; set; } = 0.4;

    /// <summary>Injected port-stress cost on every stressed child, bps. Default 3.</summary>
    public double InjectedMeanBps { get; set; } = 3;

    /// <summary>Share of stressed children that also pay a tail cost. Default 0.10.</summary>
    public double InjectedTailProbability { get; set; } = 0.10;

    /// <summary>Mean of the exponential tail cost, bps. Default 30.</summary>
    public double InjectedTailMeanBps { get; set; } = 30;

    /// <summary>
    /// SD of a per-parent part of the injected cost, bps (mean zero): a stress episode taxes one parent's stressed
    /// children alike, which makes the parent matter as a cluster for the effect itself. Default 0.
    /// </summary>
    public double InjectedParentSdBps { get; set; }

    /// <summary>Extra injected cost per urgency level on stressed children (the urgency × stress interaction), bps. Default 0.</summary>
    public double InjectedPerUrgencyBps { get; set; }

    /// <summary>Injected markout gap on stressed fills (all horizons), bps. Default 1.5.</summary>
    public double InjectedMarkoutBps { get; set; } = 1.5;

    /// <summary>SD of the per-parent cost effect (what makes the parent a cluster), bps. Default 6.</summary>
    public double ParentEffectSdBps { get; set; } = 6;

    /// <summary>SD of the per-child noise, bps. Default 8.</summary>
    public double NoiseSdBps { get; set; } = 8;

    /// <summary>
    /// False (default): shadow mode, the controller decides but GREEN is applied, so stressed children pay the full
    /// injected cost. True: the decided state is applied and the controller's actions scale the stressed cost by
    /// <see cref="ControlledMeanFactor"/> and <see cref="ControlledTailFactor"/> and fills by <see cref="ControlledFillFactor"/>.
    /// </summary>
    public bool Controlled { get; set; }

    /// <summary>Under control, the injected mean cost is multiplied by this. Default 1 (trims and jitter do not remove it).</summary>
    public double ControlledMeanFactor { get; set; } = 1;

    /// <summary>Under control, the injected tail cost is multiplied by this. Default 0.3.</summary>
    public double ControlledTailFactor { get; set; } = 0.3;

    /// <summary>Under control, a stressed child's filled share is multiplied by this. Default 1.</summary>
    public double ControlledFillFactor { get; set; } = 1;
}
