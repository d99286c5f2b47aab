using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Validation;
using PortStress.Telemetry.Connect;

namespace PortStress.Fix.Engine.Internal;

/// <summary>
/// Turns one session's raw settings into an <see cref="EngineSessionConfig"/>: the single place
/// where each key's value is parsed, defaulted and checked, for both the QuickFIX file and the
/// options. Every problem is reported; a session with any problem yields null.
/// </summary>
internal sealed class SessionConfigBuilder
{
    private static readonly string[] SupportedBeginStrings = ["FIX.4.0", "FIX.4.1", "FIX.4.2", "FIX.4.3", "FIX.4.4", "FIXT.1.1"];
    private static readonly string[] ScheduleKeys = ["StartTime", "EndTime", "StartDay", "EndDay", "Weekdays"];
    private static readonly string[] ClientTlsKeys = ["SSLServerName", "SSLCertificate", "SSLCertificatePassword", "SSLValidateCertificates"];
    private static readonly string[] ServerTlsKeys = ["SSLCertificate", "SSLCertificatePassword", "SSLRequireClientCertificate"];

    private readonly RawSession _raw;
    private readonly string _baseDirectory;
    private readonly SettingsErrorSink _errors;
    private string? _session;
    private bool _failed;

    private SessionConfigBuilder(RawSession raw, string baseDirectory, SettingsErrorSink errors)
    {
        _raw = raw;
        _baseDirectory = baseDirectory;
        _errors = errors;
    }

    /// <summary>Builds the session, or reports its problems to <paramref name="errors"/> and returns null.</summary>
    /// <param name="raw">The session's settings as text.</param>
    /// <param name="baseDirectory">Relative paths are resolved against this folder.</param>
    /// <param name="errors">Where problems go.</param>
    public static EngineSessionConfig? Build(RawSession raw, string baseDirectory, SettingsErrorSink errors) =>
        new SessionConfigBuilder(raw, baseDirectory, errors).Build();

    /// <summary>The session's identity as text, when BeginString, SenderCompID and TargetCompID are all written.</summary>
    public static string? SessionText(RawSession raw) =>
        raw.TryGet("BeginString", out var begin) && raw.TryGet("SenderCompID", out var sender) && raw.TryGet("TargetCompID", out var target)
        && begin.Text.Length > 0 && sender.Text.Length > 0 && target.Text.Length > 0
            ? new SessionId(begin.Text, sender.Text, target.Text, raw.TryGet("SessionQualifier", out var q) ? q.Text : string.Empty).ToString()
            : null;

