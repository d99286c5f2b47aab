using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;
using PortStress.Gateway.Routing;

namespace PortStress.Gateway.Hosting;

/// <summary>
/// The one application behind every engine session of the gateway: upstream (acceptor) sessions go to the
/// <see cref="UpstreamApplication"/>; venue (initiator) sessions' answers go to the router
/// (<see cref="OrderRouter.OnVenueMessage"/>), which tells the gate.
/// </summary>
/// <param name="upstreamSessions">The upstream sessions.</param>
/// <param name="sessionVenues">The venue of each venue session (by session id text).</param>
/// <param name="router">The router.</param>
/// <param name="outbox">The upstream outbox.</param>
public sealed class GatewayApplication(IReadOnlySet<SessionId> upstreamSessions, IReadOnlyDictionary<string, string> sessionVenues, OrderRouter router, UpstreamOutbox outbox)
    : ApplicationBase
{
    private readonly UpstreamApplication _upstream = new(router, outbox);

    /// <inheritdoc />
    public override void OnLogon(SessionId sessionId)
    {
        if (upstreamSessions.Contains(sessionId))
        {
            _upstream.OnLogon(sessionId);
        }
        else if (sessionVenues.TryGetValue(sessionId.ToString(), out var venue))
        {
            router.OnVenueLogon(venue);
        }
    }

    /// <inheritdoc />
    public override void FromApp(FixMessage message, SessionId sessionId)
    {
        if (upstreamSessions.Contains(sessionId))
        {
            _upstream.FromApp(message, sessionId);
        }
        else
        {
            router.OnVenueMessage(message, sessionId);
        }
    }
}
