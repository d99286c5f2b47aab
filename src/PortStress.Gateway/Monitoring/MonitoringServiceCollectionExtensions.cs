using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using PortStress.Gateway.Monitoring;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the metrics export of the gateway.</summary>
public static class PortStressMonitoringServiceCollectionExtensions
{
    /// <summary>
    /// Exports every PortStress meter (<see cref="MonitoringOptions.PortStressMeters"/>) through OpenTelemetry: a
    /// Prometheus scrape endpoint (mapped on the admin listener by <c>app.MapPortStressAdmin()</c>, path
    /// <c>PortStress:Monitoring:Prometheus:Path</c>, default <c>/metrics</c>) and, when
    /// <c>PortStress:Monitoring:Otlp:Endpoint</c> (or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) is set, an OTLP exporter.
    /// Also registers <see cref="System.Diagnostics.Metrics.IMeterFactory"/>, which the engine, controller and gate
    /// create their meters with. <c>dotnet-counters</c> reads the same meters with no part of this.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root (the section <see cref="MonitoringOptions.SectionName"/> is read).</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddPortStressMonitoring(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new MonitoringOptions();
        configuration.GetSection(MonitoringOptions.SectionName).Bind(options);
        services.AddOptions<MonitoringOptions>().Bind(configuration.GetSection(MonitoringOptions.SectionName));
        var otlpEndpoint = options.Otlp.Endpoint
            ?? (Uri.TryCreate(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"], UriKind.Absolute, out var fromEnvironment) ? fromEnvironment : null);

        services.AddMetrics();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(MonitoringOptions.PortStressMeters);
                foreach (var meter in options.AdditionalMeters)
                    metrics.AddMeter(meter);
                if (options.Prometheus.Enabled)
                {
                    metrics.AddPrometheusExporter(prometheus =>
                    {
                        prometheus.ScrapeEndpointPath = options.Prometheus.Path;
                        prometheus.ScrapeResponseCacheDurationMilliseconds = options.Prometheus.CacheMilliseconds;
                    });
                }
                if (otlpEndpoint is not null)
                {
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        exporter.Endpoint = otlpEndpoint;
                        exporter.Protocol = string.Equals(options.Otlp.Protocol, "http/protobuf", StringComparison.OrdinalIgnoreCase)
                            ? OtlpExportProtocol.HttpProtobuf
                            : OtlpExportProtocol.Grpc;
                        if (options.Otlp.Headers is { Length: > 0 } headers)
                            exporter.Headers = headers;
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.Otlp.ExportInterval.TotalMilliseconds;
                    });
                }
            });
        return services;
    }
}