    private EngineSessionConfig? Build()
    {
        _session = SessionText(_raw);
        _failed = _raw.HasUnreadLines;

        var type = Required<ConnectionType>("ConnectionType", ValueParsers.TryConnectionType, ValueParsers.ConnectionTypes);
        var beginString = RequiredText("BeginString");
        if (beginString is not null && !SupportedBeginStrings.Contains(beginString, StringComparer.Ordinal))
        {
            Fail("BeginString", $"must be one of {string.Join(", ", SupportedBeginStrings)} (got '{beginString}')");
        }

        var sender = RequiredText("SenderCompID");
        var target = RequiredText("TargetCompID");
        var qualifier = Text("SessionQualifier") ?? string.Empty;
        var isFixt = beginString == "FIXT.1.1";

        var heartBtInt = Get("HeartBtInt", 30, ValueParsers.TryInt, "a whole number of seconds 1..3600", v => v is >= 1 and <= 3600);
        var logonTimeout = Get("LogonTimeout", TimeSpan.FromSeconds(10), ValueParsers.TrySeconds, ValueParsers.Seconds);
        var logoutTimeout = Get("LogoutTimeout", TimeSpan.FromSeconds(2), ValueParsers.TrySeconds, ValueParsers.Seconds);
        var maxLatency = Get("MaxLatency", TimeSpan.FromSeconds(120), ValueParsers.TrySeconds, ValueParsers.Seconds);
        var maxResend = Get("MaxMessagesInResendRequest", 0, ValueParsers.TryInt, "a whole number 0 or more (0 for no limit)", v => v >= 0);
        var testRequestMultiplier = Get("TestRequestMultiplier", 1.2, ValueParsers.TryDouble, "a number of heartbeat intervals, at least 1", v => v >= 1);
        var disconnectMultiplier = Get("DisconnectMultiplier", 2.4, ValueParsers.TryDouble, "a number of heartbeat intervals, above TestRequestMultiplier", v => v > testRequestMultiplier);
        TimeSpan? resendMaxAge = _raw.Has("ResendMaxAge") ? Get("ResendMaxAge", TimeSpan.Zero, ValueParsers.TrySeconds, ValueParsers.Seconds) : null;
        var staleTypes = Text("StaleResendMsgTypes") is { } types
            ? types.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : null;
        var maxBacklog = Get("MaxOutboundBacklogBytes", 16 << 20, ValueParsers.TryInt, "a whole number of bytes, at least 65536", v => v >= 64 << 10);
        var precision = Get("TimeStampPrecision", TimestampPrecision.Milliseconds, ValueParsers.TryPrecision, ValueParsers.Precision);
        Unsupported("RefreshOnLogon", "is not supported: the store is read once when the engine starts, not on each Logon; set N or remove it");
        Unsupported("SendRedundantResendRequests", "is not supported: the engine sends one ResendRequest per gap and extends it, never a redundant one; set N or remove it");

        var applVerId = Get<string?>("DefaultApplVerID", null, (string t, out string? v) => { var ok = ValueParsers.TryApplVerId(t, out var s); v = s; return ok; }, ValueParsers.ApplVerIds);
        if (isFixt && applVerId is null && !_raw.Has("DefaultApplVerID"))
        {
            Missing("DefaultApplVerID", "is required for FIXT.1.1 sessions");
        }
        else if (beginString is not null && !isFixt)
        {
            OnlyFor("DefaultApplVerID", "applies to FIXT.1.1 sessions only");
        }

        var settings = new SessionSettings
        {
            SessionId = new SessionId(beginString ?? string.Empty, sender ?? string.Empty, target ?? string.Empty, qualifier),
            ConnectionType = type,
            HeartBtInt = TimeSpan.FromSeconds(heartBtInt),
            LogonTimeout = logonTimeout,
            LogoutTimeout = logoutTimeout,
            ResetOnLogon = Flag("ResetOnLogon", false),
            ResetOnLogout = Flag("ResetOnLogout", false),
            ResetOnDisconnect = Flag("ResetOnDisconnect", false),
            PersistMessages = Flag("PersistMessages", true),
            CheckCompId = Flag("CheckCompID", true),
            CheckLatency = Flag("CheckLatency", true),
            MaxLatency = maxLatency,
            MaxMessagesInResendRequest = maxResend,
            TestRequestMultiplier = testRequestMultiplier,
            DisconnectMultiplier = disconnectMultiplier,
            ResendMaxAge = resendMaxAge,
            StaleResendMsgTypes = staleTypes ?? SessionSettings.DefaultStaleResendMsgTypes,
            MaxOutboundBacklogBytes = maxBacklog,
            EnableNextExpectedMsgSeqNum = Flag("EnableNextExpectedMsgSeqNum", false),
            Username = Text("Username"),
            Password = Text("Password"),
            DefaultApplVerId = applVerId,
            TimestampPrecision = precision,
            Validation = ReadValidation(),
            Schedule = ReadSchedule(),
        };
        settings = ReadDictionaries(settings, isFixt);

        var (storePath, flushPolicy) = ReadStore();
        var logPath = ResolvedPath("FileLogPath", mustExist: false);
        var config = new EngineSessionConfig
        {
            Settings = settings,
            Origin = _raw.HeaderLine is { } line ? $"{_raw.Source}:{line.ToString(CultureInfo.InvariantCulture)}" : _raw.Source,
            FileStorePath = storePath,
            FileStoreFlushPolicy = flushPolicy,
            FileLogPath = logPath,
        };
        config = type == ConnectionType.Initiator ? ReadInitiator(config) : ReadAcceptor(config, logonTimeout);

        if (_failed)
        {
            return null;
        }

        try
        {
            settings.Validate();
        }
        catch (ArgumentException e)
        {
            Fail(e.ParamName ?? "settings", e.Message);
            return null;
        }

        return config;
    }

