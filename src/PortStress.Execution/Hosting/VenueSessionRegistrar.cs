using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PortStress.Execution.Gate;
using PortStress.Execution.Interception;
using PortStress.Fix.Engine.Hosting;
using PortStress.Telemetry;

namespace PortStress.Execution.Hosting;

/// <summary>
/// Once the engine has started, puts each of its initiator sessions into the gate's <see cref="VenueSessionPool"/>
/// as a <see cref="FixVenueSession"/> of its venue (see <see cref="ExecutionOptions"/>), with the destination of its
/// first connect target. Registered after the engine, so the host starts it after the engine.
/// </summary>
/// <param name="engine">The engine's hosted service.</param>
/// <param name="pool">The gate's session pool.</param>
/// <param name="registry">The destination registry shared with the telemetry.</param>
/// <param name="options">Session-to-venue mapping.</param>
/// <param name="timeProvider">The gate's clock.</param>
public sealed class VenueSessionRegistrar(
    FixEngineHostedService engine, VenueSessionPool pool, DestinationRegistry registry, IOptions<ExecutionOptions> options, TimeProvider? timeProvider = null)
    : IHostedService
{
    private readonly List<FixVenueSession> _registered = [];

    /// <summary>The sessions registered.</summary>
    public IReadOnlyList<FixVenueSession> Registered => _registered;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var initiator in engine.InitiatorSessions)
        {
            var session = initiator.Session;
            var venue = options.Value.VenueOf(session.Id.ToString(), session.Id.TargetCompId);
            var target = initiator.Targets[0];
            var destination = IPAddress.TryParse(target.Host, out var address)
                ? registry.GetOrAdd(DestinationKey.FromEndPoint(new IPEndPoint(address, target.Port)))
                : default;
            var venueSession = new FixVenueSession(venue, session, timeProvider);
            pool.Add(venueSession, destination);
            _registered.Add(venueSession);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
