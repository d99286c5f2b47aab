using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PortStress.Control.Loop;

namespace PortStress.Gateway.Admin;

/// <summary>
/// Keeps the admin API's shadow-mode switch across restarts in one small JSON file (<see cref="ShadowOverride"/>): the
/// file exists while a switch overrides <c>PortStress:Control:Shadow</c> and is deleted when a switch returns to the
/// configured mode. <see cref="ApplyOnStart"/> decides the mode the control loop is built with (so its first tick already
/// runs in it); <see cref="Switch"/> saves a switch and then hands it to the loop, both under one lock, so concurrent
/// switches leave the file and the loop agreeing. A file is written atomically: a temporary file in the same folder,
/// flushed to disk, then moved over the old one.
/// </summary>
public sealed class ShadowOverrideStore
{
    /// <summary>What <see cref="Source"/> says while the configuration is in force.</summary>
    public const string ConfigSource = "config";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private readonly Lock _lock = new();
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private bool? _configured;
    private bool _shadow;
    private string _source = ConfigSource;

    /// <summary>Creates the store; nothing is read until <see cref="ApplyOnStart"/>.</summary>
    /// <param name="path">The file (<c>PortStress:Gateway:AdminStatePath</c>, a full path).</param>
    /// <param name="logger">The log; none when null.</param>
    /// <param name="timeProvider">The clock switches are stamped with; the system clock when null.</param>
    public ShadowOverrideStore(string path, ILogger<ShadowOverrideStore>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>
    /// Where the shadow mode asked of the loop comes from: <see cref="ConfigSource"/>, or
    /// <c>admin switch at 2025-06-02T09:15:00Z from 10.0.0.7</c> (with <c>, not persisted</c> when the file could not be written).
    /// </summary>
    public string Source
    {
        get
        {
            lock (_lock)
            {
                return _source;
            }
        }
    }

    /// <summary>
    /// Reads the file once, at start, and decides the mode the control loop starts in. No file: the configured mode.
    /// A switch to the mode that is now configured: the configuration has caught up, the file is deleted (logged at
    /// Information). Otherwise the switch applies (a warning says so and how to undo it). A file that cannot be read or
    /// parsed is logged as an error and the configured mode applies. Later calls return the first answer (the options
    /// are built more than once: for validation on start and for the loop).
    /// </summary>
    /// <param name="configuredShadow">The configured mode, <c>PortStress:Control:Shadow</c>.</param>
    /// <returns>The mode to start in: true for shadow mode.</returns>
    public bool ApplyOnStart(bool configuredShadow)
    {
        lock (_lock)
        {
            if (_configured is not null)
            {
                return _shadow;
            }

            _configured = _shadow = configuredShadow;
            var saved = Read(configuredShadow);
            if (saved is null)
            {
                return configuredShadow;
            }

            if (saved.Shadow == configuredShadow)
            {
                try
                {
                    Delete();
                    AdminLog.ShadowOverrideCaughtUp(_logger, Flag(configuredShadow), Iso(saved.SwitchedAt), saved.Remote, Path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    AdminLog.ShadowOverrideNotDeleted(_logger, Path, e.Message);
                }

                return configuredShadow;
            }

            _shadow = saved.Shadow;
            _source = Describe(saved);
            AdminLog.ShadowOverrideApplied(_logger, saved.Shadow ? "on" : "off", Iso(saved.SwitchedAt), saved.Remote, Flag(configuredShadow), Path,
                Flag(configuredShadow));
            return saved.Shadow;
        }
    }

    /// <summary>
    /// Saves a switch (writes the file, or deletes it when <paramref name="shadow"/> is the configured mode), then asks
    /// <paramref name="loop"/> for it (<see cref="ControlLoop.SetShadow"/>, applied at its next tick). A switch that
    /// cannot be saved (a disk error) is logged as an error and applied all the same: the operator's intent matters now.
    /// </summary>
    /// <param name="loop">The control loop.</param>
    /// <param name="shadow">True for shadow mode.</param>
    /// <param name="remote">Where the switch came from (the caller's address).</param>
    /// <returns>True when the switch was saved and survives a restart.</returns>
    /// <exception cref="InvalidOperationException"><see cref="ApplyOnStart"/> has not run (the loop's options were built without it).</exception>
    public bool Switch(ControlLoop loop, bool shadow, string remote)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(remote);
        lock (_lock)
        {
            var configured = _configured
                ?? throw new InvalidOperationException($"{nameof(ApplyOnStart)} has not run: the control loop's options must be post-configured with it.");
            var switched = new ShadowOverride(shadow, _time.GetUtcNow(), remote);
            var persisted = true;
            try
            {
                if (shadow == configured)
                {
                    Delete();
                }
                else
                {
                    Write(switched);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                persisted = false;
                AdminLog.ShadowSwitchNotPersisted(_logger, shadow ? "on" : "off", remote, Path, e.Message);
            }

            _source = !persisted ? Describe(switched) + ", not persisted"
                : shadow == configured ? ConfigSource
                : Describe(switched);
            _shadow = shadow;
            loop.SetShadow(shadow);
            return persisted;
        }
    }

    private ShadowOverride? Read(bool configuredShadow)
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(Path);
            return JsonSerializer.Deserialize<ShadowOverride>(stream, Json) ?? throw new JsonException("the file holds null");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            AdminLog.ShadowOverrideUnreadable(_logger, Path, e.Message, Flag(configuredShadow));
            return null;
        }
    }

    private void Write(ShadowOverride value)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temporary = Path + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, value, Json);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The first failure is the one to report; a stale temporary file is overwritten by the next write.
            }

            throw;
        }
    }

    private void Delete()
    {
        // File.Delete throws when the folder is missing, and no folder means no file.
        if (File.Exists(Path))
        {
            File.Delete(Path);
        }
    }

    private static string Describe(ShadowOverride value) => $"admin switch at {Iso(value.SwitchedAt)} from {value.Remote}";

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Flag(bool value) => value ? "true" : "false";
}
