using System.Collections.Concurrent;
using System.Net;
using PortStress.Fix.Engine;
using PortStress.Telemetry;

namespace PortStress.Execution.Interception;

/// <summary>
/// Joins the engine's session events to the telemetry ring: logon sent and acknowledged (logon latency) and
/// disconnects (with a classified reason) become <see cref="ITransportObserver"/> events for the session's current
/// destination. Connect attempts are not repeated here: the initiator's instrumented connector already reports
/// them (with errno) to the same observer. Other hooks pass through to an inner observer, if any.
/// </summary>
public sealed class SessionTelemetryObserver : ISessionObserver
{
    private readonly ITransportObserver _transport;
    private readonly DestinationRegistry _registry;
    private readonly ISessionObserver? _inner;
    private readonly ConcurrentDictionary<SessionId, SessionEntry> _sessions = new();
    private long _nextSessionKey;

    /// <summary>Creates the observer.</summary>
    /// <param name="transport">The ring-backed transport observer.</param>
    /// <param name="registry">The destination registry shared with the initiator's connector.</param>
    /// <param name="inner">Another observer to forward every hook to, or null.</param>
    public SessionTelemetryObserver(ITransportObserver transport, DestinationRegistry registry, ISessionObserver? inner = null)
    {
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _inner = inner;
    }

    /// <summary>The destination <paramref name="session"/> last connected to (default before its first connect).</summary>
    /// <param name="session">The session.</param>
    public DestinationId DestinationOf(in SessionId session) => _sessions.TryGetValue(session, out var e) ? e.Destination : default;

    /// <inheritdoc />
    public void ConnectStarted(in SessionId session, string host, int port, long timestamp) =>
        _inner?.ConnectStarted(session, host, port, timestamp);

    /// <inheritdoc />
    public void ConnectSucceeded(in SessionId session, string host, int port, long startTimestamp, long timestamp)
    {
        var entry = Entry(session);
        if (IPAddress.TryParse(host, out var address))
        {
            entry.Destination = _registry.GetOrAdd(DestinationKey.FromEndPoint(new IPEndPoint(address, port)));
        }

        _inner?.ConnectSucceeded(session, host, port, startTimestamp, timestamp);
    }

    /// <inheritdoc />
    public void ConnectFailed(in SessionId session, string host, int port, System.Net.Sockets.SocketError socketError, int errno, long startTimestamp, long timestamp) =>
        _inner?.ConnectFailed(session, host, port, socketError, errno, startTimestamp, timestamp);

    /// <inheritdoc />
    public void TlsCompleted(in SessionId session, long startTimestamp, long timestamp) =>
        _inner?.TlsCompleted(session, startTimestamp, timestamp);

    /// <inheritdoc />
    public void LogonSent(in SessionId session, long timestamp)
    {
        var entry = Entry(session);
        _transport.LogonSent(entry.Destination, entry.Key);
        _inner?.LogonSent(session, timestamp);
    }

    /// <inheritdoc />
    public void LogonAcknowledged(in SessionId session, long logonSentTimestamp, long timestamp)
    {
        var entry = Entry(session);
        _transport.LogonAcked(entry.Destination, entry.Key, logonSentTimestamp);
        _inner?.LogonAcknowledged(session, logonSentTimestamp, timestamp);
    }

    /// <inheritdoc />
    public void Disconnected(in SessionId session, DisconnectInitiator initiator, string reason, long timestamp)
    {
        var entry = Entry(session);
        _transport.Disconnected(entry.Destination, entry.Key, Classify(initiator, reason), 0);
        _inner?.Disconnected(session, initiator, reason, timestamp);
    }

    /// <inheritdoc />
    public void MessageSent(in SessionId session, ReadOnlySpan<byte> msgType, int seqNum, long timestamp) =>
        _inner?.MessageSent(session, msgType, seqNum, timestamp);

    /// <inheritdoc />
    public void MessageReceived(in SessionId session, ReadOnlySpan<byte> msgType, int seqNum, long timestamp) =>
        _inner?.MessageReceived(session, msgType, seqNum, timestamp);

    /// <summary>Maps the engine's disconnect text onto the telemetry's reasons.</summary>
    /// <param name="initiator">Which side closed.</param>
    /// <param name="reason">The engine's reason text.</param>
    public static DisconnectReason Classify(DisconnectInitiator initiator, string? reason)
    {
        var text = reason ?? string.Empty;
        if (text.Contains("reset", StringComparison.OrdinalIgnoreCase))
        {
            return DisconnectReason.Reset;
        }

        if (text.Contains("Logon refused", StringComparison.OrdinalIgnoreCase) || text.Contains("invalid Logon", StringComparison.OrdinalIgnoreCase))
        {
            return DisconnectReason.LogonRejected;
        }

        if (text.Contains(" within ", StringComparison.Ordinal) || text.StartsWith("no message received", StringComparison.Ordinal)
            || text.Contains("timed out", StringComparison.OrdinalIgnoreCase))
        {
            return DisconnectReason.Timeout;
        }

        if (text.StartsWith("connection error", StringComparison.Ordinal))
        {
            return DisconnectReason.Error;
        }

        return initiator == DisconnectInitiator.Remote ? DisconnectReason.PeerClose : DisconnectReason.LocalClose;
    }

    private SessionEntry Entry(in SessionId session)
    {
        if (_sessions.TryGetValue(session, out var entry))
        {
            return entry;
        }

        return _sessions.GetOrAdd(session, _ => new SessionEntry(Interlocked.Increment(ref _nextSessionKey)));
    }

    private sealed class SessionEntry(long key)
    {
        public long Key { get; } = key;

        public DestinationId Destination { get; set; }
    }
}
