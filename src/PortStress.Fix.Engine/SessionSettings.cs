using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Validation;

namespace PortStress.Fix.Engine;

/// <summary>Which side opens the connection.</summary>
public enum ConnectionType
{
    /// <summary>We connect and send the first Logon.</summary>
    Initiator,

    /// <summary>We listen and answer Logons.</summary>
    Acceptor,
}

/// <summary>
/// The settings of one session. Names follow QuickFIX's keys (in brackets) so a QuickFIX
/// <c>.cfg</c> maps one to one. Validated by <see cref="Validate"/> with messages that name the
/// session and the key.
/// </summary>
public sealed record SessionSettings
{
    /// <summary>The session's identity [BeginString, SenderCompID, TargetCompID, SessionQualifier].</summary>
    public required SessionId SessionId { get; init; }

    /// <summary>Initiator or acceptor [ConnectionType].</summary>
    public ConnectionType ConnectionType { get; init; } = ConnectionType.Initiator;

    /// <summary>Heartbeat interval an initiator proposes [HeartBtInt]; an acceptor takes the counterparty's.</summary>
    public TimeSpan HeartBtInt { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>TestRequest after this many heartbeat intervals of receive silence.</summary>
    public double TestRequestMultiplier { get; init; } = 1.2;

    /// <summary>Disconnect after this many heartbeat intervals of receive silence.</summary>
    public double DisconnectMultiplier { get; init; } = 2.4;

    /// <summary>How long to wait for the Logon answer [LogonTimeout].</summary>
    public TimeSpan LogonTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for the Logout answer [LogoutTimeout].</summary>
    public TimeSpan LogoutTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Reset sequence numbers on every Logon and send ResetSeqNumFlag=Y [ResetOnLogon].</summary>
    public bool ResetOnLogon { get; init; }

    /// <summary>Reset sequence numbers after a Logout [ResetOnLogout].</summary>
    public bool ResetOnLogout { get; init; }

    /// <summary>Reset sequence numbers whenever the connection drops [ResetOnDisconnect].</summary>
    public bool ResetOnDisconnect { get; init; }

    /// <summary>Keep sent application messages for resend [PersistMessages]; if false, resends become gap fills.</summary>
    public bool PersistMessages { get; init; } = true;

    /// <summary>Check 49/56 on every message against the session [CheckCompID].</summary>
    public bool CheckCompId { get; init; } = true;

    /// <summary>Check SendingTime against the clock [CheckLatency].</summary>
    public bool CheckLatency { get; init; } = true;

    /// <summary>Largest accepted distance between SendingTime and now [MaxLatency].</summary>
    public TimeSpan MaxLatency { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Largest range asked for in one ResendRequest; 0 for no limit [MaxMessagesInResendRequest].</summary>
    public int MaxMessagesInResendRequest { get; init; }

    /// <summary>Serve resends of these message types as gap fills once older than <see cref="ResendMaxAge"/> (replaying an old order is rarely wanted).</summary>
    public IReadOnlyList<string> StaleResendMsgTypes { get; init; } = DefaultStaleResendMsgTypes;

    /// <summary>The order-entry types gap-filled by age unless configured otherwise: D, F, G, E, AB, AC.</summary>
    public static IReadOnlyList<string> DefaultStaleResendMsgTypes { get; } = ["D", "F", "G", "E", "AB", "AC"];

    /// <summary>Age past which <see cref="StaleResendMsgTypes"/> are gap-filled on resend; null to always replay.</summary>
    public TimeSpan? ResendMaxAge { get; init; }

    /// <summary>Send NextExpectedMsgSeqNum (789) on Logon [EnableNextExpectedMsgSeqNum] (FIX 4.4 and later).</summary>
    public bool EnableNextExpectedMsgSeqNum { get; init; }

    /// <summary>Logon Username (553).</summary>
    public string? Username { get; init; }

    /// <summary>Logon Password (554); never logged.</summary>
    public string? Password { get; init; }

    /// <summary>DefaultApplVerID (1137) on FIXT Logons, e.g. <c>9</c> for FIX.5.0SP2 [DefaultApplVerID].</summary>
    public string? DefaultApplVerId { get; init; }

    /// <summary>Precision of SendingTime and OrigSendingTime [TimeStampPrecision].</summary>
    public TimestampPrecision TimestampPrecision { get; init; } = TimestampPrecision.Milliseconds;

    /// <summary>Validate incoming messages against the dictionary [UseDataDictionary].</summary>
    public bool UseDataDictionary { get; init; } = true;

    /// <summary>Path of the dictionary [DataDictionary / TransportDataDictionary].</summary>
    public string? DataDictionary { get; init; }

    /// <summary>Path of the application dictionary for FIXT sessions [AppDataDictionary].</summary>
    public string? AppDataDictionary { get; init; }

    /// <summary>Relaxations of validation [AllowUnknownMsgFields, ValidateUserDefinedFields, …].</summary>
    public ValidationOptions Validation { get; init; } = ValidationOptions.Strict;

    /// <summary>Caps on untrusted input.</summary>
    public CodecLimits Limits { get; init; } = CodecLimits.Default;

    /// <summary>When the session is open; null for always (non-stop).</summary>
    public SessionSchedule? Schedule { get; init; }

    /// <summary>Most outbound bytes queued behind a slow counterparty before the session is ended with a reason.</summary>
    public int MaxOutboundBacklogBytes { get; init; } = 16 << 20;

    /// <summary>Checks the settings; throws <see cref="ArgumentException"/> naming the session and key.</summary>
    public SessionSettings Validate()
    {
        var id = SessionId;
        void Require(bool ok, string key, string why)
        {
            if (!ok)
            {
                throw new ArgumentException($"session {id}: {key} {why}", key);
            }
        }

        Require(id.BeginString is "FIX.4.2" or "FIX.4.4" or "FIXT.1.1" or "FIX.4.0" or "FIX.4.1" or "FIX.4.3", "BeginString", $"'{id.BeginString}' is not a supported version (FIX.4.2, FIX.4.4, FIXT.1.1)");
        Require(!string.IsNullOrWhiteSpace(id.SenderCompId), "SenderCompID", "is required");
        Require(!string.IsNullOrWhiteSpace(id.TargetCompId), "TargetCompID", "is required");
        Require(HeartBtInt >= TimeSpan.FromSeconds(1) && HeartBtInt <= TimeSpan.FromHours(1), "HeartBtInt", "must be between 1 s and 1 h");
        Require(TestRequestMultiplier >= 1 && DisconnectMultiplier > TestRequestMultiplier, "TestRequestMultiplier", "must be at least 1 and below DisconnectMultiplier");
        Require(LogonTimeout > TimeSpan.Zero, "LogonTimeout", "must be positive");
        Require(LogoutTimeout > TimeSpan.Zero, "LogoutTimeout", "must be positive");
        Require(MaxLatency > TimeSpan.Zero, "MaxLatency", "must be positive");
        Require(MaxMessagesInResendRequest >= 0, "MaxMessagesInResendRequest", "must not be negative");
        Require(id.BeginString != "FIXT.1.1" || !string.IsNullOrEmpty(DefaultApplVerId), "DefaultApplVerID", "is required for FIXT.1.1 sessions");
        Require(MaxOutboundBacklogBytes >= 64 << 10, "MaxOutboundBacklogBytes", "must be at least 64 KiB");
        return this;
    }
}
