using PortStress.Fix.Engine.Stores;
using PortStress.Telemetry.Connect;

namespace PortStress.Fix.Engine;

/// <summary>
/// Everything needed to run one session, as read from a QuickFIX <c>.cfg</c>
/// (<see cref="QuickFixConfigReader"/>) or from <see cref="FixEngineOptions"/>
/// (<see cref="FixEngineOptionsMapper"/>): both produce the same records.
/// </summary>
public sealed record EngineSessionConfig
{
    /// <summary>The session's settings (identity, timers, resets, validation, schedule, dictionary paths).</summary>
    public required SessionSettings Settings { get; init; }

    /// <summary>Where the session was defined: <c>file:line</c> of its [SESSION] header, or its options path (<c>Sessions[1]</c>).</summary>
    public string Origin { get; init; } = string.Empty;

    /// <summary>Initiator: the primary target then the failovers, tried in turn [SocketConnectHost/Port, SocketConnectHost1..n/Port1..n]; empty for acceptors.</summary>
    public IReadOnlyList<ConnectTarget> Targets { get; init; } = [];

    /// <summary>Initiator: backoff between connect attempts [ReconnectInterval, ReconnectBackoffMultiplier, ReconnectMaxInterval].</summary>
    public ReconnectPolicy Reconnect { get; init; } = new();

    /// <summary>Initiator: local bind, source-port window and connect timeout [SocketLocalHost, SocketBindAddressNoPort, SocketLocalPortRange, ConnectTimeout].</summary>
    public ConnectorOptions Connector { get; init; } = new() { ConnectTimeout = TimeSpan.FromSeconds(5) };

    /// <summary>Initiator: TLS, or null for plain TCP [SSLEnable, SSLServerName, SSLCertificate, SSLCertificatePassword, SSLValidateCertificates].</summary>
    public TlsClientOptions? Tls { get; init; }

    /// <summary>Acceptor: where and how to listen [SocketAcceptHost, SocketAcceptPort, SSLEnable, SSLCertificate, SSLRequireClientCertificate]; null for initiators.</summary>
    public AcceptorOptions? Acceptor { get; init; }

    /// <summary>The folder of a <see cref="FileStore"/>, or null for a <see cref="MemoryStore"/> [FileStorePath].</summary>
    public string? FileStorePath { get; init; }

    /// <summary>When the file store fsyncs [FileStoreFlushPolicy].</summary>
    public StoreFlushPolicy FileStoreFlushPolicy { get; init; } = StoreFlushPolicy.Batched;

    /// <summary>The QuickFIX log folder, recorded only: the engine logs through <c>ILogger</c> [FileLogPath].</summary>
    public string? FileLogPath { get; init; }

    /// <summary>Opens the session's store: a <see cref="FileStore"/> in <see cref="FileStorePath"/>, or a new <see cref="MemoryStore"/>.</summary>
    /// <param name="timeProvider">The store's clock; <see cref="TimeProvider.System"/> when null.</param>
    public IMessageStore CreateStore(TimeProvider? timeProvider = null) =>
        FileStorePath is { } folder
            ? new FileStore(folder, FileStore.FileNameFor(Settings.SessionId), FileStoreFlushPolicy, timeProvider: timeProvider)
            : new MemoryStore(timeProvider: timeProvider);
}
