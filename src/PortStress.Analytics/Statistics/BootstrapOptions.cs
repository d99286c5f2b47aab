namespace PortStress.Analytics.Statistics;

/// <summary>How intervals are resampled: a cluster (parent) bootstrap with percentile intervals.</summary>
public sealed class BootstrapOptions
{
    /// <summary>Bootstrap replicates. Default 1000; 200 is enough for a quick look, 2000 for a decision.</summary>
    public int Replicates { get; set; } = 1000;

    /// <summary>Seed: the same data, options and seed give the same intervals on any machine and thread count.</summary>
    public int Seed { get; set; } = 20261124;

    /// <summary>Two-sided coverage of the percentile intervals. Default 0.95.</summary>
    public double Confidence { get; set; } = 0.95;

    /// <summary>
    /// Replicates for statistics that refit a model per replicate (the quantile regression), capped at
    /// <see cref="Replicates"/>. Default 200.
    /// </summary>
    public int RefitReplicates { get; set; } = 200;

    /// <summary>
    /// Quantile-regression replicates refit the whole model, so above this many rows each replicate fits a resample of
    /// proportionally fewer clusters (about this many rows) and the interval is rescaled to the full sample by
    /// sqrt(resampled clusters / all clusters): an m-out-of-n bootstrap. Default 20 000.
    /// </summary>
    public int MaxRowsPerRefit { get; set; } = 20_000;

    internal void Validate()
    {
        if (Replicates < 20)
            throw new ArgumentOutOfRangeException(nameof(Replicates), Replicates, "At least 20 replicates.");
        if (Confidence is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(Confidence), Confidence, "Confidence must lie in (0, 1).");
        if (RefitReplicates < 20)
            throw new ArgumentOutOfRangeException(nameof(RefitReplicates), RefitReplicates, "At least 20 replicates.");
        if (MaxRowsPerRefit < 1000)
            throw new ArgumentOutOfRangeException(nameof(MaxRowsPerRefit), MaxRowsPerRefit, "At least 1000 rows.");
    }
}