    private ValidationOptions ReadValidation()
    {
        return new ValidationOptions
        {
            AllowFieldsOutOfOrder = !Flag("ValidateFieldsOutOfOrder", true),
            AllowUnorderedGroupFields = !Flag("ValidateUnorderedGroupFields", true),
            AllowEmptyFields = !Flag("ValidateFieldsHaveValues", true),
            AllowUserDefinedFields = !Flag("ValidateUserDefinedFields", true),
            AllowUnknownMessageFields = Flag("AllowUnknownMsgFields", false),
        };
    }

    private SessionSchedule? ReadSchedule()
    {
        if (Flag("NonStopSession", false))
        {
            foreach (var key in ScheduleKeys.Append("TimeZone"))
            {
                if (_raw.IsOwn(key))
                {
                    Fail(key, "cannot be set on a session with NonStopSession=Y");
                }
            }

            return null;
        }

        var start = Required<TimeOnly>("StartTime", ValueParsers.TryTimeOfDay, ValueParsers.TimeOfDay, "is required unless NonStopSession=Y");
        var end = Required<TimeOnly>("EndTime", ValueParsers.TryTimeOfDay, ValueParsers.TimeOfDay, "is required unless NonStopSession=Y");
        var startDay = Optional<DayOfWeek>("StartDay", ValueParsers.TryDay, ValueParsers.DayName);
        var endDay = Optional<DayOfWeek>("EndDay", ValueParsers.TryDay, ValueParsers.DayName);
        if (_raw.Has("StartDay") != _raw.Has("EndDay"))
        {
            Missing(_raw.Has("StartDay") ? "EndDay" : "StartDay", "is required with " + (_raw.Has("StartDay") ? "StartDay" : "EndDay") + " (a weekly session names both)");
        }

        var weekdays = Get<IReadOnlyList<DayOfWeek>>("Weekdays", [], ValueParsers.TryDays, ValueParsers.DayList);
        if (_raw.Has("Weekdays") && (_raw.Has("StartDay") || _raw.Has("EndDay")))
        {
            Fail("Weekdays", "cannot be combined with StartDay/EndDay (a session is either daily on some weekdays or weekly)");
        }

        return new SessionSchedule
        {
            StartTime = start,
            EndTime = end,
            StartDay = startDay,
            EndDay = endDay,
            Weekdays = weekdays,
            TimeZone = Get("TimeZone", TimeZoneInfo.Utc, ValueParsers.TryTimeZone, ValueParsers.TimeZoneId),
        };
    }

    private SessionSettings ReadDictionaries(SessionSettings settings, bool isFixt)
    {
        var use = Flag("UseDataDictionary", true);
        var dictionaryKey = isFixt ? "TransportDataDictionary" : "DataDictionary";
        OnlyFor(isFixt ? "DataDictionary" : "TransportDataDictionary", isFixt
            ? "is for FIX.4.x sessions; FIXT.1.1 sessions use TransportDataDictionary and AppDataDictionary"
            : "applies to FIXT.1.1 sessions only; FIX.4.x sessions use DataDictionary");
        if (!isFixt)
        {
            OnlyFor("AppDataDictionary", "applies to FIXT.1.1 sessions only; FIX.4.x sessions use DataDictionary");
        }

        var dictionary = ResolvedPath(dictionaryKey, mustExist: true);
        var application = isFixt ? ResolvedPath("AppDataDictionary", mustExist: true) : null;
        if (use && !_raw.Has(dictionaryKey))
        {
            Missing(dictionaryKey, "is required when UseDataDictionary=Y (set UseDataDictionary=N to run without validation)");
        }

        if (use && isFixt && !_raw.Has("AppDataDictionary"))
        {
            Missing("AppDataDictionary", "is required for FIXT.1.1 sessions when UseDataDictionary=Y");
        }

        return settings with { UseDataDictionary = use, DataDictionary = dictionary, AppDataDictionary = application };
    }

    private (string? Path, StoreFlushPolicy Policy) ReadStore()
    {
        var path = ResolvedPath("FileStorePath", mustExist: false);
        var policy = Get("FileStoreFlushPolicy", StoreFlushPolicy.Batched, ValueParsers.TryFlushPolicy, ValueParsers.FlushPolicies);
        if (_raw.IsOwn("FileStoreFlushPolicy") && !_raw.Has("FileStorePath"))
        {
            Fail("FileStoreFlushPolicy", "applies only with FileStorePath (sessions without it use a memory store)");
        }

        return (path, policy);
    }

