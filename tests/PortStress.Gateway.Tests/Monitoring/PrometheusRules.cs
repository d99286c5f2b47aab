using System.Globalization;
using System.Text.RegularExpressions;

namespace PortStress.Gateway.Tests.Monitoring;

/// <summary>One alerting rule of a Prometheus rule file.</summary>
public sealed record PrometheusRule(string Group, string Alert, string Expr, string For,
    IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations);

/// <summary>
/// Reads a Prometheus rule file. No YAML package is referenced (none is in the package feed's cache and one file does
/// not justify a dependency): <see cref="MiniYaml"/> parses the block-style subset rule files are written in and
/// rejects anything else, and this class checks the rule-file structure (groups with a name and rules; each rule an
/// alert with expr, an optional Prometheus duration in for, string labels and annotations).
/// </summary>
public static partial class PrometheusRules
{
    public static IReadOnlyList<PrometheusRule> Load(string path)
    {
        var root = MiniYaml.Parse(File.ReadAllText(path)) as Dictionary<string, object?>
            ?? throw new FormatException("a rule file is a mapping");
        Only(root, "root", "groups");
        var rules = new List<PrometheusRule>();
        foreach (var g in List(root, "groups"))
        {
            var group = Map(g, "group");
            Only(group, "group", "name", "interval", "rules", "labels", "limit");
            var name = Text(group, "name");
            foreach (var r in List(group, "rules"))
            {
                var rule = Map(r, $"rule of {name}");
                Only(rule, "rule", "alert", "expr", "for", "keep_firing_for", "labels", "annotations");
                var alert = Text(rule, "alert");
                var expr = Text(rule, "expr");
                var @for = rule.TryGetValue("for", out var f) ? f as string ?? throw new FormatException($"{alert}: for is not a scalar") : "0s";
                if (!Duration().IsMatch(@for))
                    throw new FormatException($"{alert}: for '{@for}' is not a Prometheus duration");
                if (expr.Count(c => c == '(') != expr.Count(c => c == ')'))
                    throw new FormatException($"{alert}: unbalanced parentheses in expr");
                rules.Add(new PrometheusRule(name, alert, expr, @for, Strings(rule, "labels"), Strings(rule, "annotations")));
            }
        }
        if (rules.Select(r => r.Alert).Distinct().Count() != rules.Count)
            throw new FormatException("alert names repeat");
        return rules;
    }

    [GeneratedRegex("^([0-9]+(ms|s|m|h|d|w|y))+$")]
    private static partial Regex Duration();

    private static void Only(Dictionary<string, object?> map, string what, params string[] keys)
    {
        foreach (var key in map.Keys)
        {
            if (!keys.Contains(key))
                throw new FormatException($"{what}: unexpected key '{key}'");
        }
    }

    private static Dictionary<string, object?> Map(object? value, string what) =>
        value as Dictionary<string, object?> ?? throw new FormatException($"{what} is not a mapping");

    private static List<object?> List(Dictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out var v) && v is List<object?> list ? list : throw new FormatException($"'{key}' is not a list");

    private static string Text(Dictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out var v) && v is string { Length: > 0 } s ? s : throw new FormatException($"'{key}' is missing or not a string");

    private static Dictionary<string, string> Strings(Dictionary<string, object?> map, string key)
    {
        if (!map.TryGetValue(key, out var v))
            return [];
        return Map(v, key).ToDictionary(kv => kv.Key, kv => kv.Value as string ?? throw new FormatException($"{key}.{kv.Key} is not a string"));
    }
}

