namespace PortStress.Analytics.Statistics;

/// <summary>How <see cref="PromotionGate"/> judges shadow-mode evidence.</summary>
public sealed class PromotionGateOptions
{
    /// <summary>
    /// Children decided before this instant (µs since the Unix epoch) are in-sample (they were used to fit or tune the
    /// controller) and are left out of both arms. Null (default): every child is out-of-sample.
    /// </summary>
    public long? EvaluationStartMicros { get; set; }

    /// <summary>Length of the time windows that are the bootstrap's clusters, minutes. Default 30.</summary>
    public double WindowMinutes { get; set; } = 30;

    /// <summary>How far completion may fall (controlled − shadow, as a fraction of quantity, e.g. 0.01 = one point) before it counts as a regression. Default 0.</summary>
    public double CompletionTolerance { get; set; }

    /// <summary>
    /// True (default): controlled stressed children are matched to shadow stressed children (venue × urgency exact,
    /// propensity on the market covariates) before comparing, so a calmer evaluation period in one arm cannot pass for
    /// an effect of the controller. False: the raw arm-to-arm comparison decides.
    /// </summary>
    public bool MatchArms { get; set; } = true;

    /// <summary>Fewest stressed-decided children per arm to decide at all. Default 100.</summary>
    public int MinStressedPerArm { get; set; } = 100;

    /// <summary>Fewest out-of-sample windows per arm to decide at all. Default 4.</summary>
    public int MinWindowsPerArm { get; set; } = 4;

    /// <summary>The tail quantile compared. Default 0.95.</summary>
    public double TailQuantile { get; set; } = 0.95;

    /// <summary>Caliper for matching the arms, SD of the logit. Default 0.2.</summary>
    public double CaliperSd { get; set; } = 0.2;

    /// <summary>Interval settings.</summary>
    public BootstrapOptions Bootstrap { get; set; } = new();

    internal void Validate()
    {
        if (!(WindowMinutes > 0))
            throw new ArgumentOutOfRangeException(nameof(WindowMinutes), WindowMinutes, "Must be positive.");
        if (!(CompletionTolerance >= 0))
            throw new ArgumentOutOfRangeException(nameof(CompletionTolerance), CompletionTolerance, "Cannot be negative.");
        if (MinStressedPerArm < 2 || MinWindowsPerArm < 1)
            throw new ArgumentOutOfRangeException(nameof(MinStressedPerArm), "Need at least 2 children and 1 window per arm.");
        Bootstrap.Validate();
    }
}
