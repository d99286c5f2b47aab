using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PortStress.Control;
using PortStress.Control.Records;
using PortStress.Execution;
using PortStress.Execution.Gate;
using PortStress.Execution.Records;
using PortStress.Fix.Engine;
using PortStress.Telemetry;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the outbound child-order gate.</summary>
public static class GateServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="GateOptions"/> (validated on start by <see cref="GateOptionsValidator"/>), the
    /// <see cref="VenueSessionPool"/>, the <see cref="ChildOrderGate"/> (also as <see cref="IChildOrderSubmitter"/> and
    /// <see cref="IOrderEventSink"/>) and the <see cref="NewSessionAttemptLimiter"/> (also as
    /// <see cref="ISessionAttemptGate"/>). The gate needs an <see cref="IControlSnapshotSource"/> (from
    /// <c>AddPortStressControl</c>, or a <see cref="ControlSnapshotPublisher"/>); it uses, when registered, an
    /// <see cref="ITransportObserver"/>, a <see cref="TimeProvider"/>, <see cref="IRecordSink{T}"/>s of
    /// <see cref="ChildOrderRecord"/> and <see cref="OrderEventRecord"/>, <see cref="IMeterFactory"/> and logging.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (after any configuration binding); null to keep the defaults.</param>
    /// <returns>The options builder, to bind configuration (<c>.BindConfiguration(GateOptions.SectionName)</c>) or add checks.</returns>
    public static OptionsBuilder<GateOptions> AddPortStressGate(this IServiceCollection services, Action<GateOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<GateOptions>();
        if (configure is not null)
            builder.Configure(configure);
        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GateOptions>, GateOptionsValidator>());
        services.TryAddSingleton<VenueSessionPool>();
        services.TryAddSingleton(sp => new ChildOrderGate(
            sp.GetRequiredService<IOptions<GateOptions>>().Value,
            sp.GetRequiredService<VenueSessionPool>(),
            sp.GetRequiredService<IControlSnapshotSource>(),
            sp.GetService<ITransportObserver>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<IRecordSink<ChildOrderRecord>>(),
            sp.GetService<IRecordSink<OrderEventRecord>>(),
            sp.GetService<IMeterFactory>(),
            sp.GetService<ILogger<ChildOrderGate>>()));
        services.TryAddSingleton<IChildOrderSubmitter>(sp => sp.GetRequiredService<ChildOrderGate>());
        services.TryAddSingleton<IOrderEventSink>(sp => sp.GetRequiredService<ChildOrderGate>());
        services.TryAddSingleton(sp => new NewSessionAttemptLimiter(sp.GetRequiredService<IControlSnapshotSource>()));
        services.TryAddSingleton<ISessionAttemptGate>(sp => sp.GetRequiredService<NewSessionAttemptLimiter>());
        return builder;
    }
}
