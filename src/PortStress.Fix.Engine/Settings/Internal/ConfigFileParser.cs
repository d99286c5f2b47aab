using System.Globalization;

namespace PortStress.Fix.Engine.Internal;

/// <summary>
/// Splits a QuickFIX settings file into its [DEFAULT] and [SESSION] sections of <c>Key=Value</c>
/// lines, reporting lines it cannot read, unknown sections, unknown keys and keys set twice.
/// Whole-line comments start with '#'; blank lines are skipped; [DEFAULT] applies to every session
/// wherever it appears.
/// </summary>
internal static class ConfigFileParser
{
    private const string DefaultSection = "DEFAULT";
    private const string SessionSection = "SESSION";

    public static IReadOnlyList<RawSession> Parse(TextReader reader, string source, SettingsErrorSink errors)
    {
        var defaults = new Dictionary<string, RawValue>(StringComparer.Ordinal);
        var sessions = new List<(int Line, Dictionary<string, RawValue> Values)>();
        var troubled = new HashSet<Dictionary<string, RawValue>>(ReferenceEqualityComparer.Instance);
        Dictionary<string, RawValue>? current = null;
        string? section = null;
        int? defaultLine = null;
        var lineNumber = 0;
        while (reader.ReadLine() is { } text)
        {
            lineNumber++;
            var line = text.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line[0] == '[')
            {
                var name = line.EndsWith(']') ? line[1..^1].Trim().ToUpperInvariant() : null;
                switch (name)
                {
                    case DefaultSection:
                        if (defaultLine is { } first)
                        {
                            errors.Add(new SettingsError(source, lineNumber, DefaultSection, null, "[DEFAULT]", $"appears twice (first on line {first.ToString(CultureInfo.InvariantCulture)}); write the defaults in one section"));
                        }

                        defaultLine ??= lineNumber;
                        current = defaults;
                        section = DefaultSection;
                        break;
                    case SessionSection:
                        current = new Dictionary<string, RawValue>(StringComparer.Ordinal);
                        sessions.Add((lineNumber, current));
                        section = SessionSection;
                        break;
                    default:
                        errors.Add(new SettingsError(source, lineNumber, null, null, line, "is not a known section (expected [DEFAULT] or [SESSION])"));
                        current = null;
                        section = null;
                        break;
                }

                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                errors.Add(new SettingsError(source, lineNumber, section, null, line, "is not a setting (expected Key=Value, or a comment starting with #)"));
                MarkTroubled(troubled, current);
                continue;
            }

            var key = line[..equals].TrimEnd();
            var value = line[(equals + 1)..].TrimStart();
            if (current is null)
            {
                errors.Add(new SettingsError(source, lineNumber, null, null, key, "is outside a section (start the file with [DEFAULT] or [SESSION])"));
            }
            else if (!KnownKeys.IsKnown(key))
            {
                errors.Add(new SettingsError(source, lineNumber, section, null, key, KnownKeys.UnknownReason(key)));
                troubled.Add(current);
            }
            else if (current.TryGetValue(key, out var earlier))
            {
                errors.Add(new SettingsError(source, lineNumber, section, null, key, $"is set twice in this section (first on line {earlier.Line?.ToString(CultureInfo.InvariantCulture)})"));
                troubled.Add(current);
            }
            else
            {
                current[key] = new RawValue(value, lineNumber, section, Inherited: false);
            }
        }

        if (sessions.Count == 0)
        {
            errors.Add(new SettingsError(source, null, null, null, "[SESSION]", "is missing: the file defines no session"));
        }

        var result = new List<RawSession>(sessions.Count);
        foreach (var (headerLine, values) in sessions)
        {
            var raw = new RawSession(source, headerLine, SessionSection, static key => key)
            {
                HasUnreadLines = troubled.Contains(values) || troubled.Contains(defaults),
            };
            foreach (var (key, value) in defaults)
            {
                raw.Set(key, value with { Inherited = true });
            }

            foreach (var (key, value) in values)
            {
                raw.Set(key, value);
            }

            result.Add(raw);
        }

        return result;
    }

    private static void MarkTroubled(HashSet<Dictionary<string, RawValue>> troubled, Dictionary<string, RawValue>? section)
    {
        if (section is not null)
        {
            troubled.Add(section);
        }
    }
}
