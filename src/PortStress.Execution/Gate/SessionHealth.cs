using PortStress.Telemetry;

namespace PortStress.Execution.Gate;

/// <summary>
/// One pooled session and what the gate has seen of it: recent failures (decaying with a half-life) and the moving
/// average of its ack latency. The gate updates it under its lock; reads from elsewhere see a recent value.
/// </summary>
public sealed class SessionHealth
{
    private double _failures;
    private long _failureUpdated;
    private double _ackLatencySeconds;
    private bool _hasAckLatency;

    internal SessionHealth(IVenueSession session, DestinationId destination, int index)
    {
        Session = session;
        Destination = destination;
        Index = index;
    }

    /// <summary>The session.</summary>
    public IVenueSession Session { get; }

    /// <summary>The destination (remote ip:port) the session connects to, for telemetry.</summary>
    public DestinationId Destination { get; }

    /// <summary>Its position in the venue's configured order.</summary>
    public int Index { get; }

    /// <summary>Orders sent on the session.</summary>
    public long Sent { get; private set; }

    /// <summary>Failures recorded on the session (failed sends, rejects), all time.</summary>
    public long TotalFailures { get; private set; }

    /// <summary>The ack latency moving average in seconds; NaN before the first ack.</summary>
    public double AckLatencySeconds => _hasAckLatency ? _ackLatencySeconds : double.NaN;

    /// <summary>The decayed recent-failure count at <paramref name="now"/>.</summary>
    /// <param name="now">The gate clock.</param>
    /// <param name="halfLifeTicks">The half-life in timestamp ticks.</param>
    public double RecentFailures(long now, long halfLifeTicks) =>
        _failures == 0 ? 0 : _failures * Math.Pow(0.5, (double)(now - _failureUpdated) / halfLifeTicks);

    /// <summary>
    /// The warm-session score: 0 when not logged on (never chosen); otherwise 1 plus age since logon over the warm age
    /// (capped at 1), minus the recent failures, minus the ack latency average over the reference latency (capped at 4).
    /// </summary>
    /// <param name="now">The gate clock.</param>
    /// <param name="warmAgeTicks">The age at which the age term saturates.</param>
    /// <param name="halfLifeTicks">The failure half-life.</param>
    /// <param name="referenceLatencySeconds">The latency that costs as much as one failure.</param>
    public double Score(long now, long warmAgeTicks, long halfLifeTicks, double referenceLatencySeconds)
    {
        if (!Session.IsLoggedOn)
            return double.NegativeInfinity;
        var since = Session.LoggedOnSince;
        var age = since == 0 ? 0 : Math.Min(1, (double)(now - since) / warmAgeTicks);
        var latency = _hasAckLatency ? Math.Min(4, _ackLatencySeconds / referenceLatencySeconds) : 0;
        return 1 + age - RecentFailures(now, halfLifeTicks) - latency;
    }

    internal void RecordSent() => Sent++;

    internal void RecordFailure(long now, long halfLifeTicks)
    {
        _failures = RecentFailures(now, halfLifeTicks) + 1;
        _failureUpdated = now;
        TotalFailures++;
    }

    internal void RecordAckLatency(double seconds, double smoothing)
    {
        _ackLatencySeconds = _hasAckLatency ? _ackLatencySeconds + (smoothing * (seconds - _ackLatencySeconds)) : seconds;
        _hasAckLatency = true;
    }
}