    private EngineSessionConfig ReadInitiator(EngineSessionConfig config)
    {
        foreach (var key in _raw.Keys.Where(KnownKeys.AcceptorOnly.Contains))
        {
            OnlyFor(key, "applies to acceptor sessions only");
        }

        var targets = new List<ConnectTarget>();
        if (ReadTarget(KnownKeys.ConnectHost, KnownKeys.ConnectPort, required: true) is { } primary)
        {
            targets.Add(primary);
        }

        var last = _raw.Keys.Select(KnownKeys.FailoverIndex).Max() ?? 0;
        for (var i = 1; i <= last; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            if (ReadTarget(KnownKeys.ConnectHost + n, KnownKeys.ConnectPort + n, required: true, $"(failovers are numbered 1..{last} without gaps)") is { } failover)
            {
                targets.Add(failover);
            }
        }

        var reconnect = new ReconnectPolicy
        {
            Base = Get("ReconnectInterval", TimeSpan.FromMilliseconds(500), ValueParsers.TrySeconds, ValueParsers.Seconds),
            Multiplier = Get("ReconnectBackoffMultiplier", 2.0, ValueParsers.TryDouble, "a number 1 or more", v => v is >= 1 and <= 100),
            Cap = Get("ReconnectMaxInterval", TimeSpan.FromSeconds(30), ValueParsers.TrySeconds, ValueParsers.Seconds),
        };
        if (reconnect.Cap < reconnect.Base && _raw.Has("ReconnectMaxInterval"))
        {
            Fail("ReconnectMaxInterval", "must be at least ReconnectInterval");
        }
        else if (reconnect.Cap < reconnect.Base)
        {
            reconnect = reconnect with { Cap = reconnect.Base };
        }

        var connector = new ConnectorOptions
        {
            LocalAddress = Get<IPAddress?>("SocketLocalHost", null, (string t, out IPAddress? v) => { var ok = ValueParsers.TryIpAddress(t, out var a); v = a; return ok; }, ValueParsers.IpAddress),
            BindAddressNoPort = Flag("SocketBindAddressNoPort", true),
            SourcePortWindow = Optional<(ushort, ushort)>("SocketLocalPortRange", ValueParsers.TryPortRange, ValueParsers.PortRange),
            ConnectTimeout = Get("ConnectTimeout", TimeSpan.FromSeconds(5), ValueParsers.TrySeconds, ValueParsers.Seconds),
        };

        TlsClientOptions? tls = null;
        if (Flag("SSLEnable", false))
        {
            tls = new TlsClientOptions
            {
                ServerName = Text("SSLServerName"),
                ClientCertificate = Certificate(),
                ValidateServerCertificate = Flag("SSLValidateCertificates", true),
            };
        }
        else
        {
            NotWithoutTls(ClientTlsKeys);
        }

        return config with { Targets = targets, Reconnect = reconnect, Connector = connector, Tls = tls };
    }

    private EngineSessionConfig ReadAcceptor(EngineSessionConfig config, TimeSpan logonTimeout)
    {
        foreach (var key in _raw.Keys.Where(KnownKeys.IsInitiatorOnly))
        {
            OnlyFor(key, "applies to initiator sessions only");
        }

        var host = Get("SocketAcceptHost", IPAddress.Any, ValueParsers.TryIpAddress, ValueParsers.IpAddress);
        var port = Required<int>("SocketAcceptPort", ValueParsers.TryInt, "a port 0..65535 (0 picks a free one)", why: "is required for acceptor sessions", accept: v => v is >= 0 and <= 65535);
        X509Certificate2? certificate = null;
        var requireClient = false;
        if (Flag("SSLEnable", false))
        {
            certificate = Certificate();
            if (!_raw.Has("SSLCertificate"))
            {
                Missing("SSLCertificate", "is required for an acceptor with SSLEnable=Y (the server certificate)");
            }

            requireClient = Flag("SSLRequireClientCertificate", false);
        }
        else
        {
            NotWithoutTls(ServerTlsKeys);
        }

        return config with
        {
            Acceptor = new AcceptorOptions
            {
                Listen = new IPEndPoint(host, port),
                LogonTimeout = logonTimeout,
                TlsCertificate = certificate,
                RequireClientCertificate = requireClient,
            },
        };
    }

