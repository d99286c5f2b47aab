using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Gateway.Routing;

/// <summary>The application of the upstream (order manager) sessions: orders go to the router; reports waiting for a logon go out on it.</summary>
/// <param name="router">The router.</param>
/// <param name="outbox">The upstream outbox.</param>
public sealed class UpstreamApplication(OrderRouter router, UpstreamOutbox outbox) : ApplicationBase
{
    /// <inheritdoc />
    public override void OnLogon(SessionId sessionId) => outbox.Flush(sessionId);

    /// <inheritdoc />
    public override void FromApp(FixMessage message, SessionId sessionId) => router.OnUpstream(message, sessionId);
}
