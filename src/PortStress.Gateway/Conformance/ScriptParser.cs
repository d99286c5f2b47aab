using System.Globalization;
using System.Text;

namespace PortStress.Gateway.Conformance;

/// <summary>
/// Reads the QuickFIX acceptance-script format (<c>.def</c>): one step per line.
/// <list type="bullet">
/// <item><c>#…</c> comments and blank lines are skipped.</item>
/// <item><c>iCONNECT</c>, <c>iDISCONNECT</c>, <c>eDISCONNECT</c>, each with an optional connection
/// prefix (<c>i2,CONNECT</c>, <c>e1,DISCONNECT</c>).</item>
/// <item><c>I&lt;fields&gt;</c> / <c>E&lt;fields&gt;</c>, optionally <c>I2,&lt;fields&gt;</c>: a message to send or expect.</item>
/// <item><c>sleep(N)</c>: N seconds, possibly fractional.</item>
/// </list>
/// Files are read as Latin-1 so every byte of a message (UTF-8 text, data fields) is kept.
/// </summary>
internal static class ScriptParser
{
    /// <summary>Parses a script file; the script is named after the file without <c>.def</c>.</summary>
    /// <param name="path">The <c>.def</c> file.</param>
    /// <exception cref="ScriptFormatException">A line is not in the format.</exception>
    public static ConformanceScript ParseFile(string path) =>
        Parse(Path.GetFileNameWithoutExtension(path), File.ReadAllBytes(path));

    /// <summary>Parses script bytes.</summary>
    /// <param name="name">The script's name for reports.</param>
    /// <param name="content">The file's bytes.</param>
    /// <exception cref="ScriptFormatException">A line is not in the format.</exception>
    public static ConformanceScript Parse(string name, ReadOnlySpan<byte> content) => Parse(name, Encoding.Latin1.GetString(content));

    /// <summary>Parses script text (Latin-1 decoded).</summary>
    /// <param name="name">The script's name for reports.</param>
    /// <param name="text">The file's text.</param>
    /// <exception cref="ScriptFormatException">A line is not in the format.</exception>
    public static ConformanceScript Parse(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(text);
        var steps = new List<ScriptStep>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            try
            {
                steps.Add(ParseLine(line, i + 1));
            }
            catch (FormatException e)
            {
                throw new ScriptFormatException(name, i + 1, e.Message);
            }
        }

        return new ConformanceScript(name, steps);
    }

    private static ScriptStep ParseLine(string line, int number)
    {
        if (line.StartsWith("sleep(", StringComparison.Ordinal))
        {
            var close = line.IndexOf(')', StringComparison.Ordinal);
            if (close < 0 || line[(close + 1)..].Trim().Length != 0
                || !double.TryParse(line[6..close], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
                || seconds > TimeSpan.FromHours(1).TotalSeconds)
            {
                throw new FormatException($"'{line.Trim()}' is not sleep(seconds)");
            }

            return new ScriptStep(ScriptStepKind.Sleep, number, 0, Delay: TimeSpan.FromSeconds(seconds));
        }

        var directive = line[0];
        var (connection, rest) = SplitConnection(line);
        switch (directive)
        {
            case 'i':
                return rest.Trim() switch
                {
                    "CONNECT" => new ScriptStep(ScriptStepKind.Connect, number, connection),
                    "DISCONNECT" => new ScriptStep(ScriptStepKind.Disconnect, number, connection),
                    _ => throw new FormatException($"'{line.Trim()}' is neither iCONNECT nor iDISCONNECT"),
                };
            case 'e':
                return rest.Trim() == "DISCONNECT"
                    ? new ScriptStep(ScriptStepKind.ExpectDisconnect, number, connection)
                    : throw new FormatException($"'{line.Trim()}' is not eDISCONNECT");
            case 'I':
                return new ScriptStep(ScriptStepKind.Send, number, connection, MessageTemplate.Parse(rest));
            case 'E':
                return new ScriptStep(ScriptStepKind.Expect, number, connection, MessageTemplate.Parse(rest));
            default:
                throw new FormatException($"unknown directive '{Shorten(line)}' (expected #, i, e, I, E or sleep)");
        }
    }

    /// <summary>Splits <c>I2,8=…</c> into (2, <c>8=…</c>); without a <c>digits,</c> prefix the connection is 1.</summary>
    private static (int Connection, string Text) SplitConnection(string line)
    {
        var i = 1;
        while (i < line.Length && char.IsAsciiDigit(line[i]))
        {
            i++;
        }

        if (i > 1 && i < line.Length && line[i] == ',')
        {
            if (!int.TryParse(line.AsSpan(1, i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var connection) || connection is < 1 or > 64)
            {
                throw new FormatException($"connection number '{line[1..i]}' is not between 1 and 64");
            }

            return (connection, line[(i + 1)..]);
        }

        return (1, line[1..]);
    }

    private static string Shorten(string line) => line.Length <= 40 ? line : line[..40] + "…";
}
