using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PortStress.Gateway.Routing;

namespace PortStress.Gateway.Hosting;

/// <summary>
/// Runs first and stops last: on start, settles the router's journal against the venue sessions' stores (before the
/// engine opens them; see <see cref="OrderRouter.Recover"/>); on stop, after the engine has logged every session out
/// and closed the stores, closes the upstream outbox and the journal.
/// </summary>
/// <param name="configuration">The gateway configuration.</param>
/// <param name="router">The router (its journal is replayed when it is created).</param>
/// <param name="outbox">The upstream outbox.</param>
/// <param name="logger">The log.</param>
internal sealed class GatewayRecoveryService(GatewayConfiguration configuration, OrderRouter router, UpstreamOutbox outbox, ILogger<GatewayRecoveryService> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var sent = VenueStoreScan.Scan(configuration);
        foreach (var (venue, ids) in sent)
        {
            if (ids is null)
            {
                GatewayLog.StoresCannotTell(logger, venue);
            }
        }

        router.Recover(venue => sent.TryGetValue(venue, out var ids) ? ids : null);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await outbox.DisposeAsync().ConfigureAwait(false);
        router.Dispose();
    }
}
