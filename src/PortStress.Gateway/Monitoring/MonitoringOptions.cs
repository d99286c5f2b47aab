namespace PortStress.Gateway.Monitoring;

/// <summary>
/// Metrics export (section <see cref="SectionName"/>): the PortStress meters go to a Prometheus scrape endpoint on the
/// admin listener (loopback by default) and, when an endpoint is configured, to an OTLP collector.
/// </summary>
public sealed class MonitoringOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "PortStress:Monitoring";

    /// <summary>The meters exported: every PortStress meter (a wildcard OpenTelemetry understands).</summary>
    public const string PortStressMeters = "PortStress.*";

    /// <summary>The Prometheus scrape endpoint.</summary>
    public PrometheusOptions Prometheus { get; set; } = new();

    /// <summary>The OTLP exporter.</summary>
    public OtlpOptions Otlp { get; set; } = new();

    /// <summary>The <c>service.name</c> resource attribute. Default <c>portstress</c>.</summary>
    public string ServiceName { get; set; } = "portstress";

    /// <summary>Further meters to export (e.g. <c>System.Runtime</c>, <c>Microsoft.AspNetCore.Hosting</c>).</summary>
    public IList<string> AdditionalMeters { get; } = [];
}

/// <summary>The Prometheus scrape endpoint.</summary>
public sealed class PrometheusOptions
{
    /// <summary>Serve the scrape endpoint. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Its path on the admin listener. Default <c>/metrics</c>.</summary>
    public string Path { get; set; } = "/metrics";

    /// <summary>How long a scrape's response is reused for concurrent scrapes, in milliseconds. Default 0 (never reused).</summary>
    public int CacheMilliseconds { get; set; }
}

/// <summary>The OTLP exporter: on when <see cref="Endpoint"/> is set (or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is).</summary>
public sealed class OtlpOptions
{
    /// <summary>The collector, e.g. <c>http://127.0.0.1:4317</c> (gRPC) or <c>http://127.0.0.1:4318/v1/metrics</c> (HTTP).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string Protocol { get; set; } = "grpc";

    /// <summary>How often metrics are pushed. Default 15 s.</summary>
    public TimeSpan ExportInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Extra headers, <c>key=value</c> pairs separated by commas (e.g. an API key for a hosted collector).</summary>
    public string? Headers { get; set; }
}
