using Microsoft.Extensions.Configuration;

namespace PortStress.Fix.Engine.Internal;

/// <summary>
/// Finds configuration keys that bind to nothing (the binder skips them silently) under the
/// engine's section: engine options, session keys and failover entries.
/// </summary>
internal static class ConfigurationKeyCheck
{
    private static readonly string[] EngineKeys =
        [nameof(FixEngineOptions.Sessions), nameof(FixEngineOptions.ConfigFile), nameof(FixEngineOptions.BasePath),
         nameof(FixEngineOptions.MaxConcurrentConnects), nameof(FixEngineOptions.StopTimeout)];

    private static readonly string[] TargetKeys = [nameof(ConnectTargetOptions.Host), nameof(ConnectTargetOptions.Port)];

    public static void Check(IConfiguration section, FixEngineOptions bound, SettingsErrorSink errors)
    {
        foreach (var child in section.GetChildren())
        {
            if (!EngineKeys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add(new SettingsError(FixEngineOptions.SectionName, null, null, null, child.Key, Unknown(child.Key, EngineKeys)));
            }
        }

        foreach (var session in section.GetSection(nameof(FixEngineOptions.Sessions)).GetChildren())
        {
            var index = int.TryParse(session.Key, out var i) ? i : -1;
            var source = index >= 0 ? FixEngineOptionsMapper.Source(index) : $"Sessions:{session.Key}";
            var id = index >= 0 && index < bound.Sessions.Count && bound.Sessions[index] is { } options ? Describe(options) : null;
            foreach (var key in session.GetChildren())
            {
                if (string.Equals(key.Key, nameof(FixSessionOptions.Failover), StringComparison.OrdinalIgnoreCase))
                {
                    foreach (var target in key.GetChildren())
                    {
                        foreach (var field in target.GetChildren().Where(f => !TargetKeys.Contains(f.Key, StringComparer.OrdinalIgnoreCase)))
                        {
                            errors.Add(new SettingsError(source, null, null, id, $"Failover[{target.Key}].{field.Key}", Unknown(field.Key, TargetKeys)));
                        }
                    }
                }
                else if (!KnownKeys.All.Contains(key.Key, StringComparer.OrdinalIgnoreCase))
                {
                    errors.Add(new SettingsError(source, null, null, id, key.Key, KnownKeys.UnknownReason(key.Key)));
                }
            }
        }
    }

    private static string? Describe(FixSessionOptions options) =>
        options is { BeginString.Length: > 0, SenderCompID.Length: > 0, TargetCompID.Length: > 0 }
            ? new SessionId(options.BeginString, options.SenderCompID, options.TargetCompID, options.SessionQualifier ?? string.Empty).ToString()
            : null;

    private static string Unknown(string key, string[] known) =>
        $"is not a known key (expected one of {string.Join(", ", known)})";
}
