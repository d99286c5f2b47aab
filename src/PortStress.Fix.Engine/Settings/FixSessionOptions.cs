namespace PortStress.Fix.Engine;

/// <summary>
/// One session as options. Property names are the QuickFIX keys (configuration binding ignores
/// case); a null property is unset and takes the default. Values are parsed and checked by the same
/// code as a QuickFIX file (<see cref="FixEngineOptionsMapper"/>).
/// </summary>
public sealed class FixSessionOptions
{
    // Identity

    /// <summary><c>initiator</c> or <c>acceptor</c> (required).</summary>
    public string? ConnectionType { get; set; }

    /// <summary>FIX.4.0 .. FIX.4.4 or FIXT.1.1 (required).</summary>
    public string? BeginString { get; set; }

    /// <summary>Our CompID (required).</summary>
    public string? SenderCompID { get; set; }

    /// <summary>The counterparty's CompID (required).</summary>
    public string? TargetCompID { get; set; }

    /// <summary>Tells apart sessions with the same CompIDs.</summary>
    public string? SessionQualifier { get; set; }

    // Session protocol

    /// <summary>Heartbeat interval in whole seconds, 1..3600 (default 30).</summary>
    public int? HeartBtInt { get; set; }

    /// <summary>Seconds to wait for the Logon answer (default 10).</summary>
    public double? LogonTimeout { get; set; }

    /// <summary>Seconds to wait for the Logout answer (default 2).</summary>
    public double? LogoutTimeout { get; set; }

    /// <summary>Reset sequence numbers on every Logon (default false).</summary>
    public bool? ResetOnLogon { get; set; }

    /// <summary>Reset sequence numbers after a Logout (default false).</summary>
    public bool? ResetOnLogout { get; set; }

    /// <summary>Reset sequence numbers when the connection drops (default false).</summary>
    public bool? ResetOnDisconnect { get; set; }

    /// <summary>Not supported: only false is accepted (the store is read once at start).</summary>
    public bool? RefreshOnLogon { get; set; }

    /// <summary>Keep sent application messages for resend (default true).</summary>
    public bool? PersistMessages { get; set; }

    /// <summary>Check 49/56 on every message (default true).</summary>
    public bool? CheckCompID { get; set; }

    /// <summary>Check SendingTime against the clock (default true).</summary>
    public bool? CheckLatency { get; set; }

    /// <summary>Largest accepted SendingTime distance in seconds (default 120).</summary>
    public double? MaxLatency { get; set; }

    /// <summary>Largest range asked for in one ResendRequest; 0 for no limit (default 0).</summary>
    public int? MaxMessagesInResendRequest { get; set; }

    /// <summary>TestRequest after this many heartbeat intervals of receive silence (default 1.2).</summary>
    public double? TestRequestMultiplier { get; set; }

    /// <summary>Disconnect after this many heartbeat intervals of receive silence (default 2.4).</summary>
    public double? DisconnectMultiplier { get; set; }

    /// <summary>Seconds after which resends of StaleResendMsgTypes become gap fills (default: always replay).</summary>
    public double? ResendMaxAge { get; set; }

    /// <summary>Comma-separated MsgTypes that ResendMaxAge applies to (default D,F,G,E,AB,AC).</summary>
    public string? StaleResendMsgTypes { get; set; }

    /// <summary>Outbound bytes queued behind a slow counterparty before the session ends (default 16 MiB).</summary>
    public int? MaxOutboundBacklogBytes { get; set; }

    /// <summary>Not supported: only false is accepted (one ResendRequest per gap).</summary>
    public bool? SendRedundantResendRequests { get; set; }

    /// <summary>Send NextExpectedMsgSeqNum (789) on Logon (default false).</summary>
    public bool? EnableNextExpectedMsgSeqNum { get; set; }

    /// <summary>SECOND, MILLISECOND (default), MICROSECOND or NANOSECOND.</summary>
    public string? TimeStampPrecision { get; set; }

    /// <summary>FIXT only (required there): a name such as FIX.5.0SP2 or FIX50SP2, or the number (9).</summary>
    public string? DefaultApplVerID { get; set; }

    /// <summary>Logon Username (553).</summary>
    public string? Username { get; set; }

    /// <summary>Logon Password (554); never logged.</summary>
    public string? Password { get; set; }

    // Dictionaries and validation

    /// <summary>Validate incoming messages against the dictionary (default true; a dictionary is then required).</summary>
    public bool? UseDataDictionary { get; set; }

    /// <summary>FIX.4.x: path of the dictionary.</summary>
    public string? DataDictionary { get; set; }

    /// <summary>FIXT: path of the transport dictionary.</summary>
    public string? TransportDataDictionary { get; set; }

