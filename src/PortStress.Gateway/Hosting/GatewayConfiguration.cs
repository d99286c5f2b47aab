using System.Globalization;
using Microsoft.Extensions.Configuration;
using PortStress.Control;
using PortStress.Execution.Gate;
using PortStress.Fix.Engine;
using PortStress.Gateway.Admin;
using PortStress.Gateway.Routing;

namespace PortStress.Gateway.Hosting;

/// <summary>A venue as configured: its name, the file it came from and its initiator sessions.</summary>
/// <param name="Name">The venue's name.</param>
/// <param name="File">The file, relative to the config dir (<c>venues/XNAS.json</c>).</param>
/// <param name="Sessions">Its sessions (ids).</param>
public sealed record VenueDefinition(string Name, string File, IReadOnlyList<SessionId> Sessions);

/// <summary>
/// The gateway's configuration directory, read and checked as a whole: <c>appsettings.json</c> (upstream acceptor
/// sessions under <c>PortStressFix</c>, and the <c>PortStress</c> sections: Gateway, Routing, Control, Gate, Admin) and
/// one <c>venues/NAME.json</c> per venue (<see cref="VenueFileOptions"/>). <see cref="Load"/> reports every problem
/// at once, each naming the file, the session and the key (docs/gateway.md lists them).
/// </summary>
public sealed class GatewayConfiguration
{
    /// <summary>The settings file in the config dir.</summary>
    public const string AppSettingsFile = "appsettings.json";

    /// <summary>The folder of the venue files in the config dir.</summary>
    public const string VenuesFolder = "venues";

    private static readonly string[] VenueKeys = [nameof(VenueFileOptions.Venue), nameof(VenueFileOptions.Sessions)];
    private static readonly string[] GatewayKeys = [nameof(GatewayOptions.JournalPath), nameof(GatewayOptions.FsyncJournal), nameof(GatewayOptions.RecordsDirectory), nameof(GatewayOptions.AdminStatePath)];
    private static readonly string[] RoutingKeys =
        [nameof(RoutingOptions.Destinations), nameof(RoutingOptions.SymbolRules), nameof(RoutingOptions.DefaultVenue), nameof(RoutingOptions.UrgencyTag), nameof(RoutingOptions.UrgencyOverrideTag), nameof(RoutingOptions.FinishedOrdersKept),
         nameof(RoutingOptions.ClOrdIdsInMemory), nameof(RoutingOptions.ExpectedClOrdIdsPerDay)];

    private readonly HashSet<SessionId> _upstream = [];
    private readonly List<VenueDefinition> _venues = [];
    private readonly Dictionary<string, string> _sessionVenues = new(StringComparer.Ordinal);

    private GatewayConfiguration(string directory, IConfiguration settings)
    {
        Directory = directory;
        Settings = settings;
    }

    /// <summary>The config dir (full path).</summary>
    public string Directory { get; }

    /// <summary><c>appsettings.json</c> as configuration.</summary>
    public IConfiguration Settings { get; }

    /// <summary>Every engine session (upstream acceptors first, then the venues' initiators), relative paths resolving against the config dir.</summary>
    public FixEngineOptions Engine { get; } = new();

    /// <summary>The upstream (order manager) sessions.</summary>
    public IReadOnlySet<SessionId> UpstreamSessions => _upstream;

    /// <summary>The venues, in file-name order.</summary>
    public IReadOnlyList<VenueDefinition> Venues => _venues;

    /// <summary>The venue of each venue session, keyed by session id text (what <c>PortStress:Execution:SessionVenues</c> holds).</summary>
    public IReadOnlyDictionary<string, string> SessionVenues => _sessionVenues;

    /// <summary>The gateway's own options, paths resolved against the config dir.</summary>
    public GatewayOptions Gateway { get; private set; } = new();

    /// <summary>Routing.</summary>
    public RoutingOptions Routing { get; private set; } = new();

