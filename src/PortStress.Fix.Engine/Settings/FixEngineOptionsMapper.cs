using System.Globalization;
using PortStress.Fix.Engine.Internal;

namespace PortStress.Fix.Engine;

/// <summary>
/// Turns <see cref="FixEngineOptions"/> into the same <see cref="EngineSessionConfig"/> records a
/// QuickFIX file produces: each option is written as its QuickFIX key and text and goes through the
/// same parser, defaults and checks (there is no second copy of the rules). Errors name the session
/// by its options path and SessionId, and the key by its options name.
/// </summary>
public static class FixEngineOptionsMapper
{
    /// <summary>Maps the options (and the sessions of <see cref="FixEngineOptions.ConfigFile"/>, if set).</summary>
    /// <param name="options">The options.</param>
    /// <returns>The sessions and every problem found.</returns>
    public static SettingsReadResult Map(FixEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var basePath = Path.GetFullPath(options.BasePath ?? Directory.GetCurrentDirectory());
        var errors = new SettingsErrorSink();
        var built = new List<(EngineSessionConfig, RawSession)>();
        for (var i = 0; i < options.Sessions.Count; i++)
        {
            var source = Source(i);
            if (options.Sessions[i] is not { } session)
            {
                errors.Add(new SettingsError(source, null, null, null, "session", "is empty"));
                continue;
            }

            var raw = ToRaw(session, source);
            if (SessionConfigBuilder.Build(raw, basePath, errors) is { } config)
            {
                built.Add((config, raw));
            }
        }

        var sessions = SessionSetCheck.Check(built, errors).ToList();
        if (options.ConfigFile is { Length: > 0 } file)
        {
            var fromFile = QuickFixConfigReader.Read(Path.GetFullPath(file, basePath));
            foreach (var error in fromFile.Errors)
            {
                errors.Add(error);
            }

            foreach (var config in fromFile.Sessions)
            {
                if (sessions.Find(s => s.Settings.SessionId == config.Settings.SessionId) is { } twice)
                {
                    errors.Add(new SettingsError(config.Origin, null, null, config.Settings.SessionId.ToString(), "SessionQualifier", $"is needed: the session is also defined at {twice.Origin}"));
                }
                else
                {
                    sessions.Add(config);
                }
            }
        }

        if (options.Sessions.Count == 0 && options.ConfigFile is null or "")
        {
            errors.Add(new SettingsError(FixEngineOptions.SectionName, null, null, null, "Sessions", "is empty and no ConfigFile is set: the engine has nothing to run"));
        }

        return new SettingsReadResult(sessions, errors.Errors.ToArray());
    }

    /// <summary>The options path of session <paramref name="index"/>, as errors name it.</summary>
    internal static string Source(int index) => $"Sessions[{index.ToString(CultureInfo.InvariantCulture)}]";

    /// <summary>How a QuickFIX key is named in options: itself, except the numbered failovers (Failover[0].Host).</summary>
    internal static string DisplayKey(string key) =>
        KnownKeys.FailoverIndex(key) is { } n
            ? $"Failover[{(n - 1).ToString(CultureInfo.InvariantCulture)}].{(key.StartsWith(KnownKeys.ConnectHost, StringComparison.Ordinal) ? "Host" : "Port")}"
            : key;

