using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PortStress.Control;
using PortStress.Control.Hosting;
using PortStress.Control.Loop;
using PortStress.Control.Policy;
using PortStress.Control.Records;
using PortStress.Telemetry;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the port-stress controller with a host.</summary>
public static class PortStressControlServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ControlOptions"/> (validated when the host starts by <see cref="ControlOptionsValidator"/>),
    /// the <see cref="TransportEventRing"/> (unless one is registered already: the interceptor produces into it),
    /// the <see cref="ControlSnapshotPublisher"/> (also as <see cref="IControlSnapshotSource"/>, what the gate reads),
    /// the <see cref="ControlPolicy"/>, the <see cref="ControlLoop"/> and the <see cref="ControlHostedService"/> that
    /// runs it. Records go to registered <see cref="IRecordSink{T}"/>s of <see cref="TickRecord"/> and
    /// <see cref="TransitionRecord"/>, or else to JSON-lines files in <see cref="ControlOptions.RecordsDirectory"/> when set.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options in code, or null.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddPortStressControl(this IServiceCollection services, Action<ControlOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptionsWithValidateOnStart<ControlOptions>();
        if (configure is not null)
            builder.Configure(configure);
        return AddCore(services);
    }

    /// <summary>
    /// Registers the controller with its options bound from a configuration section (e.g.
    /// <c>configuration.GetSection(ControlOptions.SectionName)</c>; the fragment <c>portstress train</c> writes binds
    /// here), then changed by <paramref name="configure"/>. See the other overload for what is registered.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the controller's options.</param>
    /// <param name="configure">Further changes in code after binding, or null.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddPortStressControl(this IServiceCollection services, IConfiguration configuration, Action<ControlOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddOptionsWithValidateOnStart<ControlOptions>().Configure(options => configuration.Bind(options));
        if (configure is not null)
            builder.Configure(configure);
        return AddCore(services);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ControlOptions>, ControlOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ControlOptions>>().Value;
            return new TransportEventRing(options.RingCapacity, options.RingSpinLimit, options.RingWakeBacklog);
        });
        services.TryAddSingleton<ControlSnapshotPublisher>();
        services.TryAddSingleton<IControlSnapshotSource>(sp => sp.GetRequiredService<ControlSnapshotPublisher>());
        services.TryAddSingleton(sp => new ControlPolicy(sp.GetRequiredService<IOptions<ControlOptions>>().Value.Policy));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ControlOptions>>().Value;
            var ticks = sp.GetService<IRecordSink<TickRecord>>();
            var transitions = sp.GetService<IRecordSink<TransitionRecord>>();
            if (options.RecordsDirectory is { Length: > 0 } directory && (ticks is null || transitions is null))
            {
                var writers = sp.GetRequiredService<ControlRecordWriters>();
                ticks ??= writers.Ticks;
                transitions ??= writers.Transitions;
            }
            return new ControlLoop(
                sp.GetRequiredService<TransportEventRing>(), options, sp.GetRequiredService<ControlSnapshotPublisher>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<ControlLoop>>(), sp.GetService<IMeterFactory>(),
                ticks, transitions, sp.GetService<DestinationRegistry>());
        });
        services.TryAddSingleton(sp => new ControlRecordWriters(
            sp.GetRequiredService<IOptions<ControlOptions>>().Value.RecordsDirectory
            ?? throw new InvalidOperationException($"{ControlOptions.SectionName}:RecordsDirectory is not set.")));
        services.TryAddSingleton<ControlHostedService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ControlHostedService>(sp => sp.GetRequiredService<ControlHostedService>()));
        return services;
    }
}
