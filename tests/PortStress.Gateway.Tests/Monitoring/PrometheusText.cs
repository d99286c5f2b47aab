using System.Globalization;
using System.Text;

namespace PortStress.Gateway.Tests.Monitoring;

/// <summary>One sample of a scrape: metric name, labels, value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A strict parser of the Prometheus text exposition format (0.0.4): <c># HELP</c>, <c># TYPE</c>, and sample lines
/// <c>name{label="value",...} value [timestamp]</c> with the format's escapes. Anything else is a
/// <see cref="FormatException"/> naming the line, so a scrape that parses is one Prometheus can ingest.
/// </summary>
public sealed class PrometheusText
{
    private readonly List<PrometheusSample> _samples = [];
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);

    private PrometheusText()
    {
    }

    public IReadOnlyList<PrometheusSample> Samples => _samples;

    /// <summary>Metric family name → type (counter, gauge, histogram, summary, untyped).</summary>
    public IReadOnlyDictionary<string, string> Types => _types;

    /// <summary>Every sample name, plus every family name (a histogram's family has _bucket/_sum/_count samples).</summary>
    public IReadOnlySet<string> Names => _samples.Select(s => s.Name).Concat(_types.Keys).ToHashSet(StringComparer.Ordinal);

    public IEnumerable<PrometheusSample> this[string name] => _samples.Where(s => s.Name == name);

    public static PrometheusText Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new PrometheusText();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
                continue;
            if (line[0] == '#')
            {
                var parts = line.Split(' ', 4, StringSplitOptions.None);
                if (parts.Length >= 4 && parts[1] == "TYPE")
                {
                    if (parts[3] is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                        throw new FormatException($"line {lineNumber}: unknown type '{parts[3]}'");
                    CheckName(parts[2], lineNumber);
                    result._types[parts[2]] = parts[3];
                }
                else if (parts.Length >= 3 && parts[1] == "HELP")
                {
                    CheckName(parts[2], lineNumber);
                }
                continue;
            }
            result._samples.Add(ParseSample(line, lineNumber));
        }
        return result;
    }

    private static PrometheusSample ParseSample(string line, int lineNumber)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
            i++;
        var name = line[..i];
        CheckName(name, lineNumber);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (i < line.Length && line[i] != '}')
            {
                var start = i;
                while (i < line.Length && line[i] != '=')
                    i++;
                var label = line[start..i];
                CheckName(label, lineNumber);
                if (i + 1 >= line.Length || line[i + 1] != '"')
                    throw new FormatException($"line {lineNumber}: label {label} has no quoted value");
                i += 2;
                var value = new StringBuilder();
                while (i < line.Length && line[i] != '"')
                {
                    if (line[i] == '\\' && i + 1 < line.Length)
                    {
                        i++;
                        value.Append(line[i] switch { 'n' => '\n', '\\' => '\\', '"' => '"', _ => throw new FormatException($"line {lineNumber}: bad escape") });
                    }
                    else
                    {
                        value.Append(line[i]);
                    }
                    i++;
                }
                if (i >= line.Length)
                    throw new FormatException($"line {lineNumber}: unterminated label value");
                i++;
                labels[label] = value.ToString();
                if (i < line.Length && line[i] == ',')
                    i++;
            }
            if (i >= line.Length)
                throw new FormatException($"line {lineNumber}: unterminated label set");
            i++;
        }
        var rest = line[i..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length is < 1 or > 2)
            throw new FormatException($"line {lineNumber}: expected a value and an optional timestamp: '{line}'");
        var number = rest[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var v when double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => throw new FormatException($"line {lineNumber}: bad value '{rest[0]}'"),
        };
        if (rest.Length == 2 && !long.TryParse(rest[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            throw new FormatException($"line {lineNumber}: bad timestamp '{rest[1]}'");
        return new PrometheusSample(name, labels, number);
    }

    private static void CheckName(string name, int lineNumber)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] is '_' or ':')
            || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':'))
            throw new FormatException($"line {lineNumber}: '{name}' is not a valid metric or label name");
    }
}
