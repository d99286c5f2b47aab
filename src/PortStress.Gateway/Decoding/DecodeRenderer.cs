using System.Globalization;
using System.Text.Json;
using PortStress.Fix.Protocol.Validation;

namespace PortStress.Gateway.Decoding;

/// <summary>Prints decoded items for people (aligned text) or machines (one JSON object per line).</summary>
internal static class DecodeRenderer
{
    public static void WriteText(TextWriter output, DecodedItem item)
    {
        var where = string.Create(CultureInfo.InvariantCulture, $"#{item.Index} (line {item.Line})");
        if (item.Kind != DecodedKind.Message)
        {
            output.WriteLine($"{where} {(item.Kind == DecodedKind.Truncated ? "truncated" : "rejected")}: {item.Reason}");
            return;
        }

        var name = item.MsgName is null ? item.MsgType : $"{item.MsgName} ({item.MsgType})";
        var verdict = item.Validation switch
        {
            null => string.Empty,
            { IsValid: true } => "  [valid]",
            { } v => $"  [invalid: {Describe(v, item)}]",
        };
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{where} {item.BeginString} {name}, {item.Length} bytes{verdict}"));
        if (item.Reason is not null)
        {
            output.WriteLine($"    note: {item.Reason}");
        }

        var width = item.Fields.Count == 0 ? 0 : item.Fields.Max(f => (f.Name ?? string.Empty).Length);
        foreach (var f in item.Fields)
        {
            var meaning = f.Meaning is null ? string.Empty : $" ({f.Meaning})";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {f.Tag,5}  {(f.Name ?? "?").PadRight(width)}  {f.Value}{meaning}"));
        }
    }

    public static void WriteJson(Stream output, DecodedItem item)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteNumber("index", item.Index);
        json.WriteNumber("line", item.Line);
        json.WriteString("status", item.Kind switch { DecodedKind.Message => "message", DecodedKind.Truncated => "truncated", _ => "rejected" });
        if (item.Reason is not null)
        {
            json.WriteString("reason", item.Reason);
        }

        if (item.Kind == DecodedKind.Message)
        {
            json.WriteString("beginString", item.BeginString);
            json.WriteString("msgType", item.MsgType);
            json.WriteString("msgName", item.MsgName);
            json.WriteNumber("length", item.Length);
            if (item.Validation is { } v)
            {
                json.WriteStartObject("validation");
                json.WriteBoolean("valid", v.IsValid);
                if (!v.IsValid)
                {
                    json.WriteString("status", v.Status.ToString());
                    json.WriteString("text", v.Text);
                    if (v.Status == ValidationStatus.Rejected)
                    {
                        json.WriteNumber("sessionRejectReason", (int)v.Reason);
                        if (v.RefTagId is { } refTag)
                        {
                            json.WriteNumber("refTagId", refTag);
                        }
                    }
                }

                json.WriteEndObject();
            }

            json.WriteStartArray("fields");
            foreach (var f in item.Fields)
            {
                json.WriteStartObject();
                json.WriteNumber("tag", f.Tag);
                json.WriteString("name", f.Name);
                json.WriteString("value", f.Value);
                json.WriteString("meaning", f.Meaning);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    private static string Describe(ValidationResult v, DecodedItem item)
    {
        if (v.Status != ValidationStatus.Rejected || v.RefTagId is not { } refTag)
        {
            return v.Text;
        }

        var name = item.Dictionary?.GetField(refTag)?.Name;
        return string.Create(CultureInfo.InvariantCulture, $"{v.Text}, tag {refTag}{(name is null ? string.Empty : " " + name)}, SessionRejectReason {(int)v.Reason}");
    }
}