    /// <summary>The admin and metrics endpoint URLs.</summary>
    public IReadOnlyList<string> AdminUrls { get; private set; } = [AdminOptions.DefaultUrls];

    /// <summary>
    /// The admin token from the environment (<c>PortStress__Admin__Token</c>), so a secret need not sit in the config
    /// dir; it is the only setting read from outside the config dir, and a token in appsettings.json wins.
    /// </summary>
    public static string? AdminTokenFromEnvironment => Environment.GetEnvironmentVariable(AdminTokenVariable) is { Length: > 0 } token ? token : null;

    /// <summary>The environment variable holding the admin token.</summary>
    public const string AdminTokenVariable = "PortStress__Admin__Token";

    /// <summary>Reads and checks the config dir.</summary>
    /// <param name="directory">The config dir.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="GatewayConfigurationException">Something is wrong; every problem is listed.</exception>
    public static GatewayConfiguration Load(string directory)
    {
        var (configuration, errors) = Read(directory);
        return errors.Count == 0 ? configuration! : throw new GatewayConfigurationException(errors);
    }

    /// <summary>Reads and checks the config dir, returning the problems rather than throwing.</summary>
    /// <param name="directory">The config dir.</param>
    /// <returns>The configuration (null when it could not be read at all) and every problem found.</returns>
    public static (GatewayConfiguration? Configuration, IReadOnlyList<string> Errors) Read(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var errors = new List<string>();
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
        {
            return (null, [$"{directory}: the configuration directory does not exist"]);
        }

        var settings = ReadJson(full, AppSettingsFile, errors, missing: $"{AppSettingsFile}: missing (expected in {full})");
        var result = new GatewayConfiguration(full, settings ?? new ConfigurationBuilder().Build());
        var sessions = new List<(FixSessionOptions Options, string File, int Index)>();
        if (settings is not null)
        {
            result.ReadEngine(settings, sessions, errors);
        }

        result.ReadVenues(sessions, errors);
        CheckAcrossFiles(sessions, errors);
        if (settings is not null)
        {
            result.ReadPortStress(settings, errors);
        }

        return (result, errors);
    }

