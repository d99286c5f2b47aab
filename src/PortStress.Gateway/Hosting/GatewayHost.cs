using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PortStress.Fix.Engine.Hosting;
using PortStress.Gateway.Routing;

namespace PortStress.Gateway.Hosting;

/// <summary>
/// The gateway process (<c>portstress run --config DIR</c>) as an object tests and benchmarks start and stop in
/// process: a <see cref="WebApplication"/> holding the FIX engine (upstream acceptors, venue initiators), the
/// controller, the gate, the router and its journal, and a loopback HTTP endpoint (<c>PortStress:Admin:Urls</c>) for
/// the admin API and metrics.
/// </summary>
/// <example>
/// <code>
/// await using var gateway = GatewayHost.CreateBuilder("config/gateway").Build();   // GatewayConfigurationException on a bad config
/// await gateway.StartAsync();
/// var upstreamPort = gateway.UpstreamEndPoints[0].Port;
/// ...
/// await gateway.StopAsync();   // stop accepting, log out every session, flush every store and the journal
/// </code>
/// </example>
public sealed class GatewayHost : IAsyncDisposable
{
    internal GatewayHost(WebApplication web, GatewayConfiguration configuration)
    {
        Web = web;
        Configuration = configuration;
    }

    /// <summary>The web application (map admin endpoints on it before <see cref="StartAsync"/>).</summary>
    public WebApplication Web { get; }

    /// <summary>The checked configuration.</summary>
    public GatewayConfiguration Configuration { get; }

    /// <summary>The services.</summary>
    public IServiceProvider Services => Web.Services;

    /// <summary>The router.</summary>
    public OrderRouter Router => Services.GetRequiredService<OrderRouter>();

    /// <summary>The FIX engine (its sessions, acceptors and initiator once started).</summary>
    public FixEngineHostedService Engine => Services.GetRequiredService<FixEngineHostedService>();

    /// <summary>Where the upstream acceptors listen (real ports once started; a configured port 0 picks a free one).</summary>
    public IReadOnlyList<IPEndPoint> UpstreamEndPoints => Engine.Acceptors.Select(a => a.LocalEndPoint).ToList();

    /// <summary>Where the admin and metrics endpoint listens, once started.</summary>
    public IReadOnlyList<string> AdminAddresses =>
        Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    /// <summary>Reads and checks <paramref name="configDirectory"/> and prepares the host's services.</summary>
    /// <param name="configDirectory">The config dir: appsettings.json and venues/*.json.</param>
    /// <param name="args">Command-line arguments for the host (environment name, logging), or null.</param>
    /// <returns>The builder; add services through <see cref="GatewayHostBuilder.Services"/>, then <see cref="GatewayHostBuilder.Build"/>.</returns>
    /// <exception cref="GatewayConfigurationException">The config dir has problems; every one is listed.</exception>
    public static GatewayHostBuilder CreateBuilder(string configDirectory, string[]? args = null) =>
        new(GatewayConfiguration.Load(configDirectory), args ?? []);

    /// <summary>Starts everything: the venue stores are read and the journal settled, then the sessions start.</summary>
    /// <param name="cancellationToken">Abandons the start.</param>
    public Task StartAsync(CancellationToken cancellationToken = default) => Web.StartAsync(cancellationToken);

    /// <summary>
    /// Stops: new orders are refused, orders the gate still holds are rejected upstream ("ShuttingDown"), reports are
    /// handed to their sessions, every session is logged out (waiting for the answers up to <c>PortStressFix:StopTimeout</c>),
    /// every store and the journal are flushed and closed.
    /// </summary>
    /// <param name="cancellationToken">Cuts the graceful stop short.</param>
    public Task StopAsync(CancellationToken cancellationToken = default) => Web.StopAsync(cancellationToken);

    /// <summary>Starts, runs until <paramref name="stop"/> fires or the host is told to stop (SIGTERM, Ctrl+C), then stops.</summary>
    /// <param name="stop">Stops the gateway.</param>
    public async Task RunAsync(CancellationToken stop)
    {
        await StartAsync(CancellationToken.None).ConfigureAwait(false);
        await WaitForShutdownAsync(stop).ConfigureAwait(false);
    }

    /// <summary>Once started: waits until <paramref name="stop"/> fires or the host is told to stop (SIGTERM, Ctrl+C), then stops.</summary>
    /// <param name="stop">Stops the gateway.</param>
    public async Task WaitForShutdownAsync(CancellationToken stop)
    {
        var lifetime = Services.GetRequiredService<IHostApplicationLifetime>();
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stop, lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Asked to stop.
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Web.DisposeAsync();
}
