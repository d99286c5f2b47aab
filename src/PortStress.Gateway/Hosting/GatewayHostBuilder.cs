using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PortStress.Control;
using PortStress.Control.Records;
using PortStress.Execution;
using PortStress.Execution.Gate;
using PortStress.Execution.Hosting;
using PortStress.Execution.Records;
using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Hosting;
using PortStress.Gateway.Admin;
using PortStress.Gateway.Routing;

namespace PortStress.Gateway.Hosting;

/// <summary>
/// Prepares a <see cref="GatewayHost"/> from a checked <see cref="GatewayConfiguration"/>: the engine with every
/// session (<c>AddPortStressFix</c>), the controller and gate (<c>AddPortStressExecution</c>, venues from the venue
/// files), the router behind one <see cref="GatewayApplication"/>, the journal, metrics export (OpenTelemetry: Prometheus
/// scrape, OTLP when configured) and the admin API on Kestrel at the admin URLs, with its shadow-mode switch kept across
/// restarts (<see cref="ShadowOverrideStore"/>). Add further services through <see cref="Services"/> before <see cref="Build"/>.
/// </summary>
public sealed class GatewayHostBuilder
{
    internal GatewayHostBuilder(GatewayConfiguration configuration, string[] args)
    {
        Configuration = configuration;
        // reloadConfigOnChange=false: otherwise the builder's default JSON sources (cleared below) leave a recursive
        // FileSystemWatcher on the config dir, which holds state/ and records/, and every journal, store and record
        // append wakes it (about 1 KB allocated per order at 10,000/s).
        Web = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. args, "--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = configuration.Directory,
        });

        // The config dir is the only source: what was checked is what runs (no reload, no environment overrides).
        Web.Configuration.Sources.Clear();
        Web.Configuration.AddJsonFile(Path.Combine(configuration.Directory, GatewayConfiguration.AppSettingsFile), optional: false, reloadOnChange: false);
        if (GatewayConfiguration.AdminTokenFromEnvironment is { } token && Web.Configuration[$"{AdminOptions.SectionName}:Token"] is null)
        {
            Web.Configuration.AddInMemoryCollection([new($"{AdminOptions.SectionName}:Token", token)]);
        }

        Web.WebHost.UseUrls([.. configuration.AdminUrls]);
        Web.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        AddGateway(Web.Services, configuration);
        Web.Services.AddPortStressMonitoring(Web.Configuration);
        Web.Services.AddPortStressAdmin(Web.Configuration);
    }

    /// <summary>The checked configuration.</summary>
    public GatewayConfiguration Configuration { get; }

    /// <summary>The web application builder underneath.</summary>
    public WebApplicationBuilder Web { get; }

    /// <summary>The services.</summary>
    public IServiceCollection Services => Web.Services;

    /// <summary>Builds the host (nothing starts until <see cref="GatewayHost.StartAsync"/>).</summary>
    public GatewayHost Build()
    {
        // Last registered, so it stops first: refuse new orders and drain the gate before the sessions log out.
        Services.AddHostedService<GatewayDrainService>();
        var web = Web.Build();
        web.MapPortStressAdmin();   // /admin/*, /healthz, /readyz and the Prometheus scrape at /metrics
        return new GatewayHost(web, Configuration);
    }

    private static void AddGateway(IServiceCollection services, GatewayConfiguration configuration)
    {
        services.AddSingleton(configuration);

        // First registered, so it starts before the engine opens the stores and stops after it has closed them.
        services.AddHostedService<GatewayRecoveryService>();
        services.AddPortStressFix(engine =>
        {
            engine.BasePath = configuration.Engine.BasePath;
            engine.MaxConcurrentConnects = configuration.Engine.MaxConcurrentConnects;
            engine.StopTimeout = configuration.Engine.StopTimeout;
            foreach (var session in configuration.Engine.Sessions)
            {
                engine.Sessions.Add(session);
            }
        });

        var records = configuration.Gateway.RecordsDirectory;
        if (records is not null)
        {
            services.AddSingleton<IRecordSink<ChildOrderRecord>>(_ => new JsonLinesRecordWriter<ChildOrderRecord>(records));
            services.AddSingleton<IRecordSink<OrderEventRecord>>(_ => new JsonLinesRecordWriter<OrderEventRecord>(records));
        }

        services.AddPortStressExecution<GatewayApplication>(configuration.Settings);
        services.Configure<ExecutionOptions>(o =>
        {
            foreach (var (session, venue) in configuration.SessionVenues)
            {
                o.SessionVenues[session] = venue;
            }
        });
        if (records is not null)
        {
            services.PostConfigure<ControlOptions>(o => o.RecordsDirectory ??= records);
        }

        // A shadow-mode switch made through the admin API outlives a restart: it is applied to the options the control
        // loop is built from, so the loop's first tick already runs in the mode the last switch chose.
        services.AddSingleton(sp => new ShadowOverrideStore(
            configuration.Gateway.AdminStatePath, sp.GetService<ILogger<ShadowOverrideStore>>(), sp.GetService<TimeProvider>()));
        services.AddOptions<ControlOptions>().PostConfigure<ShadowOverrideStore>((o, store) => o.Shadow = store.ApplyOnStart(o.Shadow));

        services.AddSingleton(sp => new UpstreamOutbox(id => Session(sp, id)));
        services.AddSingleton(sp => new OrderRouter(
            sp.GetRequiredService<IChildOrderSubmitter>(),
            sp.GetRequiredService<IOrderEventSink>(),
            new RouteTable(configuration.Routing, configuration.Venues.Select(v => v.Name)),
            configuration.Routing,
            configuration.Gateway.JournalPath,
            sp.GetRequiredService<UpstreamOutbox>(),
            (_, name) => name is null ? null : Session(sp, name),
            sp.GetService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<OrderRouter>(),
            new ReplacePolicy(sp.GetRequiredService<IControlSnapshotSource>(), sp.GetRequiredService<IOptions<GateOptions>>().Value),
            configuration.Gateway.FsyncJournal));

        // The one application behind every session (AddPortStressExecution put the gate's own wrapper there).
        services.Replace(ServiceDescriptor.Singleton<IApplication>(sp => new GatewayApplication(
            configuration.UpstreamSessions, configuration.SessionVenues, sp.GetRequiredService<OrderRouter>(), sp.GetRequiredService<UpstreamOutbox>())));
    }

    // Called per report upstream and per cancel or replace: a plain loop (a lambda would allocate a closure per call).
    private static Session? Session(IServiceProvider services, SessionId id)
    {
        var sessions = services.GetRequiredService<FixEngineHostedService>().Sessions;
        for (var i = 0; i < sessions.Count; i++)
        {
            if (sessions[i].Id == id)
            {
                return sessions[i];
            }
        }

        return null;
    }

    private static Session? Session(IServiceProvider services, string name)
    {
        var sessions = services.GetRequiredService<FixEngineHostedService>().Sessions;
        for (var i = 0; i < sessions.Count; i++)
        {
            if (sessions[i].Id.ToString() == name)
            {
                return sessions[i];
            }
        }

        return null;
    }
}