    private void ReadEngine(IConfiguration settings, List<(FixSessionOptions, string, int)> sessions, List<string> errors)
    {
        var section = settings.GetSection(FixEngineOptions.SectionName);
        var upstream = new FixEngineOptions();
        if (!Bind(section, upstream, AppSettingsFile, errors))
        {
            return;
        }

        Engine.BasePath = upstream.BasePath is { Length: > 0 } basePath ? Path.GetFullPath(basePath, Directory) : Directory;
        Engine.MaxConcurrentConnects = upstream.MaxConcurrentConnects;
        Engine.StopTimeout = upstream.StopTimeout;
        if (upstream.ConfigFile is { Length: > 0 })
        {
            errors.Add($"{AppSettingsFile}: {FixEngineOptions.SectionName}:ConfigFile is not supported by the gateway: list upstream sessions under {FixEngineOptions.SectionName}:Sessions and venue sessions in {VenuesFolder}/*.json");
            upstream.ConfigFile = null;
        }

        if (upstream.Sessions.Count == 0)
        {
            errors.Add($"{AppSettingsFile}: {FixEngineOptions.SectionName}:Sessions is empty: the gateway needs at least one upstream acceptor session");
            return;
        }

        for (var i = 0; i < upstream.Sessions.Count; i++)
        {
            var session = upstream.Sessions[i];
            session.ConnectionType ??= "acceptor";
            if (!string.Equals(session.ConnectionType, "acceptor", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{AppSettingsFile}: {Where(i, session)}: ConnectionType must be acceptor (got '{session.ConnectionType}'): upstream sessions are acceptors; venue sessions go in {VenuesFolder}/*.json");
            }
        }

        upstream.BasePath = Engine.BasePath;
        Validate(section, upstream, AppSettingsFile, errors);
        for (var i = 0; i < upstream.Sessions.Count; i++)
        {
            var session = upstream.Sessions[i];
            Engine.Sessions.Add(session);
            sessions.Add((session, AppSettingsFile, i));
            if (IdOf(session) is { } id)
            {
                _upstream.Add(id);
            }
        }
    }

    private void ReadVenues(List<(FixSessionOptions, string, int)> sessions, List<string> errors)
    {
        var folder = Path.Combine(Directory, VenuesFolder);
        var files = System.IO.Directory.Exists(folder)
            ? System.IO.Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).ToList()
            : [];
        if (files.Count == 0)
        {
            errors.Add($"{VenuesFolder}/: no venue files (expected one {VenuesFolder}/NAME.json per venue, each with its initiator Sessions)");
            return;
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in files)
        {
            var file = $"{VenuesFolder}/{Path.GetFileName(path)}";
            var json = ReadJson(Directory, file, errors, missing: null);
            if (json is null)
            {
                continue;
            }

            foreach (var key in json.GetChildren().Where(k => !VenueKeys.Contains(k.Key, StringComparer.OrdinalIgnoreCase)))
            {
                errors.Add($"{file}: {key.Key} is not a known key (expected one of {string.Join(", ", VenueKeys)})");
            }

            var venue = new VenueFileOptions();
            if (!Bind(json, venue, file, errors))
            {
                continue;
            }

            var name = venue.Venue ?? Path.GetFileNameWithoutExtension(path);
            if (name.Length == 0 || name.Any(char.IsWhiteSpace))
            {
                errors.Add($"{file}: Venue must be a name without spaces (got '{name}')");
                continue;
            }

            if (!names.TryAdd(name, file))
            {
                errors.Add($"{file}: Venue '{name}' is already defined by {names[name]}");
                continue;
            }

            if (venue.Sessions.Count == 0)
            {
                errors.Add($"{file}: Sessions is empty: a venue needs at least one initiator session");
                continue;
            }

            var engine = new FixEngineOptions { BasePath = Engine.BasePath ?? Directory };
            for (var i = 0; i < venue.Sessions.Count; i++)
            {
                var session = venue.Sessions[i];
                session.ConnectionType ??= "initiator";
                if (!string.Equals(session.ConnectionType, "initiator", StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add($"{file}: {Where(i, session)}: ConnectionType must be initiator (got '{session.ConnectionType}'): venue sessions are initiators; upstream sessions go in {AppSettingsFile}");
                }

                engine.Sessions.Add(session);
            }

            // Only the Sessions subtree: the engine's validator reports keys that bind to nothing under its root.
            var sessionKeys = new ConfigurationBuilder()
                .AddInMemoryCollection(json.AsEnumerable().Where(p => p.Key.StartsWith(nameof(VenueFileOptions.Sessions), StringComparison.OrdinalIgnoreCase)))
                .Build();
            Validate(sessionKeys, engine, file, errors);
            var ids = new List<SessionId>();
            for (var i = 0; i < venue.Sessions.Count; i++)
            {
                var session = venue.Sessions[i];
                Engine.Sessions.Add(session);
                sessions.Add((session, file, i));
                if (IdOf(session) is { } id)
                {
                    ids.Add(id);
                    _sessionVenues[id.ToString()] = name;
                }
            }

            _venues.Add(new VenueDefinition(name, file, ids));
        }
    }

    private static void CheckAcrossFiles(List<(FixSessionOptions Options, string File, int Index)> sessions, List<string> errors)
    {
        var seen = new Dictionary<SessionId, (string File, int Index)>();
        foreach (var (options, file, index) in sessions)
        {
            if (IdOf(options) is not { } id)
            {
                continue;
            }

            if (seen.TryGetValue(id, out var first))
            {
                if (first.File != file)
                {
                    // Within one file the engine's own check has said so already.
                    errors.Add($"{file}: {Where(index, options)}: SessionQualifier is needed: {id} is already defined in {first.File} Sessions[{first.Index.ToString(CultureInfo.InvariantCulture)}]");
                }
            }
            else
            {
                seen.Add(id, (file, index));
            }
        }
    }

    private void ReadPortStress(IConfiguration settings, List<string> errors)
    {
        var gatewaySection = settings.GetSection(GatewayOptions.SectionName);
        UnknownKeys(gatewaySection, GatewayOptions.SectionName, GatewayKeys, errors);
        var gateway = new GatewayOptions();
        if (Bind(gatewaySection, gateway, AppSettingsFile, errors))
        {
            if (string.IsNullOrWhiteSpace(gateway.JournalPath))
            {
                errors.Add($"{AppSettingsFile}: {GatewayOptions.SectionName}:JournalPath must be a file path (got '{gateway.JournalPath}')");
            }
            else
            {
                gateway.JournalPath = Path.GetFullPath(gateway.JournalPath, Directory);
            }

            if (string.IsNullOrWhiteSpace(gateway.AdminStatePath))
            {
                errors.Add($"{AppSettingsFile}: {GatewayOptions.SectionName}:AdminStatePath must be a file path (got '{gateway.AdminStatePath}')");
            }
            else
            {
                gateway.AdminStatePath = Path.GetFullPath(gateway.AdminStatePath, Directory);
            }

            if (gateway.RecordsDirectory is { Length: > 0 } records)
            {
                gateway.RecordsDirectory = Path.GetFullPath(records, Directory);
            }

            Gateway = gateway;
        }

        var routingSection = settings.GetSection(RoutingOptions.SectionName);
        UnknownKeys(routingSection, RoutingOptions.SectionName, RoutingKeys, errors);
        var routing = new RoutingOptions();
        if (Bind(routingSection, routing, AppSettingsFile, errors))
        {
            if (_venues.Count > 0)
            {
                foreach (var problem in RouteTable.Problems(routing, _venues.Select(v => v.Name).ToList()))
                {
                    errors.Add($"{AppSettingsFile}: {problem}");
                }
            }

            foreach (var (key, tag) in new[] { ("UrgencyTag", routing.UrgencyTag), ("UrgencyOverrideTag", routing.UrgencyOverrideTag) })
            {
                if (tag <= 0)
                {
                    errors.Add($"{AppSettingsFile}: {RoutingOptions.SectionName}:{key} must be a positive FIX tag (got '{tag.ToString(CultureInfo.InvariantCulture)}')");
                }
            }

            if (routing.FinishedOrdersKept < 0)
            {
                errors.Add($"{AppSettingsFile}: {RoutingOptions.SectionName}:FinishedOrdersKept must be 0 or more (got '{routing.FinishedOrdersKept.ToString(CultureInfo.InvariantCulture)}')");
            }

            OutOfBounds(errors, "ClOrdIdsInMemory", routing.ClOrdIdsInMemory, RoutingOptions.MinClOrdIdsInMemory, RoutingOptions.MaxClOrdIdsInMemory,
                "ClOrdIDs per in-memory table before they go to disk");
            OutOfBounds(errors, "ExpectedClOrdIdsPerDay", routing.ExpectedClOrdIdsPerDay, RoutingOptions.MinExpectedClOrdIdsPerDay,
                RoutingOptions.MaxExpectedClOrdIdsPerDay, "it sizes the Bloom filter, about 1.2 bytes per ClOrdID");

            Routing = routing;
        }

        var control = new ControlOptions();
        if (Bind(settings.GetSection(ControlOptions.SectionName), control, AppSettingsFile, errors))
        {
            errors.AddRange(ControlOptionsValidator.Errors(control).Select(e => $"{AppSettingsFile}: {Qualify(ControlOptions.SectionName, e)}"));
        }

        var gate = new GateOptions();
        if (Bind(settings.GetSection(GateOptions.SectionName), gate, AppSettingsFile, errors))
        {
            errors.AddRange(GateOptionsValidator.Errors(gate).Select(e => $"{AppSettingsFile}: {Qualify(GateOptions.SectionName, e)}"));
        }

        var admin = new AdminOptions();
        if (Bind(settings.GetSection(AdminOptions.SectionName), admin, AppSettingsFile, errors))
        {
            admin.Token ??= AdminTokenFromEnvironment;
            if (new AdminOptionsValidator().Validate(null, admin) is { Failed: true } invalid)
            {
                errors.AddRange(invalid.Failures.Select(e => $"{AppSettingsFile}: {e}"));
            }
        }

        var urls = AdminOptionsValidator.SplitUrls(admin.Urls).ToArray();
        AdminUrls = urls.Length == 0 ? [AdminOptions.DefaultUrls] : urls;
    }

    private static IConfiguration? ReadJson(string directory, string file, List<string> errors, string? missing)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
        {
            errors.Add(missing ?? $"{file}: missing");
            return null;
        }

        try
        {
            return new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: false).Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or System.Text.Json.JsonException or IOException)
        {
            errors.Add($"{file}: not valid JSON: {(e.InnerException ?? e).Message}");
            return null;
        }
    }

    private static bool Bind(IConfiguration section, object options, string file, List<string> errors)
    {
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // The binder could not convert a value ("abc" for a port); its message names the configuration path.
            errors.Add($"{file}: {e.Message}");
            return false;
        }

        // A list or dictionary element with a value the binder cannot convert is dropped without a word: bind each
        // element on its own to find it, so a session or a venue's settings never silently disappear.
        var dropped = ConfigurationBindCheck.Errors(section, options.GetType()).Select(e => $"{file}: {e}").ToList();
        errors.AddRange(dropped);
        return dropped.Count == 0;
    }

    private static void Validate(IConfiguration section, FixEngineOptions options, string file, List<string> errors)
    {
        var result = new FixEngineOptionsValidator(section).Validate(null, options);
        if (result.Failed)
        {
            errors.AddRange(result.Failures.Select(f => $"{file}: {f}"));
        }
    }

    private static void UnknownKeys(IConfigurationSection section, string path, string[] known, List<string> errors)
    {
        foreach (var key in section.GetChildren().Where(k => !known.Contains(k.Key, StringComparer.OrdinalIgnoreCase)))
        {
            errors.Add($"{AppSettingsFile}: {path}:{key.Key} is not a known key (expected one of {string.Join(", ", known)})");
        }
    }

    // A PortStress:Routing number outside its bounds, with what it is for.
    private static void OutOfBounds(List<string> errors, string key, long value, long min, long max, string what)
    {
        if (value < min || value > max)
        {
            errors.Add($"{AppSettingsFile}: {RoutingOptions.SectionName}:{key} must be {min.ToString("N0", CultureInfo.InvariantCulture)} to "
                + $"{max.ToString("N0", CultureInfo.InvariantCulture)} (got '{value.ToString(CultureInfo.InvariantCulture)}'): {what}");
        }
    }

    private static string Qualify(string section, string error) =>
        error.StartsWith("PortStress:", StringComparison.Ordinal) ? error : $"{section}: {error}";

    private static string Where(int index, FixSessionOptions session) =>
        IdOf(session) is { } id
            ? $"Sessions[{index.ToString(CultureInfo.InvariantCulture)}] {id}"
            : $"Sessions[{index.ToString(CultureInfo.InvariantCulture)}]";

    private static SessionId? IdOf(FixSessionOptions session) =>
        session is { BeginString.Length: > 0, SenderCompID.Length: > 0, TargetCompID.Length: > 0 }
            ? new SessionId(session.BeginString, session.SenderCompID, session.TargetCompID, session.SessionQualifier ?? string.Empty)
            : null;
}
