using System.Globalization;
using System.Text.Json;

namespace PortStress.Gateway.Bench;

/// <summary>Writes a <see cref="RoundTripResult"/> as a table for a person or as one JSON object.</summary>
internal static class RoundTripReportWriter
{
    public static void WriteText(TextWriter output, RoundTripResult result)
    {
        var (engine, echo) = (result.Engine, result.Echo);
        var culture = CultureInfo.InvariantCulture;
        void Row(string label, double engineValue, double echoValue, string format, bool ratio = true) =>
            output.WriteLine(string.Create(
                culture,
                $"  {label,-34} {engineValue.ToString(format, culture),12} {echoValue.ToString(format, culture),12} {(ratio ? (engineValue / echoValue).ToString("0.00", culture) + "x" : string.Empty),10}"));

        void Costs(RuntimeCost engineCost, RuntimeCost echoCost)
        {
            Row("allocated B / round trip", engineCost.AllocatedBytes, echoCost.AllocatedBytes, "0.0", ratio: false);
            Row("thread-pool work items / round trip", engineCost.ThreadPoolItems, echoCost.ThreadPoolItems, "0.00", ratio: false);
            Row("lock contentions / round trip", engineCost.LockContentions, echoCost.LockContentions, "0.000", ratio: false);
            output.WriteLine(string.Create(
                culture,
                $"  {"collections gen0/gen1/gen2",-34} {Collections(engineCost.Gen0, engineCost.Gen1, engineCost.Gen2),12} {Collections(echoCost.Gen0, echoCost.Gen1, echoCost.Gen2),12}"));
        }

        output.WriteLine();
        output.WriteLine(string.Create(culture, $"  {string.Empty,-34} {"engine",12} {"echo",12} {"engine/echo",10}"));
        output.WriteLine(string.Create(culture, $"pipelined, window {engine.Pipelined.Window}, {engine.Pipelined.Seconds:0.0} s"));
        Row("round trips/s", engine.Pipelined.RoundTripsPerSecond, echo.Pipelined.RoundTripsPerSecond, "N0");
        Costs(engine.Pipelined.Cost, echo.Pipelined.Cost);
        output.WriteLine(string.Create(culture, $"fixed rate {engine.FixedRate.Rate:N0}/s, {engine.FixedRate.Orders:N0} orders; latency = ack - intended send (CO-corrected), us"));
        Row("p50", engine.FixedRate.Corrected.P50, echo.FixedRate.Corrected.P50, "0.0");
        Row("p99", engine.FixedRate.Corrected.P99, echo.FixedRate.Corrected.P99, "0.0");
        Row("p99.9", engine.FixedRate.Corrected.P999, echo.FixedRate.Corrected.P999, "0.0");
        Row("max", engine.FixedRate.Corrected.Max, echo.FixedRate.Corrected.Max, "0.0");
        Row("p50 uncorrected (ack - actual send)", engine.FixedRate.Uncorrected.P50, echo.FixedRate.Uncorrected.P50, "0.0");
        Row("p99 uncorrected", engine.FixedRate.Uncorrected.P99, echo.FixedRate.Uncorrected.P99, "0.0");
        Row("max sender lag behind schedule", engine.FixedRate.MaxSendLagMicros, echo.FixedRate.MaxSendLagMicros, "0.0", ratio: false);
        Costs(engine.FixedRate.Cost, echo.FixedRate.Cost);
        output.WriteLine("orders");
        foreach (var target in new[] { engine, echo })
        {
            var verdict = target.EveryOrderAcknowledgedOnce ? "every order acknowledged exactly once" : "NOT every order acknowledged exactly once";
            output.WriteLine(string.Create(
                culture,
                $"  {target.Name,-6} {target.Sent:N0} sent, {target.Acknowledged:N0} acknowledged, {target.Duplicates} duplicates, {target.Missing} missing, {target.Faults} faults: {verdict}"));
        }

        WriteAllocationTypes(output, "engine allocations sampled by GC AllocationTick (timed phases; about one event per 100 KB)", result.AllocationTypes);

        output.WriteLine("targets");
        foreach (var verdict in result.Verdicts)
        {
            var value = verdict.Name == "throughput"
                ? string.Create(culture, $"{verdict.Value:N0} rt/s")
                : string.Create(culture, $"{verdict.Value:0.00}x");
            output.WriteLine($"  [{(verdict.Met ? "met" : "MISSED")}] {verdict.Goal}: {value}");
        }
    }

