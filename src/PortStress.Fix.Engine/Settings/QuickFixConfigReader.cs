using PortStress.Fix.Engine.Internal;

namespace PortStress.Fix.Engine;

/// <summary>
/// Reads QuickFIX settings files: a [DEFAULT] section whose keys every [SESSION] inherits, then one
/// [SESSION] section per session, with <c>Key=Value</c> lines, whole-line <c>#</c> comments and blank
/// lines. Keys are spelt as QuickFIX documents them (see docs/configuration.md). Nothing is ignored
/// silently: unknown keys, bad values (with the format expected) and missing required keys are all
/// reported, with file, line, section and session. Relative paths are resolved against the file's folder.
/// </summary>
public static class QuickFixConfigReader
{
    /// <summary>Reads a settings file.</summary>
    /// <param name="path">The <c>.cfg</c> file.</param>
    /// <returns>The sessions read and every problem found (a file that cannot be read is one problem).</returns>
    public static SettingsReadResult Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        StreamReader reader;
        try
        {
            reader = new StreamReader(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new SettingsReadResult([], [new SettingsError(path, null, null, null, "file", $"cannot be read: {e.Message}")]);
        }

        using (reader)
        {
            return Parse(reader, path, Path.GetDirectoryName(fullPath)!);
        }
    }

    /// <summary>Reads settings from text.</summary>
    /// <param name="reader">The settings text.</param>
    /// <param name="sourceName">The name errors carry (usually the file's path).</param>
    /// <param name="baseDirectory">The folder relative paths (dictionaries, stores, certificates) are resolved against.</param>
    /// <returns>The sessions read and every problem found.</returns>
    public static SettingsReadResult Parse(TextReader reader, string sourceName, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentException.ThrowIfNullOrEmpty(baseDirectory);
        var errors = new SettingsErrorSink();
        var built = new List<(EngineSessionConfig, RawSession)>();
        foreach (var raw in ConfigFileParser.Parse(reader, sourceName, errors))
        {
            if (SessionConfigBuilder.Build(raw, baseDirectory, errors) is { } config)
            {
                built.Add((config, raw));
            }
        }

        var sessions = SessionSetCheck.Check(built, errors);
        return new SettingsReadResult(sessions, errors.Errors.ToArray());
    }

    /// <summary>Reads a settings file and returns its sessions, or throws listing every problem.</summary>
    /// <param name="path">The <c>.cfg</c> file.</param>
    /// <exception cref="SettingsException">The file has problems (all of them are listed).</exception>
    public static IReadOnlyList<EngineSessionConfig> Load(string path) => Read(path).GetSessionsOrThrow();
}
