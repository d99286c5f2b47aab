using System.Globalization;
using System.Text.Json;

namespace PortStress.Gateway.Bench.Gateway;

/// <summary>Writes a <see cref="GatewayBenchResult"/> as tables for a person or as one JSON object.</summary>
internal static class GatewayBenchReportWriter
{
    public static void WriteText(TextWriter output, GatewayBenchResult result)
    {
        var culture = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine($"machine: {result.Machine}; load {result.LoadBefore} at the start, {result.LoadAfter} at the end");
        if (result.Pairs.Count > 0)
        {
            output.WriteLine(string.Create(culture, $"latency pairs at {result.Options.Rate:N0}/s, {result.Options.Duration.TotalSeconds:0} s each side, back to back (which side goes first alternates); CO-corrected, us"));
            var relayed = result.Pairs.Any(p => p.Relay is not null);
            output.WriteLine(string.Create(culture, $"  {"pair",4} {"direct p50",11} {"gateway p50",12} {"direct p99",11} {"gateway p99",12} {"p99 ratio",10}{(relayed ? $" {"relay p50",10} {"relay p99",10} {"relay/direct",13} {"gateway/relay",14}" : string.Empty)}"));
            for (var i = 0; i < result.Pairs.Count; i++)
            {
                var pair = result.Pairs[i];
                var relay = pair.Relay is { } r
                    ? string.Create(culture, $" {r.Latency.P50,10:0.0} {r.Latency.P99,10:0.0} {pair.RelayP99Ratio,12:0.00}x {pair.GatewayOverRelayP99Ratio,13:0.00}x")
                    : string.Empty;
                output.WriteLine(string.Create(
                    culture,
                    $"  {i + 1,4} {pair.Direct.Latency.P50,11:0.0} {pair.Gateway.Latency.P50,12:0.0} {pair.Direct.Latency.P99,11:0.0} {pair.Gateway.Latency.P99,12:0.0} {pair.P99Ratio,9:0.00}x{relay}"));
            }

            if (relayed)
            {
                output.WriteLine(string.Create(
                    culture,
                    $"  the floor: a byte relay in the gateway's place (the same engine session end to end, two more hops, no FIX work) has a p99 {result.RelayP99Ratio:0.00}x the direct one (median of the pairs); the gateway's p99 is {result.GatewayOverRelayP99Ratio:0.00}x the relay's"));
            }
        }

        if (result.Direct is { } direct && result.Gateway is { } gateway)
        {
            output.WriteLine(string.Create(culture, $"the pair with the median p99 ratio, {gateway.Orders:N0} orders each side; ack - intended send (CO-corrected), us"));
            output.WriteLine(string.Create(culture, $"  {string.Empty,-34} {"direct",12} {"gateway",12} {"gateway/direct",15} {"added",10}"));
            void Row(string label, double directValue, double gatewayValue, bool ratio = true) =>
                output.WriteLine(string.Create(
                    culture,
                    $"  {label,-34} {directValue,12:0.0} {gatewayValue,12:0.0} {(ratio ? (gatewayValue / directValue).ToString("0.00", culture) + "x" : string.Empty),15} {(ratio ? (gatewayValue - directValue).ToString("+0.0;-0.0", culture) : string.Empty),10}"));
            Row("p50", direct.Latency.P50, gateway.Latency.P50);
            Row("p99", direct.Latency.P99, gateway.Latency.P99);
            Row("p99.9", direct.Latency.P999, gateway.Latency.P999);
            Row("max", direct.Latency.Max, gateway.Latency.Max);
            Row("p99 uncorrected (ack - actual send)", direct.Measurement.Uncorrected.P99, gateway.Measurement.Uncorrected.P99);
            Row("max sender lag behind schedule", direct.Measurement.MaxSendLagMicros, gateway.Measurement.MaxSendLagMicros, ratio: false);
            output.WriteLine(string.Create(culture, $"  {"achieved orders/s",-34} {direct.Achieved,12:N0} {gateway.Achieved,12:N0}"));
            output.WriteLine(string.Create(culture, $"  {"allocated B / order",-34} {direct.Measurement.Cost.AllocatedBytes,12:N0} {gateway.Measurement.Cost.AllocatedBytes,12:N0}"));
            output.WriteLine(string.Create(culture, $"  {"thread-pool work items / order",-34} {direct.Measurement.Cost.ThreadPoolItems,12:0.00} {gateway.Measurement.Cost.ThreadPoolItems,12:0.00}"));
            output.WriteLine(string.Create(culture, $"  {"collections gen0/gen1/gen2",-34} {Collections(direct.Measurement.Cost),12} {Collections(gateway.Measurement.Cost),12}"));
            output.WriteLine(string.Create(culture, $"  {"process CPU / order (us)",-34} {direct.Measurement.Cost.CpuMicroseconds,12:0.0} {gateway.Measurement.Cost.CpuMicroseconds,12:0.0}"));
            output.WriteLine(string.Create(culture, $"  {"GC pause in the phase (ms)",-34} {direct.Measurement.Cost.GcPauseMilliseconds,12:0.0} {gateway.Measurement.Cost.GcPauseMilliseconds,12:0.0}"));
            output.WriteLine(string.Create(culture, $"  {"lock contentions / order",-34} {direct.Measurement.Cost.LockContentions,12:0.000} {gateway.Measurement.Cost.LockContentions,12:0.000}"));
            var outbox = result.Outbox;
            var reports = outbox.SentAtOnce + outbox.SentLater;
            output.WriteLine(string.Create(culture, $"  reports upstream over the run: {outbox.SentAtOnce:N0} sent on the venue answer's thread, {outbox.SentLater:N0} by the upstream session's thread as it left the session ({(reports > 0 ? (double)outbox.SentLater / reports : 0):P1})"));
        }

        if (result.Steps.Count > 0)
        {
            output.WriteLine(string.Create(culture, $"rate steps through the gateway, {result.Options.StepDuration.TotalSeconds:0} s each (sustained: achieved >= {result.Options.SustainedShare:P0} of the rate and p99 <= the larger of {result.Options.SustainedP99.TotalMilliseconds:0} ms and 2x the direct p99; a step not sustained is tried once more)"));
            output.WriteLine(string.Create(culture, $"  {"rate/s",10} {"achieved/s",11} {"p50 us",9} {"p99 us",10} {"p99.9 us",10} {"alloc B/order",14}  verdict"));
            foreach (var step in result.Steps)
            {
                var phase = step.Phase;
                output.WriteLine(string.Create(
                    culture,
                    $"  {phase.Rate,10:N0} {phase.Achieved,11:N0} {phase.Latency.P50,9:0.0} {phase.Latency.P99,10:0.0} {phase.Latency.P999,10:0.0} {phase.Measurement.Cost.AllocatedBytes,14:N0}  {(step.Sustained ? "sustained" : "NOT sustained: " + step.Reason)}"));
            }

            output.WriteLine(string.Create(culture, $"  most sustained: {result.MaxSustainedRate:N0} child orders/s"));
        }

        if (result.Soak.Count > 0)
        {
            output.WriteLine(string.Create(culture, $"soak at {result.Options.Rate:N0}/s: {result.Soak[^1].Orders:N0} orders in {result.Soak[^1].Seconds:0} s"));
            output.WriteLine(string.Create(culture, $"  {"s",6} {"orders",12} {"achieved/s",11} {"p99 us",10} {"working set MB",15} {"live heap MB",13} {"gen2",5} {"router orders",14} {"gate live",10}"));
            foreach (var sample in result.Soak)
            {
                output.WriteLine(string.Create(
                    culture,
                    $"  {sample.Seconds,6:0} {sample.Orders,12:N0} {sample.Interval.Achieved,11:N0} {sample.Interval.Latency.P99,10:0.0} {sample.WorkingSetMegabytes,15:0.0} {sample.LiveHeapMegabytes,13:0.0} {sample.Gen2Collections,5} {sample.RouterOrders,14:N0} {sample.GateLive,10:N0}"));
            }

            output.WriteLine(string.Create(culture, $"  growth after the first {result.Options.SoakSettle.TotalSeconds:0} s: live heap {result.LiveHeapSlope:+0.00;-0.00} MB/min, working set {result.WorkingSetSlope:+0.00;-0.00} MB/min (least squares)"));
        }

        var accounting = result.Accounting;
        output.WriteLine("orders through the gateway");
        var answered = accounting.EveryOrderAnsweredOnce ? "every order acknowledged exactly once" : "NOT every order acknowledged exactly once";
        output.WriteLine(string.Create(
            culture,
            $"  {accounting.Sent:N0} sent, {accounting.Acknowledged:N0} answered, {accounting.Rejected} rejected, {accounting.Fills:N0} fills, {accounting.Interim} pending/restated, {accounting.Duplicates} duplicates, {accounting.Missing} missing: {answered}"));
        output.WriteLine($"  control-state transitions: {(accounting.Transitions.Count == 0 ? "none (GREEN throughout)" : string.Join("; ", accounting.Transitions))}");
        RoundTripReportWriter.WriteAllocationTypes(
            output, "allocations in the latency phase through the gateway, sampled by GC AllocationTick (about one event per 100 KB; the whole process)", result.AllocationTypes);

        output.WriteLine("targets");
        foreach (var verdict in result.Verdicts)
        {
            var value = verdict.Name switch
            {
                "throughput" => string.Create(culture, $"{verdict.Value:N0}/s"),
                "memory" => string.Create(culture, $"{verdict.Value:+0.00;-0.00} MB/min"),
                _ => string.Create(culture, $"{verdict.Value:0.00}x"),
            };
            output.WriteLine($"  [{(verdict.Met ? "met" : "MISSED")}] {verdict.Goal}: {value}");
        }
    }

