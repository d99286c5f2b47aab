using System.Text.Json;

namespace PortStress.Analytics.Tests.Storage;

/// <summary>A temporary records folder the tests write jsonl streams into by hand; deleted on dispose.</summary>
public sealed class RecordFolder : IDisposable
{
    /// <summary>Times in the hand-made records are offsets from this (µs since the epoch; 2023-11-14 22:13:20 UTC).</summary>
    public const long T0 = 1_700_000_000_000_000;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = null };

    /// <summary>Creates an empty folder.</summary>
    public RecordFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "portstress-analytics-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    /// <summary>The folder.</summary>
    public string Root { get; }

    /// <summary>A path under the folder.</summary>
    /// <param name="parts">Path parts.</param>
    public string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>µs since the epoch at <paramref name="seconds"/> after <see cref="T0"/>.</summary>
    /// <param name="seconds">The offset.</param>
    public static long At(double seconds) => T0 + (long)Math.Round(seconds * 1_000_000);

    /// <summary>Appends records to <c>{run}/{stream}.jsonl</c> (run "" for the folder itself).</summary>
    /// <param name="run">The run subdirectory, or empty.</param>
    /// <param name="stream">The stream name.</param>
    /// <param name="records">Objects serialized as one line each, with <c>type</c> added.</param>
    public void Write(string run, string stream, params object[] records)
    {
        var directory = run.Length == 0 ? Root : PathOf(run);
        Directory.CreateDirectory(directory);
        using var file = File.AppendText(Path.Combine(directory, stream + ".jsonl"));
        foreach (var record in records)
        {
            var element = JsonSerializer.SerializeToElement(record, Json);
            var line = new Dictionary<string, JsonElement> { ["type"] = JsonSerializer.SerializeToElement(stream) };
            foreach (var property in element.EnumerateObject())
                line[property.Name] = property.Value;
            file.WriteLine(JsonSerializer.Serialize(line, Json));
        }
    }

    /// <summary>A mid record.</summary>
    /// <param name="seconds">Offset from <see cref="T0"/>.</param>
    /// <param name="symbol">The symbol.</param>
    /// <param name="bid">Bid.</param>
    /// <param name="ask">Ask.</param>
    public static object Mid(double seconds, string symbol, decimal bid, decimal ask) =>
        new { time = At(seconds), symbol, bid, ask, mid = (bid + ask) / 2, volume = 0m };

    /// <summary>A child order record with the fields the analytics read.</summary>
    /// <param name="orderId">Order id.</param>
    /// <param name="parentId">Parent id.</param>
    /// <param name="side">buy or sell.</param>
    /// <param name="quantity">Quantity.</param>
    /// <param name="decision">Decision, s after T0.</param>
    /// <param name="arrival">Arrival at the gate.</param>
    /// <param name="sent">Sent; null when refused.</param>
    /// <param name="decidedState">The decided state.</param>
    /// <param name="shadow">Shadow mode.</param>
    /// <param name="symbol">The symbol.</param>
    /// <param name="urgency">The urgency name.</param>
    /// <param name="p">P(stress).</param>
    public static object Order(long orderId, long parentId, string side, decimal quantity, double decision, double arrival, double? sent,
        string decidedState = "GREEN", bool shadow = false, string symbol = "XYZ", string urgency = "normal", double p = 0.1) => new
        {
            orderId,
            parentId,
            venue = "SIM",
            symbol,
            side,
            urgency,
            catchUp = false,
            retry = false,
            urgencyOverride = false,
            appliedState = shadow ? "GREEN" : decidedState,
            decidedState,
            shadow,
            snapshotVersion = 0,
            p,
            ppr = 0.0,
            twr = 0.0,
            cfr = (double?)null,
            decisionTime = At(decision),
            arrivalTime = At(arrival),
            intendedLaunchTime = At(arrival),
            deadline = 0,
            sentTime = sent is { } s ? At(s) : 0,
            outcomeTime = At(sent ?? arrival),
            holds = Array.Empty<string>(),
            holdMicros = 0,
            intendedHoldMicros = 0,
            quantity,
            sentQuantity = sent is null ? 0 : quantity,
            trimmedQuantity = 0m,
            catchUpCappedQuantity = 0m,
            limitPrice = (decimal?)null,
            jitterMicros = 0,
            session = sent is null ? null : "GW1",
            gateRetries = 0,
            outcome = sent is null ? "refused" : "sent",
            refusal = sent is null ? "noSession" : null,
            wouldSentQuantity = (decimal?)null,
            wouldJitterMicros = (long?)null,
            wouldContain = (bool?)null,
            wouldRequireApproval = (bool?)null,
        };

    /// <summary>An order event record.</summary>
    /// <param name="orderId">The child.</param>
    /// <param name="parentId">Its parent.</param>
    /// <param name="kind">acknowledged, rejected, filled or done.</param>
    /// <param name="seconds">When, s after T0.</param>
    /// <param name="quantity">Fill quantity or leaves.</param>
    /// <param name="price">Fill price.</param>
    public static object Event(long orderId, long parentId, string kind, double seconds, decimal quantity = 0, decimal price = 0) =>
        new { orderId, parentId, @event = kind, time = At(seconds), venue = "SIM", session = "GW1", quantity, price, ackLatencyMicros = 0, reason = (string?)null };

    /// <summary>A parent record.</summary>
    /// <param name="parentId">The parent.</param>
    /// <param name="side">buy or sell.</param>
    /// <param name="quantity">Quantity.</param>
    /// <param name="decision">Decision, s after T0.</param>
    /// <param name="end">End, s after T0.</param>
    /// <param name="filled">Filled.</param>
    /// <param name="symbol">The symbol.</param>
    public static object Parent(long parentId, string side, decimal quantity, double decision, double end, decimal filled, string symbol = "XYZ") =>
        new { parentId, venue = "SIM", symbol, side, quantity, decisionTime = At(decision), endTime = At(end), filled, algorithm = "twap" };

    /// <summary>A control tick.</summary>
    /// <param name="seconds">When, s after T0.</param>
    /// <param name="state">The state.</param>
    /// <param name="p">P(stress).</param>
    /// <param name="cfr">CFR.</param>
    public static object Tick(double seconds, string state, double p, double cfr) =>
        new { time = At(seconds), state, shadow = false, p, ppr = p / 2, twr = 0.0, cfr, connectFailures = 0, ctl95Relative = 0.0, rbi = 0.0, dsd95Relative = 0.0, ctl95 = (double?)null };

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
