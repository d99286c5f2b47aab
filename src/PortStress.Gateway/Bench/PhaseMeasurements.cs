namespace PortStress.Gateway.Bench;

/// <summary>The pipelined phase: as many round trips as a bounded window of orders in flight allows.</summary>
internal sealed record PipelinedMeasurement(
    int Window, double Seconds, long RoundTrips, double RoundTripsPerSecond, RuntimeCost Cost);

/// <summary>
/// The fixed-rate phase: <see cref="Corrected"/> is acknowledgement time minus intended send time (coordinated
/// omission corrected); <see cref="Uncorrected"/> is acknowledgement time minus actual send time, for comparison.
/// </summary>
internal sealed record FixedRateMeasurement(
    int Rate, long Orders, LatencySummary Corrected, LatencySummary Uncorrected, double MaxSendLagMicros, RuntimeCost Cost);
