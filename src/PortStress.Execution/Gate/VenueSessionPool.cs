using PortStress.Telemetry;

namespace PortStress.Execution.Gate;

/// <summary>
/// The long-lived sessions to each venue, in configured order. The gate picks one per order: normally the first
/// logged-on session; with warm-session preference the logged-on session with the best health score
/// (<see cref="SessionHealth.Score"/>). The pool never opens a session: sessions are added by whoever owns them (the
/// engine's initiator through the interceptor). Adding is thread-safe; reading is lock-free (copy on write).
/// </summary>
public sealed class VenueSessionPool
{
    private readonly Lock _sync = new();
    private volatile Dictionary<string, VenueSessions> _venues = new(StringComparer.Ordinal);

    /// <summary>Raised after a session is added (the gate learns a new venue).</summary>
    internal event Action<string>? VenueAdded;

    /// <summary>The venues with at least one session.</summary>
    public IReadOnlyCollection<string> Venues => _venues.Keys;

    /// <summary>Adds a session to its venue (<see cref="IVenueSession.Venue"/>), after those already there.</summary>
    /// <param name="session">The session.</param>
    /// <param name="destination">Its destination for telemetry (register the remote endpoint with the <see cref="DestinationRegistry"/>); <see cref="DestinationId.None"/> when unknown.</param>
    /// <returns>The session's health entry.</returns>
    public SessionHealth Add(IVenueSession session, DestinationId destination = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrEmpty(session.Venue);
        SessionHealth health;
        lock (_sync)
        {
            var venues = new Dictionary<string, VenueSessions>(_venues, StringComparer.Ordinal);
            venues.TryGetValue(session.Venue, out var existing);
            var sessions = existing?.Sessions ?? [];
            foreach (var s in sessions)
            {
                if (ReferenceEquals(s.Session, session))
                    throw new ArgumentException($"Session '{session.Name}' is already in the pool.", nameof(session));
            }
            health = new SessionHealth(session, destination, sessions.Length);
            var destinationOfVenue = existing is null || existing.Destination == DestinationId.None ? destination : existing.Destination;
            venues[session.Venue] = new VenueSessions([.. sessions, health], destinationOfVenue);
            _venues = venues;
        }
        VenueAdded?.Invoke(session.Venue);
        return health;
    }

    /// <summary>The sessions of <paramref name="venue"/> in configured order (empty when none).</summary>
    /// <param name="venue">The venue.</param>
    public IReadOnlyList<SessionHealth> SessionsOf(string venue) =>
        _venues.TryGetValue(venue, out var v) ? v.Sessions : [];

    /// <summary>The venue's destination for telemetry: that of its first session with one.</summary>
    /// <param name="venue">The venue.</param>
    public DestinationId DestinationOf(string venue) =>
        _venues.TryGetValue(venue, out var v) ? v.Destination : DestinationId.None;

    /// <summary>True when any session of <paramref name="venue"/> is logged on.</summary>
    /// <param name="venue">The venue.</param>
    public bool AnyLoggedOn(string venue)
    {
        if (!_venues.TryGetValue(venue, out var v))
            return false;
        foreach (var s in v.Sessions)
        {
            if (s.Session.IsLoggedOn)
                return true;
        }
        return false;
    }

    /// <summary>
    /// The session an order to <paramref name="venue"/> goes out on, or null when none is logged on: the first
    /// logged-on session in configured order, or with <paramref name="preferWarm"/> the best-scoring one (ties keep the
    /// configured order).
    /// </summary>
    /// <param name="venue">The venue.</param>
    /// <param name="preferWarm">Choose by health score.</param>
    /// <param name="now">The gate clock.</param>
    /// <param name="options">The gate options (score parameters).</param>
    public SessionHealth? Choose(string venue, bool preferWarm, long now, in ScoreParameters options) =>
        _venues.TryGetValue(venue, out var v) ? Choose(v.Sessions, preferWarm, now, options) : null;

    internal static SessionHealth? Choose(SessionHealth[] sessions, bool preferWarm, long now, in ScoreParameters score)
    {
        if (!preferWarm)
        {
            foreach (var s in sessions)
            {
                if (s.Session.IsLoggedOn)
                    return s;
            }
            return null;
        }
        SessionHealth? best = null;
        var bestScore = double.NegativeInfinity;
        foreach (var s in sessions)
        {
            var value = s.Score(now, score.WarmAgeTicks, score.FailureHalfLifeTicks, score.ReferenceLatencySeconds);
            if (value > bestScore)
            {
                best = s;
                bestScore = value;
            }
        }
        return best;
    }

    internal SessionHealth[] SessionArrayOf(string venue) => _venues.TryGetValue(venue, out var v) ? v.Sessions : [];

    private sealed record VenueSessions(SessionHealth[] Sessions, DestinationId Destination);
}

/// <summary>The warm-session score's parameters in clock units.</summary>
/// <param name="WarmAgeTicks">The session age (timestamp ticks) at which the age term saturates.</param>
/// <param name="FailureHalfLifeTicks">The half-life of recent failures in timestamp ticks.</param>
/// <param name="ReferenceLatencySeconds">The ack latency that costs as much as one recent failure.</param>
public readonly record struct ScoreParameters(long WarmAgeTicks, long FailureHalfLifeTicks, double ReferenceLatencySeconds)
{
    /// <summary>The parameters of <paramref name="options"/> for a clock of <paramref name="timestampFrequency"/>.</summary>
    /// <param name="options">The gate options.</param>
    /// <param name="timestampFrequency">Timestamp ticks per second.</param>
    public static ScoreParameters From(GateOptions options, long timestampFrequency)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new((long)(options.SessionWarmAge.TotalSeconds * timestampFrequency),
            (long)(options.SessionFailureHalfLife.TotalSeconds * timestampFrequency),
            options.SessionAckLatencyReference.TotalSeconds);
    }
}