    /// <summary>The sampled allocation types under a heading, nothing when there are none.</summary>
    internal static void WriteAllocationTypes(TextWriter output, string heading, IReadOnlyList<AllocationSample> samples)
    {
        if (samples.Count == 0)
        {
            return;
        }

        output.WriteLine(heading);
        foreach (var sample in samples)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {sample.SampledBytes,14:N0} B {sample.Events,6} events  {sample.TypeName}"));
        }
    }

    private static string Collections(int gen0, int gen1, int gen2) => string.Create(CultureInfo.InvariantCulture, $"{gen0}/{gen1}/{gen2}");

    public static void WriteJson(Stream output, RoundTripResult result)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartObject("options");
        json.WriteNumber("durationSeconds", result.Options.Duration.TotalSeconds);
        json.WriteNumber("warmupSeconds", result.Options.Warmup.TotalSeconds);
        json.WriteNumber("rate", result.Options.Rate);
        json.WriteNumber("window", result.Options.Window);
        json.WriteString("store", result.Options.Store.ToString().ToLowerInvariant());
        json.WriteEndObject();
        json.WriteStartObject("machine");
        json.WriteString("cpu", result.Machine.Cpu);
        json.WriteNumber("cores", result.Machine.Cores);
        json.WriteString("runtime", result.Machine.Runtime);
        json.WriteString("os", result.Machine.Os);
        json.WriteBoolean("serverGc", result.Machine.ServerGc);
        json.WriteBoolean("inlineSocketCompletions", result.Machine.InlineSocketCompletions);
        json.WriteEndObject();
        WriteTarget(json, result.Engine);
        WriteTarget(json, result.Echo);
        json.WriteStartObject("ratios");
        Number(json, "p50", result.P50Ratio);
        Number(json, "p99", result.P99Ratio);
        Number(json, "p999", result.P999Ratio);
        Number(json, "roundTripsPerSecond", result.ThroughputRatio);
        json.WriteEndObject();
        WriteVerdicts(json, result.Verdicts);
        json.WriteStartArray("allocationTypes");
        foreach (var sample in result.AllocationTypes)
        {
            json.WriteStartObject();
            json.WriteString("type", sample.TypeName);
            json.WriteNumber("events", sample.Events);
            json.WriteNumber("sampledBytes", sample.SampledBytes);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteTarget(Utf8JsonWriter json, TargetMeasurement target)
    {
        json.WriteStartObject(target.Name);
        json.WriteStartObject("pipelined");
        json.WriteNumber("window", target.Pipelined.Window);
        Number(json, "seconds", target.Pipelined.Seconds);
        json.WriteNumber("roundTrips", target.Pipelined.RoundTrips);
        Number(json, "roundTripsPerSecond", target.Pipelined.RoundTripsPerSecond);
        Cost(json, target.Pipelined.Cost);
        json.WriteEndObject();
        json.WriteStartObject("fixedRate");
        json.WriteNumber("rate", target.FixedRate.Rate);
        json.WriteNumber("orders", target.FixedRate.Orders);
        Latency(json, "latencyMicros", target.FixedRate.Corrected);
        Latency(json, "uncorrectedLatencyMicros", target.FixedRate.Uncorrected);
        Number(json, "maxSendLagMicros", target.FixedRate.MaxSendLagMicros);
        Cost(json, target.FixedRate.Cost);
        json.WriteEndObject();
        json.WriteNumber("sent", target.Sent);
        json.WriteNumber("acknowledged", target.Acknowledged);
        json.WriteNumber("duplicates", target.Duplicates);
        json.WriteNumber("missing", target.Missing);
        json.WriteNumber("faults", target.Faults);
        json.WriteBoolean("everyOrderAcknowledgedOnce", target.EveryOrderAcknowledgedOnce);
        json.WriteEndObject();
    }

    private static void Cost(Utf8JsonWriter json, RuntimeCost cost)
    {
        Number(json, "allocatedBytesPerRoundTrip", cost.AllocatedBytes);
        Number(json, "threadPoolItemsPerRoundTrip", cost.ThreadPoolItems);
        Number(json, "lockContentionsPerRoundTrip", cost.LockContentions);
        json.WriteNumber("gen0", cost.Gen0);
        json.WriteNumber("gen1", cost.Gen1);
        json.WriteNumber("gen2", cost.Gen2);
    }

    private static void Latency(Utf8JsonWriter json, string name, LatencySummary summary)
    {
        json.WriteStartObject(name);
        json.WriteNumber("count", summary.Count);
        json.WriteNumber("dropped", summary.Dropped);
        Number(json, "p50", summary.P50);
        Number(json, "p99", summary.P99);
        Number(json, "p999", summary.P999);
        Number(json, "max", summary.Max);
        json.WriteEndObject();
    }

    /// <summary>The <c>targets</c> array: each target's name, goal, value and whether it was met.</summary>
    internal static void WriteVerdicts(Utf8JsonWriter json, IReadOnlyList<TargetVerdict> verdicts)
    {
        json.WriteStartArray("targets");
        foreach (var verdict in verdicts)
        {
            json.WriteStartObject();
            json.WriteString("name", verdict.Name);
            json.WriteString("goal", verdict.Goal);
            Number(json, "value", verdict.Value);
            json.WriteBoolean("met", verdict.Met);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>JSON has no NaN: a figure that could not be measured is null.</summary>
    internal static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, Math.Round(value, 3));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