    /// <summary>FIXT: path of the application dictionary.</summary>
    public string? AppDataDictionary { get; set; }

    /// <summary>Reject fields out of header/body/trailer order (default true).</summary>
    public bool? ValidateFieldsOutOfOrder { get; set; }

    /// <summary>Reject empty fields (default true).</summary>
    public bool? ValidateFieldsHaveValues { get; set; }

    /// <summary>Reject undefined tags of 5000 and above (default true).</summary>
    public bool? ValidateUserDefinedFields { get; set; }

    /// <summary>Accept known tags not defined for the message type (default false).</summary>
    public bool? AllowUnknownMsgFields { get; set; }

    /// <summary>Reject group fields out of order (default true; must equal ValidateFieldsOutOfOrder when both are set).</summary>
    public bool? ValidateUnorderedGroupFields { get; set; }

    // Schedule

    /// <summary>Opening time of day HH:MM:SS (required unless NonStopSession).</summary>
    public string? StartTime { get; set; }

    /// <summary>Closing time of day HH:MM:SS (required unless NonStopSession).</summary>
    public string? EndTime { get; set; }

    /// <summary>Weekly session: the opening day.</summary>
    public string? StartDay { get; set; }

    /// <summary>Weekly session: the closing day.</summary>
    public string? EndDay { get; set; }

    /// <summary>Daily session: comma-separated days it opens (default every day).</summary>
    public string? Weekdays { get; set; }

    /// <summary>Zone of StartTime/EndTime, e.g. America/New_York (default UTC).</summary>
    public string? TimeZone { get; set; }

    /// <summary>Always open; no schedule (default false).</summary>
    public bool? NonStopSession { get; set; }

    // Store and log

    /// <summary>Folder of the file store; none for a memory store.</summary>
    public string? FileStorePath { get; set; }

    /// <summary>EveryMessage, Batched (default) or OperatingSystem.</summary>
    public string? FileStoreFlushPolicy { get; set; }

    /// <summary>Recorded only: the engine logs through ILogger.</summary>
    public string? FileLogPath { get; set; }

    // Initiator

    /// <summary>Initiator: primary host (required for initiators).</summary>
    public string? SocketConnectHost { get; set; }

    /// <summary>Initiator: primary port, 1..65535 (required for initiators).</summary>
    public int? SocketConnectPort { get; set; }

    /// <summary>Initiator: first backoff ceiling in seconds (default 0.5).</summary>
    public double? ReconnectInterval { get; set; }

    /// <summary>Initiator: growth of the backoff ceiling per failed attempt, 1..100 (default 2).</summary>
    public double? ReconnectBackoffMultiplier { get; set; }

    /// <summary>Initiator: largest backoff ceiling in seconds (default 30).</summary>
    public double? ReconnectMaxInterval { get; set; }

    /// <summary>Initiator: local IP address to connect from.</summary>
    public string? SocketLocalHost { get; set; }

    /// <summary>Initiator: with SocketLocalHost, let connect() pick the port per destination (default true).</summary>
    public bool? SocketBindAddressNoPort { get; set; }

    /// <summary>Initiator: source-port window <c>first-last</c>.</summary>
    public string? SocketLocalPortRange { get; set; }

    /// <summary>Initiator: seconds before a connect attempt is abandoned (default 5).</summary>
    public double? ConnectTimeout { get; set; }

    /// <summary>Initiator: name the server certificate must carry (default the host).</summary>
    public string? SSLServerName { get; set; }

    /// <summary>Initiator: check the server certificate (default true).</summary>
    public bool? SSLValidateCertificates { get; set; }

    // Acceptor

    /// <summary>Acceptor: local IP address to listen on (default any).</summary>
    public string? SocketAcceptHost { get; set; }

    /// <summary>Acceptor: port, 0..65535; 0 picks a free one (required for acceptors).</summary>
    public int? SocketAcceptPort { get; set; }

    /// <summary>Acceptor: require and check a client certificate (default false).</summary>
    public bool? SSLRequireClientCertificate { get; set; }

    // TLS

    /// <summary>Use TLS (default false).</summary>
    public bool? SSLEnable { get; set; }

    /// <summary>Client certificate (initiator) or server certificate (acceptor): .pfx/.p12, or .pem/.crt holding the key.</summary>
    public string? SSLCertificate { get; set; }

    /// <summary>Password of a .pfx certificate; never logged.</summary>
    public string? SSLCertificatePassword { get; set; }

    /// <summary>Initiator: failover targets, tried in order after the primary (QuickFIX: SocketConnectHost1/SocketConnectPort1, ...).</summary>
    public IList<ConnectTargetOptions> Failover { get; } = new List<ConnectTargetOptions>();
}
