namespace PortStress.Gateway.Probe;

/// <summary>What <c>portstress probe</c> measured on one session.</summary>
internal sealed record ProbeResult(
    string Session,
    string Target,
    bool LoggedOn,
    string? Failure,
    double? ConnectMs,
    double? LogonMs,
    int OrdersSent,
    int OrdersAnswered,
    IReadOnlyList<double> RoundTripsMs,
    bool LoggedOutCleanly)
{
    /// <summary>The q-quantile of the round trips (nearest rank), or null without any.</summary>
    public double? Percentile(double q)
    {
        if (RoundTripsMs.Count == 0)
        {
            return null;
        }

        var sorted = RoundTripsMs.Order().ToArray();
        var rank = (int)Math.Ceiling(q * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
