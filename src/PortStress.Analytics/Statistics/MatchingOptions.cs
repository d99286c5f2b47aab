namespace PortStress.Analytics.Statistics;

/// <summary>How <see cref="MatchedCohorts"/> matches stressed children to baseline children.</summary>
public sealed class MatchingOptions
{
    /// <summary>Caliper in standard deviations of the logit of the propensity score (pooled over the groups). Default 0.2.</summary>
    public double CaliperSd { get; set; } = 0.2;

    /// <summary>
    /// False (default): each baseline child serves at most one stressed child, so matched pairs are independent
    /// units and resampling them (by parent) is a valid bootstrap. True: the nearest baseline child every time (less
    /// bias when baseline children are scarce, but reused controls make the pair bootstrap optimistic).
    /// </summary>
    public bool WithReplacement { get; set; }

    /// <summary>
    /// True (default): each matched control's outcome is moved to its stressed partner's covariates by a linear
    /// regression fitted on the matched controls (Abadie-Imbens bias correction), removing the bias the caliper's
    /// leftover differences would otherwise leave. Applies to IS and to the markouts.
    /// </summary>
    public bool BiasCorrection { get; set; } = true;

    /// <summary>Symbols beyond the most frequent this many (plus the baseline symbol) share one propensity level. Default 20.</summary>
    public int MaxSymbols { get; set; } = 20;

    /// <summary>The upper quantile whose difference is reported (Q95Effect). Default 0.95.</summary>
    public double TailQuantile { get; set; } = 0.95;

    /// <summary>Interval settings.</summary>
    public BootstrapOptions Bootstrap { get; set; } = new();

    internal void Validate()
    {
        if (CaliperSd is <= 0 or > 10)
            throw new ArgumentOutOfRangeException(nameof(CaliperSd), CaliperSd, "The caliper must lie in (0, 10] SD.");
        if (MaxSymbols < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxSymbols), MaxSymbols, "Cannot be negative.");
        if (TailQuantile is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(TailQuantile), TailQuantile, "Must lie in (0, 1).");
        Bootstrap.Validate();
    }
}