    private ConnectTarget? ReadTarget(string hostKey, string portKey, bool required, string? note = null)
    {
        var host = Text(hostKey);
        var port = Get(portKey, 0, ValueParsers.TryInt, "1..65535", v => v is >= 1 and <= 65535);
        if (required && host is null)
        {
            Missing(hostKey, note is null ? "is required for initiator sessions" : $"is required with {portKey} {note}");
        }

        if (required && !_raw.Has(portKey))
        {
            Missing(portKey, note is null ? "is required for initiator sessions" : $"is required with {hostKey} {note}");
        }

        return host is not null && port != 0 ? new ConnectTarget(host, port) : null;
    }

    private X509Certificate2? Certificate()
    {
        var path = ResolvedPath("SSLCertificate", mustExist: true);
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        try
        {
            var extension = Path.GetExtension(path).ToUpperInvariant();
            return extension is ".PEM" or ".CRT"
                ? X509Certificate2.CreateFromPemFile(path)
                : X509CertificateLoader.LoadPkcs12FromFile(path, Text("SSLCertificatePassword"));
        }
        catch (CryptographicException e)
        {
            Fail("SSLCertificate", $"cannot be loaded from '{path}': {e.Message}");
            return null;
        }
    }

    private void NotWithoutTls(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            if (_raw.IsOwn(key))
            {
                Fail(key, "applies only with SSLEnable=Y");
            }
        }
    }

    /// <summary>Accepts N (the engine's behaviour); reports Y as unsupported.</summary>
    private void Unsupported(string key, string reason)
    {
        if (Flag(key, false))
        {
            Fail(key, reason);
        }
    }

    /// <summary>Reports a key that does not apply to this session when it is written in the session's own section (a [DEFAULT] value is shared by sessions of both kinds).</summary>
    private void OnlyFor(string key, string reason)
    {
        if (_raw.IsOwn(key))
        {
            Fail(key, reason);
        }
    }

    private bool Flag(string key, bool fallback) => Get(key, fallback, ValueParsers.TryBool, ValueParsers.YesNo);

    private string? Text(string key) => _raw.TryGet(key, out var raw) && raw.Text.Length > 0 ? raw.Text : null;

    private string? RequiredText(string key)
    {
        var text = Text(key);
        if (text is null)
        {
            Missing(key, "is required");
        }

        return text;
    }

    private string? ResolvedPath(string key, bool mustExist)
    {
        if (Text(key) is not { } text)
        {
            return null;
        }

        var path = Path.GetFullPath(text, _baseDirectory);
        if (mustExist && !File.Exists(path))
        {
            Fail(key, $"names a file that does not exist ('{path}')");
        }

        return path;
    }

    private T Get<T>(string key, T fallback, TryParse<T> parse, string expected, Func<T, bool>? accept = null)
    {
        if (!_raw.TryGet(key, out var raw))
        {
            return fallback;
        }

        if (parse(raw.Text, out var value) && (accept is null || accept(value)))
        {
            return value;
        }

        Fail(key, $"must be {expected} (got '{raw.Text}')");
        return fallback;
    }

    private T? Optional<T>(string key, TryParse<T> parse, string expected)
        where T : struct =>
        _raw.Has(key) ? Get<T?>(key, null, (string t, out T? v) => { var ok = parse(t, out var p); v = p; return ok; }, expected) : null;

    private T Required<T>(string key, TryParse<T> parse, string expected, string why = "is required", Func<T, bool>? accept = null)
    {
        if (!_raw.Has(key))
        {
            Missing(key, why);
            return default!;
        }

        return Get(key, default!, parse, expected, accept);
    }

    private void Missing(string key, string why)
    {
        _failed = true;
        _errors.Add(new SettingsError(_raw.Source, _raw.HeaderLine, _raw.HeaderSection, _session, _raw.Display(key), why));
    }

    private void Fail(string key, string reason)
    {
        _failed = true;
        if (_raw.TryGet(key, out var raw))
        {
            // A bad value in [DEFAULT] is reported once, at its line, for no session in particular.
            _errors.Add(new SettingsError(_raw.Source, raw.Line, raw.Section, raw.Inherited ? null : _session, _raw.Display(key), reason));
        }
        else
        {
            _errors.Add(new SettingsError(_raw.Source, _raw.HeaderLine, _raw.HeaderSection, _session, _raw.Display(key), reason));
        }
    }
}
