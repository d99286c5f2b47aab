namespace PortStress.Gateway.Bench;

/// <summary>Percentiles of one latency phase, in microseconds.</summary>
internal readonly record struct LatencySummary(int Count, long Dropped, double P50, double P99, double P999, double Max);