    private static RawSession ToRaw(FixSessionOptions session, string source)
    {
        var raw = new RawSession(source, null, null, DisplayKey);
        Put(raw, "ConnectionType", session.ConnectionType);
        Put(raw, "BeginString", session.BeginString);
        Put(raw, "SenderCompID", session.SenderCompID);
        Put(raw, "TargetCompID", session.TargetCompID);
        Put(raw, "SessionQualifier", session.SessionQualifier);
        Put(raw, "HeartBtInt", Number(session.HeartBtInt));
        Put(raw, "LogonTimeout", Number(session.LogonTimeout));
        Put(raw, "LogoutTimeout", Number(session.LogoutTimeout));
        Put(raw, "ResetOnLogon", Flag(session.ResetOnLogon));
        Put(raw, "ResetOnLogout", Flag(session.ResetOnLogout));
        Put(raw, "ResetOnDisconnect", Flag(session.ResetOnDisconnect));
        Put(raw, "RefreshOnLogon", Flag(session.RefreshOnLogon));
        Put(raw, "PersistMessages", Flag(session.PersistMessages));
        Put(raw, "CheckCompID", Flag(session.CheckCompID));
        Put(raw, "CheckLatency", Flag(session.CheckLatency));
        Put(raw, "MaxLatency", Number(session.MaxLatency));
        Put(raw, "MaxMessagesInResendRequest", Number(session.MaxMessagesInResendRequest));
        Put(raw, "TestRequestMultiplier", Number(session.TestRequestMultiplier));
        Put(raw, "DisconnectMultiplier", Number(session.DisconnectMultiplier));
        Put(raw, "ResendMaxAge", Number(session.ResendMaxAge));
        Put(raw, "StaleResendMsgTypes", session.StaleResendMsgTypes);
        Put(raw, "MaxOutboundBacklogBytes", Number(session.MaxOutboundBacklogBytes));
        Put(raw, "SendRedundantResendRequests", Flag(session.SendRedundantResendRequests));
        Put(raw, "EnableNextExpectedMsgSeqNum", Flag(session.EnableNextExpectedMsgSeqNum));
        Put(raw, "TimeStampPrecision", session.TimeStampPrecision);
        Put(raw, "DefaultApplVerID", session.DefaultApplVerID);
        Put(raw, "Username", session.Username);
        Put(raw, "Password", session.Password);
        Put(raw, "UseDataDictionary", Flag(session.UseDataDictionary));
        Put(raw, "DataDictionary", session.DataDictionary);
        Put(raw, "TransportDataDictionary", session.TransportDataDictionary);
        Put(raw, "AppDataDictionary", session.AppDataDictionary);
        Put(raw, "ValidateFieldsOutOfOrder", Flag(session.ValidateFieldsOutOfOrder));
        Put(raw, "ValidateFieldsHaveValues", Flag(session.ValidateFieldsHaveValues));
        Put(raw, "ValidateUserDefinedFields", Flag(session.ValidateUserDefinedFields));
        Put(raw, "AllowUnknownMsgFields", Flag(session.AllowUnknownMsgFields));
        Put(raw, "ValidateUnorderedGroupFields", Flag(session.ValidateUnorderedGroupFields));
        Put(raw, "StartTime", session.StartTime);
        Put(raw, "EndTime", session.EndTime);
        Put(raw, "StartDay", session.StartDay);
        Put(raw, "EndDay", session.EndDay);
        Put(raw, "Weekdays", session.Weekdays);
        Put(raw, "TimeZone", session.TimeZone);
        Put(raw, "NonStopSession", Flag(session.NonStopSession));
        Put(raw, "FileStorePath", session.FileStorePath);
        Put(raw, "FileStoreFlushPolicy", session.FileStoreFlushPolicy);
        Put(raw, "FileLogPath", session.FileLogPath);
        Put(raw, "SocketConnectHost", session.SocketConnectHost);
        Put(raw, "SocketConnectPort", Number(session.SocketConnectPort));
        Put(raw, "ReconnectInterval", Number(session.ReconnectInterval));
        Put(raw, "ReconnectBackoffMultiplier", Number(session.ReconnectBackoffMultiplier));
        Put(raw, "ReconnectMaxInterval", Number(session.ReconnectMaxInterval));
        Put(raw, "SocketLocalHost", session.SocketLocalHost);
        Put(raw, "SocketBindAddressNoPort", Flag(session.SocketBindAddressNoPort));
        Put(raw, "SocketLocalPortRange", session.SocketLocalPortRange);
        Put(raw, "ConnectTimeout", Number(session.ConnectTimeout));
        Put(raw, "SSLServerName", session.SSLServerName);
        Put(raw, "SSLValidateCertificates", Flag(session.SSLValidateCertificates));
        Put(raw, "SocketAcceptHost", session.SocketAcceptHost);
        Put(raw, "SocketAcceptPort", Number(session.SocketAcceptPort));
        Put(raw, "SSLRequireClientCertificate", Flag(session.SSLRequireClientCertificate));
        Put(raw, "SSLEnable", Flag(session.SSLEnable));
        Put(raw, "SSLCertificate", session.SSLCertificate);
        Put(raw, "SSLCertificatePassword", session.SSLCertificatePassword);
        for (var i = 0; i < session.Failover.Count; i++)
        {
            var n = (i + 1).ToString(CultureInfo.InvariantCulture);
            Put(raw, KnownKeys.ConnectHost + n, session.Failover[i]?.Host ?? string.Empty);
            Put(raw, KnownKeys.ConnectPort + n, Number(session.Failover[i]?.Port));
        }

        return raw;
    }

    private static void Put(RawSession raw, string key, string? text)
    {
        if (text is not null)
        {
            raw.Set(key, new RawValue(text.Trim(), null, null, Inherited: false));
        }
    }

    private static string? Flag(bool? value) => value switch
    {
        true => "Y",
        false => "N",
        null => null,
    };

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);
}