/// <summary>
/// The block-style YAML subset of rule files: indentation by spaces, <c>key: value</c> mappings, <c>- </c> sequences
/// (an item may open a mapping on its own line), plain, single- and double-quoted scalars, <c>#</c> comments. Tabs,
/// flow collections, anchors, tags and multi-line scalars are refused with the line number.
/// </summary>
public static class MiniYaml
{
    public static object? Parse(string text)
    {
        var lines = new List<(int Number, int Indent, string Content)>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (line.Contains('\t', StringComparison.Ordinal))
                throw new FormatException($"line {number}: tabs are not allowed");
            var content = StripComment(line, number).TrimEnd();
            if (content.Trim().Length == 0 || content.Trim() == "---")
                continue;
            lines.Add((number, content.Length - content.TrimStart().Length, content.Trim()));
        }
        var position = 0;
        var result = ParseBlock(lines, ref position, lines.Count == 0 ? 0 : lines[0].Indent);
        if (position != lines.Count)
            throw new FormatException($"line {lines[position].Number}: unexpected indentation");
        return result;
    }

    private static object? ParseBlock(List<(int Number, int Indent, string Content)> lines, ref int position, int indent)
    {
        if (position >= lines.Count)
            return null;
        if (lines[position].Content.StartsWith("- ", StringComparison.Ordinal) || lines[position].Content == "-")
        {
            var list = new List<object?>();
            while (position < lines.Count && lines[position].Indent == indent && (lines[position].Content.StartsWith("- ", StringComparison.Ordinal) || lines[position].Content == "-"))
            {
                var (lineNumber, _, content) = lines[position];
                var rest = content.Length > 1 ? content[2..].TrimStart() : string.Empty;
                if (rest.Length == 0)
                {
                    position++;
                    list.Add(position < lines.Count && lines[position].Indent > indent ? ParseBlock(lines, ref position, lines[position].Indent) : null);
                    continue;
                }
                // "- key: value" opens a mapping whose keys sit at the column after "- ".
                var itemIndent = indent + (content.Length - rest.Length);
                lines[position] = (lineNumber, itemIndent, rest);
                list.Add(IsKey(rest) ? ParseBlock(lines, ref position, itemIndent) : ScalarLine(lines, ref position));
            }
            return list;
        }
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (position < lines.Count && lines[position].Indent == indent)
        {
            var (lineNumber, _, content) = lines[position];
            if (!IsKey(content))
                throw new FormatException($"line {lineNumber}: expected 'key: value'");
            var colon = KeyEnd(content);
            var key = Scalar(content[..colon].Trim(), lineNumber);
            var value = content[(colon + 1)..].Trim();
            if (!map.TryAdd(key, null))
                throw new FormatException($"line {lineNumber}: duplicate key '{key}'");
            position++;
            if (value.Length > 0)
                map[key] = Scalar(value, lineNumber);
            else if (position < lines.Count && lines[position].Indent > indent)
                map[key] = ParseBlock(lines, ref position, lines[position].Indent);
            else if (position < lines.Count && lines[position].Indent == indent && lines[position].Content.StartsWith('-'))
                map[key] = ParseBlock(lines, ref position, indent);
        }
        if (position < lines.Count && lines[position].Indent > indent)
            throw new FormatException($"line {lines[position].Number}: unexpected indentation");
        return map;
    }

    private static string ScalarLine(List<(int Number, int Indent, string Content)> lines, ref int position)
    {
        var (number, _, content) = lines[position++];
        return Scalar(content, number);
    }

    private static bool IsKey(string content) => KeyEnd(content) > 0;

    private static int KeyEnd(string content)
    {
        if (content.StartsWith('"') || content.StartsWith('\''))
            return -1;
        for (var i = 0; i < content.Length; i++)
        {
            if (content[i] == ':' && (i + 1 == content.Length || content[i + 1] == ' '))
                return i;
        }
        return -1;
    }

    private static string Scalar(string value, int number)
    {
        if (value.Length > 0 && "[{&*!|>%@`".Contains(value[0], StringComparison.Ordinal))
            throw new FormatException($"line {number}: '{value[0]}' (flow collections, anchors, tags, block scalars) is outside the supported subset");
        if (value.StartsWith('"'))
        {
            if (value.Length < 2 || !value.EndsWith('"'))
                throw new FormatException($"line {number}: unterminated double-quoted string");
            return Regex.Unescape(value[1..^1]);
        }
        if (value.StartsWith('\''))
        {
            if (value.Length < 2 || !value.EndsWith('\''))
                throw new FormatException($"line {number}: unterminated single-quoted string");
            return value[1..^1].Replace("''", "'", StringComparison.Ordinal);
        }
        return value.ToString(CultureInfo.InvariantCulture);
    }

    private static string StripComment(string line, int number)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == '\\' && quote == '"')
                    i++;
                else if (c == quote)
                    quote = '\0';
            }
            else if (c is '"' or '\'' && (i == 0 || line[i - 1] is ' ' or ':' or '-'))
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || line[i - 1] == ' '))
            {
                return line[..i];
            }
        }
        if (quote != '\0')
            throw new FormatException($"line {number}: unterminated quoted string");
        return line;
    }
}
