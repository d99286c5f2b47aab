using System.Text.Json;

namespace PortStress.Gateway.E2E.Tests;

/// <summary>Reads a JSON-lines record stream another process is appending to (a torn last line is left for the next read).</summary>
internal static class RecordFile
{
    public static IReadOnlyList<JsonElement> Read(string path)
    {
        if (!File.Exists(path))
            return [];
        string text;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var reader = new StreamReader(stream))
            text = reader.ReadToEnd();
        var records = new List<JsonElement>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0)
                continue;
            try
            {
                using var document = JsonDocument.Parse(line);
                records.Add(document.RootElement.Clone());
            }
            catch (JsonException)
            {
                break; // the writer is mid-line
            }
        }

        return records;
    }

    public static string? String(this JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static double Number(this JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN;
}
