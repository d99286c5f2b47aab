using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PortStress.Gateway.Admin;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the gateway's admin API.</summary>
public static class PortStressAdminServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AdminOptions"/> from <c>PortStress:Admin</c> (validated on start by
    /// <see cref="AdminOptionsValidator"/>: a non-loopback <c>Urls</c> without <c>Token</c> stops the host from starting)
    /// and the services <c>app.MapPortStressAdmin()</c> uses. The host binds its listener to
    /// <see cref="AdminOptions.Urls"/> (default <see cref="AdminOptions.DefaultUrls"/>, loopback).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root (the section <see cref="AdminOptions.SectionName"/> is read).</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddPortStressAdmin(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptionsWithValidateOnStart<AdminOptions>().Bind(configuration.GetSection(AdminOptions.SectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>());
        services.TryAddSingleton<AdminReader>();
        services.TryAddSingleton<AdminTokenFilter>();
        return services;
    }
}
