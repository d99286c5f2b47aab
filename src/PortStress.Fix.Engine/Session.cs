using System.Buffers;
using Microsoft.Extensions.Logging;
using PortStress.Fix.Engine.Internal;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Dictionary;
using PortStress.Fix.Protocol.Validation;

namespace PortStress.Fix.Engine;

/// <summary>
/// One FIX session: the state machine of the FIX session layer (Logon, heartbeats, sequence
/// numbers, gap recovery, resend, Reject, Logout). It is driven from outside by three inputs,
/// each under the session's lock: frames from its connection (<see cref="OnFrame(ISessionConnection, ReadOnlySpan{byte})"/>), the clock
/// (<see cref="OnTimer"/>, a pure function of <see cref="TimeProvider"/> time), and the
/// application (<see cref="Send"/>). Transport, timers and threads belong to the initiator or
/// acceptor that hosts it.
/// </summary>
public sealed partial class Session
{
    private readonly object _sync = new();
    private readonly SessionSettings _settings;
    private readonly IApplication _application;
    private readonly IMessageStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ISessionObserver? _observer;
    private readonly DataDictionary? _dictionary;
    private readonly DataDictionary? _applicationDictionary;
    private readonly MessageValidator? _validator;
    private readonly FixMessage _inbound = new();
    private readonly FixMessage _outbound = new();
    private readonly FixMessage _resend = new();
    private readonly FixWriter _writer = new();
    private readonly ArrayBufferWriter<byte> _frame = new(1024);
    private readonly byte[] _beginString;
    private readonly byte[] _senderCompId;
    private readonly byte[] _targetCompId;
    private ISessionConnection? _connection;
    // Written under the lock, read without it: State and IsLoggedOn never wait on a session busy in a callback.
    private volatile SessionState _state;
    private TimeSpan _heartBtInt;
    private DateTimeOffset _connectedAt;
    private DateTimeOffset _lastSent;
    private DateTimeOffset _lastReceived;
    private DateTimeOffset _logonSentAt;
    private long _logonSentTimestamp;
    private DateTimeOffset _logoutSentAt;
    private bool _testRequestSent;
    private bool _logonReceived;
    private bool _sentReset;
    private bool _enabled = true;

    /// <summary>Creates a session.</summary>
    /// <param name="settings">Identity, timers, reset and validation settings (validated here).</param>
    /// <param name="application">The application callbacks.</param>
    /// <param name="store">Sequence numbers and sent messages.</param>
    /// <param name="dictionary">The session's dictionary (the transport dictionary for FIXT), or null to skip validation.</param>
    /// <param name="applicationDictionary">For FIXT: the application dictionary for DefaultApplVerID.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> if null.</param>
    /// <param name="logger">Message and event log; nothing is logged if null.</param>
    /// <param name="observer">Telemetry hook, or null.</param>
    public Session(
        SessionSettings settings,
        IApplication application,
        IMessageStore store,
        DataDictionary? dictionary = null,
        DataDictionary? applicationDictionary = null,
        TimeProvider? timeProvider = null,
        ILogger? logger = null,
        ISessionObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings.Validate();
        _application = application ?? throw new ArgumentNullException(nameof(application));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = timeProvider ?? TimeProvider.System;
        _log = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _observer = observer;
        _dictionary = dictionary;
        _applicationDictionary = applicationDictionary ?? dictionary;
        if (dictionary is not null && settings.UseDataDictionary)
        {
            _validator = new MessageValidator(dictionary, _applicationDictionary!, settings.Validation with { Limits = settings.Limits });
        }

        Id = settings.SessionId;
        _beginString = Latin1(Id.BeginString);
        _senderCompId = Latin1(Id.SenderCompId);
        _targetCompId = Latin1(Id.TargetCompId);
        _heartBtInt = settings.HeartBtInt;
        _application.OnCreate(Id);
    }

    /// <summary>The session's identity.</summary>
    public SessionId Id { get; }

    /// <summary>The settings it runs with.</summary>
    public SessionSettings Settings => _settings;

    /// <summary>Where the session is in its life.</summary>
    /// <remarks>Read without the session's lock, so a caller holding a lock of its own that the session's callbacks
    /// also take (the order gate) cannot deadlock against it.</remarks>
    public SessionState State => _state;

    /// <summary>True once the Logon exchange has completed, until the session ends.</summary>
    public bool IsLoggedOn => State == SessionState.LoggedOn;

    /// <summary>True while a connection is attached.</summary>
    public bool IsConnected => Volatile.Read(ref _connection) is not null;

    /// <summary>The heartbeat interval in force (the acceptor takes it from the counterparty's Logon).</summary>
    public TimeSpan HeartBtInt => _heartBtInt;

    /// <summary>The MsgSeqNum of the next message we send.</summary>
    public int NextSenderSeqNum
    {
        get
        {
            using (Enter())
            {
                return _store.NextSenderSeqNum;
            }
        }
    }

    /// <summary>The MsgSeqNum we expect next from the counterparty.</summary>
    public int NextTargetSeqNum
    {
        get
        {
            using (Enter())
            {
                return _store.NextTargetSeqNum;
            }
        }
    }

