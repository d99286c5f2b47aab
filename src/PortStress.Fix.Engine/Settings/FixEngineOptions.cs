using System.ComponentModel.DataAnnotations;

namespace PortStress.Fix.Engine;

/// <summary>
/// The engine's settings as options, bindable from configuration (e.g. the <c>PortStressFix</c>
/// section of appsettings.json). Sessions may be listed here, read from a QuickFIX file
/// (<see cref="ConfigFile"/>), or both. Validated on start by <see cref="FixEngineOptionsValidator"/>.
/// </summary>
public sealed class FixEngineOptions
{
    /// <summary>The configuration section the engine's options are usually bound from.</summary>
    public const string SectionName = "PortStressFix";

    /// <summary>The sessions; keys are named as in QuickFIX (see docs/configuration.md).</summary>
    public IList<FixSessionOptions> Sessions { get; } = new List<FixSessionOptions>();

    /// <summary>A QuickFIX <c>.cfg</c> file whose sessions are run too (relative paths inside it resolve against its folder).</summary>
    public string? ConfigFile { get; set; }

    /// <summary>The folder relative paths in <see cref="Sessions"/> and <see cref="ConfigFile"/> resolve against; the current directory when null.</summary>
    public string? BasePath { get; set; }

    /// <summary>Most connect attempts in flight at once across the initiator sessions.</summary>
    [Range(1, 1024)]
    public int MaxConcurrentConnects { get; set; } = 4;

    /// <summary>Seconds to wait for Logout answers when the engine stops.</summary>
    [Range(0.1, 300)]
    public double StopTimeout { get; set; } = 2;
}
