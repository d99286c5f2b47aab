using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Hosting;
using PortStress.Fix.Engine.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PortStress FIX engine with a host.</summary>
public static class PortStressFixServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="FixEngineOptions"/> (validated when the host starts: DataAnnotations and
    /// <see cref="FixEngineOptionsValidator"/>) and the <see cref="FixEngineHostedService"/> that runs
    /// the sessions. An <see cref="IApplication"/> must be registered too.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options in code, or null.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddPortStressFix(this IServiceCollection services, Action<FixEngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptionsWithValidateOnStart<FixEngineOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FixEngineOptions>, FixEngineOptionsAnnotations>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FixEngineOptions>, FixEngineOptionsValidator>(_ => new FixEngineOptionsValidator()));
        return AddHostedEngine(services);
    }

    /// <summary>
    /// Registers the engine with its options bound from a configuration section (e.g.
    /// <c>configuration.GetSection("PortStressFix")</c>); keys in the section that bind to nothing are
    /// reported as validation errors, not skipped.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the engine's options.</param>
    /// <param name="configure">Further changes in code after binding, or null.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddPortStressFix(this IServiceCollection services, IConfiguration configuration, Action<FixEngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddOptionsWithValidateOnStart<FixEngineOptions>()
            .Configure(options => configuration.Bind(options));
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FixEngineOptions>, FixEngineOptionsAnnotations>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FixEngineOptions>, FixEngineOptionsValidator>(_ => new FixEngineOptionsValidator(configuration)));
        return AddHostedEngine(services);
    }

    private static IServiceCollection AddHostedEngine(IServiceCollection services)
    {
        services.TryAddSingleton(sp => new EngineMetrics(sp.GetService<IMeterFactory>(), sp.GetService<TimeProvider>()));
        services.TryAddSingleton<FixEngineHostedService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, FixEngineHostedService>(sp => sp.GetRequiredService<FixEngineHostedService>()));
        return services;
    }
}