    /// <summary>Raised (outside the lock) whenever the state changes; used by hosts to re-arm timers.</summary>
    public event Action<Session, SessionState>? StateChanged;

    private DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>
    /// Sends an application message: fills the header (8, 49, 56, 34, 52), calls ToApp, stores it
    /// and queues it on the connection. The message's header is changed in place.
    /// </summary>
    /// <param name="message">The message; its header must hold MsgType (35).</param>
    /// <returns>Sent, or why not.</returns>
    public SendOutcome Send(FixMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using (Enter())
        {
            return SendApplication(message);
        }
    }

    private SendOutcome SendApplication(FixMessage message)
    {
        if (_state != SessionState.LoggedOn || _connection is null)
        {
            return SendOutcome.NotLoggedOn;
        }

        if (_connection.PendingBytes > _settings.MaxOutboundBacklogBytes / 2)
        {
            return SendOutcome.Backpressure;
        }

        return SendSequenced(message, admin: false, replyTo: null);
    }

    /// <summary>
    /// False after <see cref="Logout"/> until <see cref="Logon"/>: an initiator does not reconnect a
    /// session that was logged out on purpose, and an acceptor refuses its Logons.
    /// </summary>
    public bool IsEnabled => Volatile.Read(ref _enabled);

    /// <summary>Enables the session again after <see cref="Logout"/> (an initiator then reconnects).</summary>
    public void Logon() => Volatile.Write(ref _enabled, true);

    /// <summary>
    /// Starts a Logout (with an optional reason) and disables the session; the connection closes
    /// when the Logout is answered or times out.
    /// </summary>
    /// <param name="reason">Text (58) for the counterparty, or null.</param>
    public void Logout(string? reason = null)
    {
        using (Enter())
        {
            Volatile.Write(ref _enabled, false);
            if (_state == SessionState.LoggedOn)
            {
                SendLogout(reason);
            }
            else if (_connection is not null)
            {
                DisconnectLocked(reason ?? "logout requested before logon completed");
            }
        }

        RaiseStateChanged();
    }

    /// <summary>
    /// Attaches a connection. An initiator sends its Logon now; an acceptor waits for the
    /// counterparty's. Returns false (and leaves the connection alone) if one is attached already.
    /// </summary>
    /// <param name="connection">The new connection.</param>
    public bool OnConnected(ISessionConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using (Enter())
        {
            if (_connection is not null)
            {
                return false;
            }

            _connection = connection;
            _connectedAt = _lastReceived = _lastSent = Now;
            _state = SessionState.LogonPending;
            _logonReceived = false;
            _testRequestSent = false;
            _sentReset = false;
            ClearRecoveryState();
            EngineLog.Connected(_log, Id, connection.RemoteEndPoint);
            if (_settings.ConnectionType == ConnectionType.Initiator)
            {
                ResetForNewPeriodIfDue();
                SendLogon(response: false);
            }
        }

        RaiseStateChanged();
        return true;
    }

    /// <summary>The connection is gone: the session ends its logon, applies ResetOnDisconnect and forgets recovery state.</summary>
    /// <param name="connection">The connection that closed (ignored if it is not the attached one).</param>
    /// <param name="initiator">Who closed it.</param>
    /// <param name="reason">Why.</param>
    public void OnDisconnected(ISessionConnection connection, DisconnectInitiator initiator, string reason)
    {
        using (Enter())
        {
            Detach(connection, initiator, reason);
        }

        RaiseStateChanged();
    }

    /// <summary>Forgets <paramref name="connection"/> if it is the attached one; idempotent.</summary>
    private void Detach(ISessionConnection connection, DisconnectInitiator initiator, string reason)
    {
        if (!ReferenceEquals(connection, _connection))
        {
            return;
        }

        var wasLoggedOn = _state is SessionState.LoggedOn or SessionState.LogoutPending;
        _connection = null;
        _state = SessionState.Disconnected;
        ClearRecoveryState();
        EngineLog.Disconnected(_log, Id, initiator, reason);
        _observer?.Disconnected(Id, initiator, reason, _time.GetTimestamp());
        if (_settings.ResetOnDisconnect)
        {
            _store.Reset(Now.UtcDateTime);
        }

        _store.Flush();
        if (wasLoggedOn)
        {
            _application.OnLogout(Id);
        }
    }

    private SessionState _reportedState;

    /// <summary>Raises <see cref="StateChanged"/> when the state differs from the last one reported.</summary>
    private void RaiseStateChanged()
    {
        var state = _state;
        if (state != _reportedState)
        {
            _reportedState = state;
            StateChanged?.Invoke(this, state);
        }
    }

    private void SetState(SessionState state) => _state = state;

    /// <summary>
    /// Closes the attached connection. The session is done with it at once: a new connection can
    /// be attached before the transport has finished closing this one, and frames the old one
    /// was still delivering are ignored.
    /// </summary>
    private void DisconnectLocked(string reason)
    {
        var connection = _connection;
        if (connection is null)
        {
            return;
        }

        Detach(connection, DisconnectInitiator.Local, reason);
        connection.Disconnect(reason);
    }

    private static byte[] Latin1(string value) => System.Text.Encoding.Latin1.GetBytes(value);
}
