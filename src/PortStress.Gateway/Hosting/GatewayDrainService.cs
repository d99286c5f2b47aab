using Microsoft.Extensions.Hosting;
using PortStress.Execution.Gate;
using PortStress.Gateway.Routing;

namespace PortStress.Gateway.Hosting;

/// <summary>
/// Stops first: the router refuses new orders, the gate rejects what it still holds (upstream hears "ShuttingDown"
/// rather than silence), and the reports queued so far are handed to their upstream sessions before the engine logs
/// them out (bounded by <c>PortStressFix:StopTimeout</c>).
/// </summary>
/// <param name="configuration">The gateway configuration.</param>
/// <param name="router">The router.</param>
/// <param name="gate">The gate.</param>
/// <param name="outbox">The upstream outbox.</param>
internal sealed class GatewayDrainService(GatewayConfiguration configuration, OrderRouter router, ChildOrderGate gate, UpstreamOutbox outbox) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        router.StopAccepting();
        gate.Dispose();
        try
        {
            await outbox.DrainAsync().WaitAsync(TimeSpan.FromSeconds(configuration.Engine.StopTimeout), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // What is still queued is journaled; the next start reports it (OrderRouter.Recover).
        }
    }
}
