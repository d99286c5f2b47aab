using System.Net;

namespace PortStress.Gateway.Churn;

/// <summary>How <c>portstress churn</c> stresses the local port range.</summary>
internal sealed record ChurnOptions
{
    /// <summary>Where the connections go; the connections are spread over them in turn.</summary>
    public required IReadOnlyList<IPEndPoint> Targets { get; init; }

    /// <summary>Connections kept going at once (each one connects, lives, closes and starts again).</summary>
    public int Connections { get; init; } = 256;

    /// <summary>How long a connection stays open before the client closes it (first, so the TIME_WAIT is on this side).</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The wait after a failed connect (EADDRNOTAVAIL when the range is exhausted) before the next attempt.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>How long to run; null runs until interrupted.</summary>
    public TimeSpan? Duration { get; init; }
}
