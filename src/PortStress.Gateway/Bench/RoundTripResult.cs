namespace PortStress.Gateway.Bench;

/// <summary>The engine against the echo floor, with the ratios and the verdict per target.</summary>
internal sealed record RoundTripResult(
    RoundTripOptions Options,
    MachineDescription Machine,
    TargetMeasurement Engine,
    TargetMeasurement Echo,
    IReadOnlyList<AllocationSample> AllocationTypes)
{
    public const double MaxP50Ratio = 2;
    public const double MaxP99Ratio = 3;
    public const double MinRoundTripsPerSecond = 100_000;

    public double P50Ratio => Engine.FixedRate.Corrected.P50 / Echo.FixedRate.Corrected.P50;

    public double P99Ratio => Engine.FixedRate.Corrected.P99 / Echo.FixedRate.Corrected.P99;

    public double P999Ratio => Engine.FixedRate.Corrected.P999 / Echo.FixedRate.Corrected.P999;

    public double ThroughputRatio => Engine.Pipelined.RoundTripsPerSecond / Echo.Pipelined.RoundTripsPerSecond;

    public IReadOnlyList<TargetVerdict> Verdicts =>
    [
        new("p50", $"engine p50 <= {MaxP50Ratio}x echo", P50Ratio, P50Ratio <= MaxP50Ratio),
        new("p99", $"engine p99 <= {MaxP99Ratio}x echo", P99Ratio, P99Ratio <= MaxP99Ratio),
        new("throughput", $"engine >= {MinRoundTripsPerSecond:N0} round trips/s pipelined", Engine.Pipelined.RoundTripsPerSecond,
            Engine.Pipelined.RoundTripsPerSecond >= MinRoundTripsPerSecond),
    ];
}