    public static void WriteJson(Stream output, GatewayBenchResult result)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartObject("options");
        json.WriteNumber("rate", result.Options.Rate);
        json.WriteNumber("durationSeconds", result.Options.Duration.TotalSeconds);
        json.WriteNumber("warmupSeconds", result.Options.Warmup.TotalSeconds);
        json.WriteNumber("stepSeconds", result.Options.StepDuration.TotalSeconds);
        json.WriteNumber("window", result.Options.Window);
        json.WriteNumber("pairs", result.Options.Pairs);
        json.WriteBoolean("venueFills", result.Options.Fill);
        json.WriteBoolean("relay", result.Options.Relay);
        Number(json, "soakSeconds", result.Options.Soak?.TotalSeconds ?? double.NaN);
        json.WriteEndObject();
        json.WriteStartObject("machine");
        json.WriteString("cpu", result.Machine.Cpu);
        json.WriteNumber("cores", result.Machine.Cores);
        json.WriteString("runtime", result.Machine.Runtime);
        json.WriteBoolean("inlineSocketCompletions", result.Machine.InlineSocketCompletions);
        json.WriteString("loadBefore", result.LoadBefore);
        json.WriteString("loadAfter", result.LoadAfter);
        json.WriteEndObject();
        Phase(json, "direct", result.Direct);
        Phase(json, "gateway", result.Gateway);
        json.WriteStartArray("pairs");
        foreach (var pair in result.Pairs)
        {
            json.WriteStartObject();
            Phase(json, "direct", pair.Direct);
            Phase(json, "gateway", pair.Gateway);
            Phase(json, "relay", pair.Relay);
            Number(json, "p99Ratio", pair.P99Ratio);
            Number(json, "relayP99Ratio", pair.RelayP99Ratio);
            Number(json, "gatewayOverRelayP99Ratio", pair.GatewayOverRelayP99Ratio);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("outbox");
        json.WriteNumber("sentAtOnce", result.Outbox.SentAtOnce);
        json.WriteNumber("sentLater", result.Outbox.SentLater);
        json.WriteEndObject();
        json.WriteStartObject("ratios");
        Number(json, "p50", result.P50Ratio);
        Number(json, "p99", result.P99Ratio);
        Number(json, "relayP99", result.RelayP99Ratio);
        Number(json, "gatewayOverRelayP99", result.GatewayOverRelayP99Ratio);
        json.WriteEndObject();
        json.WriteStartArray("steps");
        foreach (var step in result.Steps)
        {
            json.WriteStartObject();
            PhaseFields(json, step.Phase);
            json.WriteBoolean("sustained", step.Sustained);
            json.WriteString("reason", step.Reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("maxSustainedRate", result.MaxSustainedRate);
        json.WriteStartArray("soak");
        foreach (var sample in result.Soak)
        {
            json.WriteStartObject();
            Number(json, "seconds", sample.Seconds);
            json.WriteNumber("orders", sample.Orders);
            Number(json, "workingSetMegabytes", sample.WorkingSetMegabytes);
            Number(json, "liveHeapMegabytes", sample.LiveHeapMegabytes);
            json.WriteNumber("gen2", sample.Gen2Collections);
            json.WriteNumber("routerOrders", sample.RouterOrders);
            json.WriteNumber("gateLive", sample.GateLive);
            Number(json, "achieved", sample.Interval.Achieved);
            Number(json, "p99Micros", sample.Interval.Latency.P99);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        Number(json, "liveHeapSlopeMegabytesPerMinute", result.LiveHeapSlope);
        Number(json, "workingSetSlopeMegabytesPerMinute", result.WorkingSetSlope);
        var accounting = result.Accounting;
        json.WriteStartObject("accounting");
        json.WriteNumber("sent", accounting.Sent);
        json.WriteNumber("acknowledged", accounting.Acknowledged);
        json.WriteNumber("rejected", accounting.Rejected);
        json.WriteNumber("fills", accounting.Fills);
        json.WriteNumber("interim", accounting.Interim);
        json.WriteNumber("duplicates", accounting.Duplicates);
        json.WriteNumber("missing", accounting.Missing);
        json.WriteBoolean("everyOrderAnsweredOnce", accounting.EveryOrderAnsweredOnce);
        json.WriteStartArray("transitions");
        foreach (var transition in accounting.Transitions)
        {
            json.WriteStringValue(transition);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        RoundTripReportWriter.WriteVerdicts(json, result.Verdicts);
        json.WriteEndObject();
    }

    private static void Phase(Utf8JsonWriter json, string name, RatePhase? phase)
    {
        if (phase is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        PhaseFields(json, phase);
        json.WriteEndObject();
    }

    private static void PhaseFields(Utf8JsonWriter json, RatePhase phase)
    {
        json.WriteNumber("rate", phase.Rate);
        json.WriteNumber("orders", phase.Orders);
        Number(json, "seconds", phase.Seconds);
        Number(json, "achieved", phase.Achieved);
        Number(json, "p50Micros", phase.Latency.P50);
        Number(json, "p99Micros", phase.Latency.P99);
        Number(json, "p999Micros", phase.Latency.P999);
        Number(json, "maxMicros", phase.Latency.Max);
        Number(json, "uncorrectedP99Micros", phase.Measurement.Uncorrected.P99);
        Number(json, "maxSendLagMicros", phase.Measurement.MaxSendLagMicros);
        Number(json, "allocatedBytesPerOrder", phase.Measurement.Cost.AllocatedBytes);
        Number(json, "threadPoolItemsPerOrder", phase.Measurement.Cost.ThreadPoolItems);
        Number(json, "lockContentionsPerOrder", phase.Measurement.Cost.LockContentions);
        Number(json, "gcPauseMilliseconds", phase.Measurement.Cost.GcPauseMilliseconds);
        Number(json, "cpuMicrosecondsPerOrder", phase.Measurement.Cost.CpuMicroseconds);
    }

    private static string Collections(RuntimeCost cost) => string.Create(CultureInfo.InvariantCulture, $"{cost.Gen0}/{cost.Gen1}/{cost.Gen2}");

    private static void Number(Utf8JsonWriter json, string name, double value) => RoundTripReportWriter.Number(json, name, value);
}
