namespace PortStress.Telemetry.Signals;

/// <summary>Windows and thresholds of the signal estimators (DESIGN.md, Signals). All have working defaults.</summary>
public sealed class TransportSignalOptions
{
    /// <summary>Window of the connect attempt/failure counts behind CFR. Default 60 s.</summary>
    public TimeSpan CountWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Sub-buckets of <see cref="CountWindow"/> (its resolution). Default 12 (5 s each).</summary>
    public int CountBuckets { get; set; } = 12;

    /// <summary>Window of the latency quantiles (CTL, logon, DSD, ack). Default 60 s.</summary>
    public TimeSpan LatencyWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Sub-windows of <see cref="LatencyWindow"/>. Default 6 (10 s each).</summary>
    public int LatencySubWindows { get; set; } = 6;

    /// <summary>Largest relative error of a reported quantile. Default 0.01.</summary>
    public double QuantileRelativeAccuracy { get; set; } = 0.01;

    /// <summary>Window of the reconnect count behind the per-minute reconnect rate. Default 60 s.</summary>
    public TimeSpan ReconnectWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>RBI bucket width. Default 100 ms.</summary>
    public TimeSpan RetryBurstBucket { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>RBI buckets per window. Default 5 (a 500 ms window; uniform retries give 0.2).</summary>
    public int RetryBurstBuckets { get; set; } = 5;

    /// <summary>Fewest retries in an RBI window for the index to be reported. Default 10.</summary>
    public int RetryBurstMinimumCount { get; set; } = 10;
}
