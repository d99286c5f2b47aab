using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using PortStress.Telemetry.Connect;

namespace PortStress.Fix.Engine;

/// <summary>A host and port an initiator session can connect to [SocketConnectHost, SocketConnectPort, and the numbered failovers].</summary>
/// <param name="Host">Name or address (IPv4 or IPv6).</param>
/// <param name="Port">TCP port.</param>
public readonly record struct ConnectTarget(string Host, int Port)
{
    /// <inheritdoc />
    public override string ToString() => $"{Host}:{Port}";
}

/// <summary>Full-jitter exponential backoff between connect attempts; the first attempt after a disconnect is immediate.</summary>
public sealed record ReconnectPolicy
{
    /// <summary>The first backoff ceiling [ReconnectInterval in QuickFIX is a fixed interval; here it is the base].</summary>
    public TimeSpan Base { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Growth of the ceiling per failed attempt.</summary>
    public double Multiplier { get; init; } = 2;

    /// <summary>The largest ceiling.</summary>
    public TimeSpan Cap { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The delay before attempt <paramref name="failures"/> + 1: uniform in [0, min(Cap, Base × Multiplier^(failures-1))], zero after no failure.</summary>
    /// <param name="failures">Consecutive failed attempts so far.</param>
    /// <param name="random">Source of jitter.</param>
    public TimeSpan Delay(int failures, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (failures <= 0)
        {
            return TimeSpan.Zero;
        }

        var ceiling = Math.Min(Cap.TotalMilliseconds, Base.TotalMilliseconds * Math.Pow(Multiplier, Math.Min(failures - 1, 60)));
        return TimeSpan.FromMilliseconds(random.NextDouble() * ceiling);
    }
}

/// <summary>TLS for an initiator session [SSLEnable, SSLServerName, SSLCertificate, SSLValidateCertificates].</summary>
public sealed record TlsClientOptions
{
    /// <summary>The name the server certificate must carry (default: the host connected to).</summary>
    public string? ServerName { get; init; }

    /// <summary>A client certificate, or null.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Check the server certificate chain and name (default true; turn off only for tests).</summary>
    public bool ValidateServerCertificate { get; init; } = true;

    internal SslClientAuthenticationOptions ToSsl(string host) => new()
    {
        TargetHost = ServerName ?? host,
        ClientCertificates = ClientCertificate is null ? null : [ClientCertificate],
        RemoteCertificateValidationCallback = ValidateServerCertificate ? null : (_, _, _, _) => true,
    };
}

/// <summary>One initiator session: its settings and where and how to connect.</summary>
public sealed record InitiatorSessionOptions
{
    /// <summary>The session.</summary>
    public required Session Session { get; init; }

    /// <summary>Primary target first, then failovers, tried in turn.</summary>
    public required IReadOnlyList<ConnectTarget> Targets { get; init; }

    /// <summary>Backoff between attempts.</summary>
    public ReconnectPolicy Reconnect { get; init; } = new();

    /// <summary>Connect timeout (default 5 s, not the kernel's two minutes), local bind address, source-port window.</summary>
    public ConnectorOptions Connector { get; init; } = new() { ConnectTimeout = TimeSpan.FromSeconds(5) };

    /// <summary>TLS, or null for plain TCP.</summary>
    public TlsClientOptions? Tls { get; init; }
}
