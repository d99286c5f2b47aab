using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PortStress.Control;
using PortStress.Execution;
using PortStress.Execution.Gate;
using PortStress.Execution.Hosting;
using PortStress.Execution.Interception;
using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Hosting;
using PortStress.Telemetry;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the whole middleware in-process: engine telemetry into the ring, the controller, the gate.</summary>
public static class ExecutionServiceCollectionExtensions
{
    /// <summary>
    /// Joins the engine (<c>AddPortStressFix</c>, registered before this) to the controller and the gate: the ring's
    /// <see cref="ITransportObserver"/> and the <see cref="DestinationRegistry"/> for the initiator's connects, a
    /// <see cref="SessionTelemetryObserver"/> for logons and disconnects, the gate's attempt limiter for new-session
    /// attempts (a <see cref="VenueAwareAttemptGate"/>: a reconnect is optional while its venue has another session up), <typeparamref name="TApplication"/> behind an <see cref="OrderFlowApplication"/> (so ExecutionReports
    /// reach the gate), and the initiator sessions in the gate's pool once the engine has started. Also adds the
    /// controller (<c>AddPortStressControl</c>, section <see cref="ControlOptions.SectionName"/>) and the gate
    /// (<c>AddPortStressGate</c>, section <see cref="GateOptions.SectionName"/>). Submit child orders through
    /// <see cref="IChildOrderSubmitter"/>.
    /// </summary>
    /// <typeparam name="TApplication">The application behind every session.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root holding the PortStress sections, or null for defaults.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddPortStressExecution<TApplication>(this IServiceCollection services, IConfiguration? configuration = null)
        where TApplication : class, IApplication
    {
        ArgumentNullException.ThrowIfNull(services);
        if (configuration is null)
        {
            services.AddPortStressControl();
            services.AddPortStressGate();
            services.AddOptions<ExecutionOptions>();
        }
        else
        {
            services.AddPortStressControl(configuration.GetSection(ControlOptions.SectionName));
            services.AddPortStressGate().Configure(options => configuration.GetSection(GateOptions.SectionName).Bind(options));
            services.AddOptions<ExecutionOptions>().Configure(options => configuration.GetSection(ExecutionOptions.SectionName).Bind(options));
        }

        services.TryAddSingleton<DestinationRegistry>();
        services.TryAddSingleton<ITransportObserver>(sp => new RingTransportObserver(sp.GetRequiredService<TransportEventRing>(), sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.TryAddSingleton<ISessionObserver>(sp => new SessionTelemetryObserver(sp.GetRequiredService<ITransportObserver>(), sp.GetRequiredService<DestinationRegistry>()));
        services.TryAddSingleton<TApplication>();
        services.Replace(ServiceDescriptor.Singleton<IApplication>(sp => new OrderFlowApplication(
            sp.GetRequiredService<IOrderEventSink>(), sp.GetRequiredService<TApplication>(), sp.GetService<TimeProvider>())));
        services.Replace(ServiceDescriptor.Singleton<ISessionAttemptGate>(sp =>
        {
            var venues = sp.GetRequiredService<IOptions<ExecutionOptions>>().Value;
            return new VenueAwareAttemptGate(
                sp.GetRequiredService<NewSessionAttemptLimiter>(), sp.GetRequiredService<VenueSessionPool>(),
                session => venues.VenueOf(session.ToString(), session.TargetCompId));
        }));
        services.TryAddSingleton<VenueSessionRegistrar>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<VenueSessionRegistrar>());
        return services;
    }
}
