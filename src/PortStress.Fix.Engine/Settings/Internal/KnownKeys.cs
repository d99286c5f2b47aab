using System.Globalization;

namespace PortStress.Fix.Engine.Internal;

/// <summary>Every key the readers accept, spelt as QuickFIX documents them (keys are case-sensitive).</summary>
internal static class KnownKeys
{
    public const string ConnectHost = "SocketConnectHost";
    public const string ConnectPort = "SocketConnectPort";

    /// <summary>The keys, grouped as in docs/configuration.md.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        // Identity
        "ConnectionType", "BeginString", "SenderCompID", "TargetCompID", "SessionQualifier",

        // Session protocol
        "HeartBtInt", "LogonTimeout", "LogoutTimeout", "ResetOnLogon", "ResetOnLogout", "ResetOnDisconnect",
        "RefreshOnLogon", "PersistMessages", "CheckCompID", "CheckLatency", "MaxLatency",
        "MaxMessagesInResendRequest", "SendRedundantResendRequests", "EnableNextExpectedMsgSeqNum",
        "TimeStampPrecision", "DefaultApplVerID", "Username", "Password",
        "TestRequestMultiplier", "DisconnectMultiplier", "ResendMaxAge", "StaleResendMsgTypes", "MaxOutboundBacklogBytes",

        // Dictionaries and validation
        "UseDataDictionary", "DataDictionary", "TransportDataDictionary", "AppDataDictionary",
        "ValidateFieldsOutOfOrder", "ValidateFieldsHaveValues", "ValidateUserDefinedFields",
        "AllowUnknownMsgFields", "ValidateUnorderedGroupFields",

        // Schedule
        "StartTime", "EndTime", "StartDay", "EndDay", "Weekdays", "TimeZone", "NonStopSession",

        // Store and log
        "FileStorePath", "FileStoreFlushPolicy", "FileLogPath",

        // Initiator
        ConnectHost, ConnectPort, "ReconnectInterval", "ReconnectBackoffMultiplier", "ReconnectMaxInterval",
        "SocketLocalHost", "SocketBindAddressNoPort", "SocketLocalPortRange", "ConnectTimeout",
        "SSLServerName", "SSLValidateCertificates",

        // Acceptor
        "SocketAcceptHost", "SocketAcceptPort", "SSLRequireClientCertificate",

        // TLS (both)
        "SSLEnable", "SSLCertificate", "SSLCertificatePassword",
    ];

    /// <summary>Keys that mean something only to initiators.</summary>
    public static readonly IReadOnlySet<string> InitiatorOnly = new HashSet<string>(StringComparer.Ordinal)
    {
        ConnectHost, ConnectPort, "ReconnectInterval", "ReconnectBackoffMultiplier", "ReconnectMaxInterval",
        "SocketLocalHost", "SocketBindAddressNoPort", "SocketLocalPortRange", "ConnectTimeout",
        "SSLServerName", "SSLValidateCertificates",
    };

    /// <summary>Keys that mean something only to acceptors.</summary>
    public static readonly IReadOnlySet<string> AcceptorOnly = new HashSet<string>(StringComparer.Ordinal)
    {
        "SocketAcceptHost", "SocketAcceptPort", "SSLRequireClientCertificate",
    };

    private static readonly HashSet<string> Set = new(All, StringComparer.Ordinal);

    /// <summary>True for a known key, including the numbered failovers SocketConnectHost1.., SocketConnectPort1...</summary>
    public static bool IsKnown(string key) => Set.Contains(key) || FailoverIndex(key) is not null;

    /// <summary>The failover number of SocketConnectHostN / SocketConnectPortN (N ≥ 1, no leading zero), or null.</summary>
    public static int? FailoverIndex(string key)
    {
        var digits = key.StartsWith(ConnectHost, StringComparison.Ordinal) ? key[ConnectHost.Length..]
            : key.StartsWith(ConnectPort, StringComparison.Ordinal) ? key[ConnectPort.Length..]
            : null;
        return digits is { Length: > 0 and < 4 } && digits[0] != '0' && digits.All(char.IsAsciiDigit)
            ? int.Parse(digits, CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>Initiator-only, including numbered failovers.</summary>
    public static bool IsInitiatorOnly(string key) => InitiatorOnly.Contains(key) || FailoverIndex(key) is not null;

    /// <summary>The known key an unknown one was probably meant to be (same letters in another case, or at most two edits away), or null.</summary>
    public static string? Suggest(string key)
    {
        var sameLetters = All.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
        if (sameLetters is not null)
        {
            return sameLetters;
        }

        var best = All.Select(k => (Key: k, Distance: Distance(k.ToUpperInvariant(), key.ToUpperInvariant())))
            .MinBy(c => c.Distance);
        return best.Distance <= 2 ? best.Key : null;
    }

    /// <summary>The reason reported for an unknown key.</summary>
    public static string UnknownReason(string key) =>
        Suggest(key) is { } suggestion
            ? $"is not a known key (did you mean {suggestion}?)"
            : "is not a known key (see docs/configuration.md)";

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
