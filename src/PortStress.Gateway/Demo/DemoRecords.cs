using System.Globalization;
using System.Text.Json;

namespace PortStress.Gateway.Demo;

/// <summary>One child order from <c>order.jsonl</c>, the fields the demo's metrics need.</summary>
/// <param name="OrderId">The child (its ClOrdID).</param>
/// <param name="ParentId">Its parent.</param>
/// <param name="Symbol">The instrument.</param>
/// <param name="Buy">True for a buy.</param>
/// <param name="DecisionMicros">When the strategy decided it (unix µs).</param>
/// <param name="SentMicros">When it was handed to the session; 0 when refused.</param>
/// <param name="Outcome"><c>sent</c>, <c>heldThenSent</c> or <c>refused</c>.</param>
/// <param name="Contained">It waited in containment.</param>
/// <param name="Refusal">Why it was refused, or null.</param>
/// <param name="IntendedHoldMicros">The holds the controller meant (jitter, containment, approval), µs.</param>
internal sealed record ChildOrderRow(long OrderId, long ParentId, string Symbol, bool Buy, long DecisionMicros, long SentMicros, string Outcome, bool Contained, string? Refusal,
    long IntendedHoldMicros = 0)
{
    /// <summary>Sent (on arrival or after a hold).</summary>
    public bool WasSent => SentMicros > 0 && Outcome != "refused";
}

/// <summary>One fill from <c>order_event.jsonl</c>.</summary>
/// <param name="OrderId">The child.</param>
/// <param name="TimeMicros">When it was reported (unix µs).</param>
/// <param name="Quantity">LastQty.</param>
/// <param name="Price">LastPx.</param>
internal sealed record FillRow(long OrderId, long TimeMicros, decimal Quantity, decimal Price);

/// <summary>One mid price from <c>mid.jsonl</c>.</summary>
/// <param name="Symbol">The instrument.</param>
/// <param name="TimeMicros">When (unix µs).</param>
/// <param name="Mid">(bid + ask) / 2.</param>
internal sealed record MidRow(string Symbol, long TimeMicros, decimal Mid);

/// <summary>One control tick from <c>ticks.jsonl</c>.</summary>
/// <param name="TimeMicros">When (unix µs).</param>
/// <param name="State">The decided state (GREEN..RED).</param>
/// <param name="StressProbability">P(stress).</param>
/// <param name="ConnectFailureRatio">CFR.</param>
internal sealed record TickRow(long TimeMicros, string State, double StressProbability, double ConnectFailureRatio);

/// <summary>The record streams of one run directory, read back from the files the run wrote.</summary>
internal sealed class DemoRecords
{
    /// <summary>The child orders.</summary>
    public required IReadOnlyList<ChildOrderRow> Orders { get; init; }

    /// <summary>The fills.</summary>
    public required IReadOnlyList<FillRow> Fills { get; init; }

    /// <summary>The mids.</summary>
    public required IReadOnlyList<MidRow> Mids { get; init; }

    /// <summary>The ticks.</summary>
    public required IReadOnlyList<TickRow> Ticks { get; init; }

    /// <summary>Parent quantities by parent id (from <c>workload.json</c>).</summary>
    public required IReadOnlyDictionary<long, decimal> ParentQuantities { get; init; }

    /// <summary>Reads <paramref name="directory"/>; a missing stream is empty, a malformed line an <see cref="InvalidDataException"/>.</summary>
    /// <param name="directory">A run's records directory.</param>
    public static DemoRecords Load(string directory)
    {
        var orders = Read(directory, "order", e => new ChildOrderRow(
            e.GetProperty("orderId").GetInt64(),
            e.GetProperty("parentId").GetInt64(),
            e.GetProperty("symbol").GetString() ?? string.Empty,
            e.GetProperty("side").GetString() == "buy",
            e.GetProperty("decisionTime").GetInt64(),
            e.GetProperty("sentTime").GetInt64(),
            e.GetProperty("outcome").GetString() ?? string.Empty,
            e.GetProperty("holds").EnumerateArray().Any(h => h.GetString() == "containment"),
            e.GetProperty("refusal").ValueKind == JsonValueKind.String ? e.GetProperty("refusal").GetString() : null,
            e.TryGetProperty("intendedHoldMicros", out var held) && held.ValueKind == JsonValueKind.Number ? held.GetInt64() : 0));
        var fills = Read(directory, "order_event", e => e.GetProperty("event").GetString() == "filled"
            ? new FillRow(e.GetProperty("orderId").GetInt64(), e.GetProperty("time").GetInt64(), e.GetProperty("quantity").GetDecimal(), e.GetProperty("price").GetDecimal())
            : null);
        var mids = Read(directory, "mid", e => new MidRow(e.GetProperty("symbol").GetString() ?? string.Empty, e.GetProperty("time").GetInt64(), e.GetProperty("mid").GetDecimal()));
        var ticks = Read(directory, "ticks", e => new TickRow(
            e.GetProperty("time").GetInt64(),
            (e.GetProperty("state").GetString() ?? "GREEN").ToUpperInvariant(),
            Number(e, "p"),
            Number(e, "cfr")));
        var parents = new Dictionary<long, decimal>();
        var workload = Path.Combine(directory, "workload.json");
        if (File.Exists(workload))
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(workload));
            foreach (var parent in document.RootElement.GetProperty("parents").EnumerateArray())
                parents[parent.GetProperty("parentId").GetInt64()] = parent.GetProperty("quantity").GetDecimal();
        }

        return new DemoRecords { Orders = orders, Fills = fills, Mids = mids, Ticks = ticks, ParentQuantities = parents };
    }

    private static double Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN;

    private static List<T> Read<T>(string directory, string stream, Func<JsonElement, T?> map) where T : class
    {
        var path = Path.Combine(directory, stream + ".jsonl");
        var rows = new List<T>();
        if (!File.Exists(path))
            return rows;
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                using var document = JsonDocument.Parse(line);
                if (map(document.RootElement) is { } row)
                    rows.Add(row);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{path} line {number}: {e.Message}"), e);
            }
        }

        return rows;
    }
}
