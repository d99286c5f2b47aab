using PortStress.Execution.Gate;
using PortStress.Fix.Engine;

namespace PortStress.Execution.Interception;

/// <summary>
/// The initiator's <see cref="ISessionAttemptGate"/> that knows which reconnects are optional: an attempt by a
/// session whose venue already has another session logged on is optional (orders can go out on the warm one), so it
/// waits while the controller freezes optional reconnection churn (RED); a venue's only way out always counts as
/// required. Every attempt is subject to the concurrent-attempt cap.
/// </summary>
/// <param name="limiter">The gate's attempt limiter.</param>
/// <param name="pool">The gate's sessions per venue.</param>
/// <param name="venueOf">The venue a session serves, or null when it serves none.</param>
public sealed class VenueAwareAttemptGate(NewSessionAttemptLimiter limiter, VenueSessionPool pool, Func<SessionId, string?> venueOf) : ISessionAttemptGate
{
    /// <summary>True when an attempt by <paramref name="session"/> would be optional now.</summary>
    /// <param name="session">The session about to connect.</param>
    public bool IsOptional(SessionId session) => venueOf(session) is { } venue && pool.AnyLoggedOn(venue);

    /// <inheritdoc />
    public ValueTask<IDisposable> EnterAsync(SessionId session, CancellationToken cancellationToken) =>
        limiter.EnterAsync(IsOptional(session), cancellationToken);
}
