namespace PortStress.Telemetry.Signals;

/// <summary>The estimators kept for one destination. Owned by <see cref="TransportSignals"/>; not thread-safe.</summary>
public sealed class DestinationSignals
{
    internal DestinationSignals(DestinationId destination, TransportSignalOptions options, long frequency, LogBuckets buckets)
    {
        Destination = destination;
        ConnectAttempts = new SlidingWindowCounter(options.CountWindow, options.CountBuckets, frequency);
        ConnectFailures = new SlidingWindowCounter(options.CountWindow, options.CountBuckets, frequency);
        ConnectLatency = new SlidingWindowQuantiles(options.LatencyWindow, options.LatencySubWindows, frequency, buckets);
    }

    /// <summary>The destination.</summary>
    public DestinationId Destination { get; }

    /// <summary>Connect attempts in the count window.</summary>
    public SlidingWindowCounter ConnectAttempts { get; }

    /// <summary>Failed connect attempts in the count window.</summary>
    public SlidingWindowCounter ConnectFailures { get; }

    /// <summary>Connect-establishment latency (seconds).</summary>
    public SlidingWindowQuantiles ConnectLatency { get; }

    /// <summary>Failures over attempts in the window; 0 when there were no attempts.</summary>
    /// <param name="now">The current timestamp.</param>
    public double ConnectFailureRatio(long now) => Ratio(ConnectFailures.Sum(now), ConnectAttempts.Sum(now));

    internal static double Ratio(long part, long whole) => whole == 0 ? 0 : Math.Min(1, (double)part / whole);
}
