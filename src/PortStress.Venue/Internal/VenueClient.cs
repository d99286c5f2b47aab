using PortStress.Fix.Engine;

namespace PortStress.Venue.Internal;

/// <summary>One counterparty session and what the venue keeps for it: its report queue and its order-rate limit.</summary>
internal sealed class VenueClient(Session session, Outbox outbox, OrderRateLimiter limiter)
{
    public Session Session { get; } = session;

    public Outbox Outbox { get; } = outbox;

    public OrderRateLimiter Limiter { get; } = limiter;

    public bool IsFix42 { get; } = session.Id.BeginString == "FIX.4.2";

    public string Name { get; } = session.Id.ToString();
}
