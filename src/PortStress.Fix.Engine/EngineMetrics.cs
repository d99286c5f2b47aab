using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Sockets;

namespace PortStress.Fix.Engine;

/// <summary>
/// The engine's instruments on the <see cref="MeterName"/> meter, one set for all sessions (tag <c>session</c> =
/// <see cref="SessionId.ToString"/>):
/// <list type="bullet">
/// <item><c>portstress.fix.sessions</c> ({session}, observable, tag <c>state</c>) and <c>portstress.fix.session.logged_on</c>
/// (1 or 0 per session), read from the <see cref="Track">tracked</see> sessions at collection time;</item>
/// <item><c>portstress.fix.messages.sent</c> and <c>portstress.fix.messages.received</c> ({message}, tag <c>msg_type</c>);</item>
/// <item><c>portstress.fix.resend_requests</c> ({request}, tag <c>direction</c>: <c>sent</c> when we asked for a resend,
/// <c>received</c> when the counterparty did);</item>
/// <item><c>portstress.fix.logons</c> ({logon}) and <c>portstress.fix.logon.duration</c> (s, Logon sent to acknowledged);</item>
/// <item><c>portstress.fix.disconnects</c> ({disconnect}, tags <c>initiator</c> local/remote and <c>reason</c>, a small fixed set);</item>
/// <item><c>portstress.connect.duration</c> (s, tags <c>outcome</c> ok/failed and <c>error.type</c>) and
/// <c>portstress.fix.tls.handshake.duration</c> (s).</item>
/// </list>
/// Counting happens in an <see cref="ISessionObserver"/> (<see cref="Observe"/>) on the session's thread: each call checks
/// <see cref="Instrument.Enabled"/> first and allocates nothing once a session and message type have been seen. The
/// engine works without it; <c>AddPortStressFix</c> registers one with the host's <see cref="IMeterFactory"/>.
/// </summary>
public sealed class EngineMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "PortStress.Fix.Engine";

    private const int MaxMsgTypes = 256;
    private static readonly string[] SingleByteTypes = BuildSingleByteTypes();
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly double _secondsPerTick;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _received;
    private readonly Counter<long> _resendRequests;
    private readonly Counter<long> _logons;
    private readonly Histogram<double> _logonDuration;
    private readonly Counter<long> _disconnects;
    private readonly Histogram<double> _connectDuration;
    private readonly Histogram<double> _tlsDuration;
    private readonly ConcurrentDictionary<SessionId, KeyValuePair<string, object?>> _sessionTags = new();
    private readonly ConcurrentDictionary<int, string> _twoByteTypes = new();
    private readonly ConcurrentDictionary<SocketError, string> _errorNames = new();
    private readonly Lock _trackedLock = new();
    private Session[] _tracked = [];

    /// <summary>Creates the instruments.</summary>
    /// <param name="meterFactory">Creates the meter; a meter of its own (disposed with this object) when null.</param>
    /// <param name="timeProvider">The clock the engine stamps events with; the system clock when null.</param>
    public EngineMetrics(IMeterFactory? meterFactory = null, TimeProvider? timeProvider = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _secondsPerTick = 1.0 / (timeProvider ?? TimeProvider.System).TimestampFrequency;
        _sent = _meter.CreateCounter<long>("portstress.fix.messages.sent", "{message}", "FIX messages written to a connection, by session and msg_type.");
        _received = _meter.CreateCounter<long>("portstress.fix.messages.received", "{message}", "FIX messages received and accepted in sequence, by session and msg_type.");
        _resendRequests = _meter.CreateCounter<long>("portstress.fix.resend_requests", "{request}",
            "ResendRequests (35=2): direction=sent when this side asked for a resend (a gap), received when the counterparty did.");
        _logons = _meter.CreateCounter<long>("portstress.fix.logons", "{logon}", "Completed Logon exchanges, by session.");
        _logonDuration = _meter.CreateHistogram<double>("portstress.fix.logon.duration", "s", "Logon sent to Logon acknowledged.");
        _disconnects = _meter.CreateCounter<long>("portstress.fix.disconnects", "{disconnect}", "Connections ended, by session, initiator (local/remote) and reason.");
        _connectDuration = _meter.CreateHistogram<double>("portstress.connect.duration", "s", "TCP connect attempts of initiator sessions, by outcome (ok/failed) and error.type.");
        _tlsDuration = _meter.CreateHistogram<double>("portstress.fix.tls.handshake.duration", "s", "TLS handshakes of initiator sessions.");
        _meter.CreateObservableUpDownCounter("portstress.fix.sessions", SessionsByState, "{session}", "Tracked sessions by state (disconnected, logon_pending, logged_on, logout_pending).");
        _meter.CreateObservableGauge("portstress.fix.session.logged_on", LoggedOn, "{session}", "1 while a session is logged on, else 0.");
    }

    /// <summary>Adds a session to the state gauges (the hosted engine tracks every session it builds).</summary>
    /// <param name="session">The session.</param>
    public void Track(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_trackedLock)
        {
            if (Array.IndexOf(_tracked, session) < 0)
                _tracked = [.. _tracked, session];
        }
    }

    /// <summary>An observer that counts every session event and forwards it to <paramref name="inner"/>.</summary>
    /// <param name="inner">The observer to forward to (the middleware's telemetry), or null.</param>
    public ISessionObserver Observe(ISessionObserver? inner = null) => new CountingObserver(this, inner);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsMeter)
            _meter.Dispose();
    }

    /// <summary>The <c>reason</c> tag of a disconnect: a small fixed set read from the engine's reason text.</summary>
    /// <param name="initiator">Who closed the connection.</param>
    /// <param name="reason">The engine's reason text.</param>
    public static string DisconnectReasonTag(DisconnectInitiator initiator, string? reason)
    {
        var text = reason ?? string.Empty;
        if (text.StartsWith("logged out", StringComparison.Ordinal) || text.Contains("Logout", StringComparison.Ordinal)
            || text.StartsWith("logout", StringComparison.Ordinal))
            return "logout";
        if (text.Contains("Logon", StringComparison.Ordinal))
            return text.Contains("within", StringComparison.Ordinal) ? "logon_timeout" : "logon_refused";
        if (text.StartsWith("no message received", StringComparison.Ordinal))
            return "heartbeat_timeout";
        if (text.Contains("not reading", StringComparison.Ordinal))
            return "backlog";
        if (text.Contains("reset", StringComparison.OrdinalIgnoreCase))
            return "reset";
        if (text.StartsWith("connection error", StringComparison.Ordinal))
            return "error";
        if (text is "disposed" or "stopped" || text.Contains("stopping", StringComparison.OrdinalIgnoreCase))
            return "shutdown";
        return initiator == DisconnectInitiator.Remote ? "peer_closed" : "local_closed";
    }

    private KeyValuePair<string, object?> SessionTag(in SessionId session)
    {
        if (_sessionTags.TryGetValue(session, out var tag))
            return tag;
        return _sessionTags.GetOrAdd(session, static id => new KeyValuePair<string, object?>("session", id.ToString()));
    }

    private string MsgTypeTag(ReadOnlySpan<byte> msgType)
    {
        if (msgType.Length == 1)
            return SingleByteTypes[msgType[0] & 0x7F];
        if (msgType.Length == 2 && msgType[0] < 0x80 && msgType[1] < 0x80)
        {
            var key = msgType[0] << 8 | msgType[1];
            if (_twoByteTypes.TryGetValue(key, out var name))
                return name;
            if (_twoByteTypes.Count < MaxMsgTypes)
                return _twoByteTypes.GetOrAdd(key, static k => string.Concat((char)(k >> 8), (char)(k & 0xFF)));
        }
        return "other";
    }

    private static string[] BuildSingleByteTypes()
    {
        var names = new string[128];
        for (var i = 0; i < names.Length; i++)
            names[i] = i is > 0x20 and < 0x7F ? ((char)i).ToString() : "other";
        return names;
    }

    private IEnumerable<Measurement<int>> SessionsByState()
    {
        Span<int> counts = stackalloc int[4];
        foreach (var session in Volatile.Read(ref _tracked))
        {
            var state = (int)session.State;
            if ((uint)state < 4)
                counts[state]++;
        }
        return
        [
            new(counts[0], new KeyValuePair<string, object?>("state", "disconnected")),
            new(counts[1], new KeyValuePair<string, object?>("state", "logon_pending")),
            new(counts[2], new KeyValuePair<string, object?>("state", "logged_on")),
            new(counts[3], new KeyValuePair<string, object?>("state", "logout_pending")),
        ];
    }

    private IEnumerable<Measurement<int>> LoggedOn()
    {
        var tracked = Volatile.Read(ref _tracked);
        var list = new Measurement<int>[tracked.Length];
        for (var i = 0; i < tracked.Length; i++)
            list[i] = new Measurement<int>(tracked[i].IsLoggedOn ? 1 : 0, SessionTag(tracked[i].Id));
        return list;
    }

    private sealed class CountingObserver(EngineMetrics metrics, ISessionObserver? inner) : ISessionObserver
    {
        private static readonly KeyValuePair<string, object?> Ok = new("outcome", "ok");
        private static readonly KeyValuePair<string, object?> Failed = new("outcome", "failed");
        private static readonly KeyValuePair<string, object?> Sent = new("direction", "sent");
        private static readonly KeyValuePair<string, object?> Received = new("direction", "received");
        private static readonly KeyValuePair<string, object?> Local = new("initiator", "local");
        private static readonly KeyValuePair<string, object?> Remote = new("initiator", "remote");

        public void ConnectStarted(in SessionId session, string host, int port, long timestamp) =>
            inner?.ConnectStarted(session, host, port, timestamp);

        public void ConnectSucceeded(in SessionId session, string host, int port, long startTimestamp, long timestamp)
        {
            if (metrics._connectDuration.Enabled)
                metrics._connectDuration.Record((timestamp - startTimestamp) * metrics._secondsPerTick, metrics.SessionTag(session), Ok);
            inner?.ConnectSucceeded(session, host, port, startTimestamp, timestamp);
        }

        public void ConnectFailed(in SessionId session, string host, int port, SocketError socketError, int errno, long startTimestamp, long timestamp)
        {
            if (metrics._connectDuration.Enabled)
            {
                var error = metrics._errorNames.GetOrAdd(socketError, static e => e.ToString());
                metrics._connectDuration.Record((timestamp - startTimestamp) * metrics._secondsPerTick, metrics.SessionTag(session), Failed,
                    new KeyValuePair<string, object?>("error.type", error));
            }
            inner?.ConnectFailed(session, host, port, socketError, errno, startTimestamp, timestamp);
        }

        public void TlsCompleted(in SessionId session, long startTimestamp, long timestamp)
        {
            if (metrics._tlsDuration.Enabled)
                metrics._tlsDuration.Record((timestamp - startTimestamp) * metrics._secondsPerTick, metrics.SessionTag(session));
            inner?.TlsCompleted(session, startTimestamp, timestamp);
        }

        public void LogonSent(in SessionId session, long timestamp) => inner?.LogonSent(session, timestamp);

        public void LogonAcknowledged(in SessionId session, long logonSentTimestamp, long timestamp)
        {
            if (metrics._logons.Enabled)
                metrics._logons.Add(1, metrics.SessionTag(session));
            if (metrics._logonDuration.Enabled && logonSentTimestamp != 0)
                metrics._logonDuration.Record((timestamp - logonSentTimestamp) * metrics._secondsPerTick, metrics.SessionTag(session));
            inner?.LogonAcknowledged(session, logonSentTimestamp, timestamp);
        }

        public void Disconnected(in SessionId session, DisconnectInitiator initiator, string reason, long timestamp)
        {
            if (metrics._disconnects.Enabled)
            {
                metrics._disconnects.Add(1, metrics.SessionTag(session), initiator == DisconnectInitiator.Remote ? Remote : Local,
                    new KeyValuePair<string, object?>("reason", DisconnectReasonTag(initiator, reason)));
            }
            inner?.Disconnected(session, initiator, reason, timestamp);
        }

        public void MessageSent(in SessionId session, ReadOnlySpan<byte> msgType, int seqNum, long timestamp)
        {
            Count(metrics._sent, session, msgType, Sent);
            inner?.MessageSent(session, msgType, seqNum, timestamp);
        }

        public void MessageReceived(in SessionId session, ReadOnlySpan<byte> msgType, int seqNum, long timestamp)
        {
            Count(metrics._received, session, msgType, Received);
            inner?.MessageReceived(session, msgType, seqNum, timestamp);
        }

        // A message in or out; a ResendRequest (35=2) also counts as a resend request in that direction.
        private void Count(Counter<long> messages, in SessionId session, ReadOnlySpan<byte> msgType, KeyValuePair<string, object?> direction)
        {
            if (messages.Enabled)
                messages.Add(1, metrics.SessionTag(session), new KeyValuePair<string, object?>("msg_type", metrics.MsgTypeTag(msgType)));
            if (msgType.Length == 1 && msgType[0] == (byte)'2' && metrics._resendRequests.Enabled)
                metrics._resendRequests.Add(1, metrics.SessionTag(session), direction);
        }
    }
}
