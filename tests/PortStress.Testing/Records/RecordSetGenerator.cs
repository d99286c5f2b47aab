using System.Globalization;
using System.Text.Json;

namespace PortStress.Testing.Records;

/// <summary>What <see cref="RecordSetGenerator"/> writes.</summary>
public sealed record RecordSetOptions
{
    /// <summary>Child orders in all (half per run).</summary>
    public int Children { get; init; } = 10_000;

    /// <summary>The seed of every draw.</summary>
    public int Seed { get; init; } = 7;

    /// <summary>Symbols traded.</summary>
    public int Symbols { get; init; } = 8;

    /// <summary>Children per parent (TWAP slices).</summary>
    public int ChildrenPerParent { get; init; } = 60;

    /// <summary>Seconds between a parent's slices.</summary>
    public double SliceSeconds { get; init; } = 5;

    /// <summary>Seconds between recorded mids.</summary>
    public double MidSeconds { get; init; } = 0.25;

    /// <summary>Child decisions per second per run (sets each run's span).</summary>
    public double ChildrenPerSecond { get; init; } = 21;
}

/// <summary>
/// Writes a demo-shaped records folder: <c>run-off/</c> (controller in shadow mode) and <c>run-on/</c> (controller on),
/// each with <c>order</c>, <c>order_event</c>, <c>mid</c>, <c>venue_fill</c>, <c>ticks</c>, <c>transitions</c> and
/// <c>parent</c> streams in the format of docs/records.md (every field the real writers write). Stress comes in
/// episodes (YELLOW, ORANGE, RED) at the same times of day in both runs; under stress the shadow run's children
/// reach the gate late (connect churn in the order path) and slip more (lost queue priority), while the controller-on
/// run's wait less but carry jitter and containment. For the analytics' load benchmark and command tests; it is not the statistics' ChildCost
/// generator (that one works on costs, this one on raw records).
/// </summary>
public static class RecordSetGenerator
{
    private static readonly string[] States = ["GREEN", "YELLOW", "ORANGE", "RED"];

    /// <summary>Writes the two runs under <paramref name="directory"/>; returns the number of order lines written.</summary>
    /// <param name="directory">The records folder (created).</param>
    /// <param name="options">Sizes and seed.</param>
    public static long Write(string directory, RecordSetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var perRun = Math.Max(options.ChildrenPerParent, options.Children / 2);
        var span = perRun / options.ChildrenPerSecond;
        var runOff = Run(Path.Combine(directory, "run-off"), options, perRun, span, shadow: true, startMicros: 1_795_527_000_000_000);
        var runOn = Run(Path.Combine(directory, "run-on"), options, perRun, span, shadow: false, startMicros: 1_795_527_000_000_000 + 86_400_000_000);
        return runOff + runOn;
    }

    // The decided state at `t` seconds into a run: an episode of stress in each sixth of the run.
    private static int StateAt(double t, double span)
    {
        var period = span / 6;
        var phase = (t % period) / period;
        return phase switch
        {
            < 0.55 => 0,
            < 0.6 => 1,
            < 0.75 => 2,
            < 0.88 => 3,
            < 0.95 => 2,
            _ => 1,
        };
    }

    private static long Run(string directory, RecordSetOptions options, int children, double span, bool shadow, long startMicros)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(options.Seed);
        var draws = new Random(options.Seed * 31 + (shadow ? 1 : 2));
        var tail = 120.0;
        var steps = (int)((span + tail) / options.MidSeconds) + 1;
        var stepMicros = (long)(options.MidSeconds * 1e6);

        // Mids in half-ticks (0.005): the same market in both runs (same seed), so only the controller differs.
        var mids = new long[options.Symbols][];
        using (var writer = new LineWriter(Path.Combine(directory, "mid.jsonl")))
        {
            for (var s = 0; s < options.Symbols; s++)
            {
                var m = (long)((20 + (s * 15)) / 0.005);
                mids[s] = new long[steps];
                for (var k = 0; k < steps; k++)
                {
                    m += (long)Math.Round(Gaussian(random) * 1.2);
                    mids[s][k] = m;
                }
            }

            for (var k = 0; k < steps; k++)
            {
                for (var s = 0; s < options.Symbols; s++)
                {
                    var j = writer.Begin("mid");
                    j.WriteNumber("time", startMicros + (k * stepMicros));
                    j.WriteString("symbol", Symbol(s));
                    j.WriteNumber("bid", Price(mids[s][k] - 2));
                    j.WriteNumber("ask", Price(mids[s][k] + 2));
                    j.WriteNumber("mid", Price(mids[s][k]));
                    j.WriteNumber("volume", k * 100);
                    writer.End();
                }
            }
        }

        decimal MidAt(int symbol, long micros, int offsetHalfTicks = 0) =>
            Price(mids[symbol][Math.Clamp((int)((micros - startMicros) / stepMicros), 0, steps - 1)] + offsetHalfTicks);

        // Ticks and transitions.
        using (var ticks = new LineWriter(Path.Combine(directory, "ticks.jsonl")))
        using (var transitions = new LineWriter(Path.Combine(directory, "transitions.jsonl")))
        {
            var previous = 0;
            var version = 0;
            for (var t = 0.0; t < span + tail; t += 0.25)
            {
                var state = StateAt(t, span);
                var time = startMicros + (long)(t * 1e6);
                if (state != previous)
                {
                    var j = transitions.Begin("transitions");
                    j.WriteNumber("time", time);
                    j.WriteString("from", States[previous]);
                    j.WriteString("to", States[state]);
                    j.WriteString("rule", state > previous ? "retryBurst" : "recovered");
                    j.WriteNumber("dwellSeconds", 1.0);
                    j.WriteBoolean("shadow", shadow);
                    j.WriteNumber("version", ++version);
                    Features(j, state);
                    transitions.End();
                    previous = state;
                }

                var k = ticks.Begin("ticks");
                k.WriteNumber("time", time);
                k.WriteString("state", States[state]);
                k.WriteBoolean("shadow", shadow);
                Features(k, state);
                k.WriteNumber("ctl95", 0.002 * (1 + state));
                k.WriteNumber("ctl95Baseline", 0.002);
                k.WriteNumber("dsd95", 0.001 * (1 + (state * 100)));
                k.WriteNumber("dsd95Baseline", 0.001);
                ticks.End();
            }
        }

        var parents = children / options.ChildrenPerParent;
        var duration = options.ChildrenPerParent * options.SliceSeconds;
        var clip = 100m;
        long orderId = 1_000_000, venueOrderId = 1;
        long lines = 0;
        using var orders = new LineWriter(Path.Combine(directory, "order.jsonl"));
        using var events = new LineWriter(Path.Combine(directory, "order_event.jsonl"));
        using var fills = new LineWriter(Path.Combine(directory, "venue_fill.jsonl"));
        using var parentLines = new LineWriter(Path.Combine(directory, "parent.jsonl"));
        for (var p = 1; p <= parents; p++)
        {
            var symbol = p % options.Symbols;
            var buy = random.Next(2) == 0;
            var start = random.NextDouble() * Math.Max(1, span - duration);
            var startTime = startMicros + (long)(start * 1e6);
            var parentQuantity = clip * options.ChildrenPerParent;
            decimal parentFilled = 0;
            var end = startTime;
            for (var c = 0; c < options.ChildrenPerParent; c++)
            {
                var t = start + ((c + 1) * options.SliceSeconds);
                var state = StateAt(t, span);
                var decision = startMicros + (long)(t * 1e6) + draws.Next(2000);
                var urgency = c == options.ChildrenPerParent - 1 ? "critical" : c >= options.ChildrenPerParent * 0.8 ? "high" : "normal";
                var wouldTrim = state switch { 1 => 0.10m, 2 or 3 => 0.15m, _ => 0m };
                var wouldJitter = state switch { 1 => draws.Next(50_000), 2 or 3 => draws.Next(150_000), _ => 0 };
                var contain = state == 3 && urgency == "normal";

                // Decision to arrival: the order path's connect churn (shadow) or pooled connections (on).
                var meanDelayMs = state switch { 0 => 0.5, 1 => shadow ? 80 : 20, 2 => shadow ? 400 : 60, _ => shadow ? 900 : 90 };
                var arrival = decision + (long)(Exponential(draws) * meanDelayMs * 1000);
                var applied = shadow ? 0 : state;
                var jitter = shadow ? 0 : wouldJitter;
                var hold = !shadow && contain ? draws.Next(400_000) : 0;
                // The gate's trims go back to the schedule, which re-sends them as catch-up children; the generator does
                // not model catch-up, so it records no trims (the shadow run still records what it would have trimmed).
                var trimmed = 0m;
                var refused = draws.NextDouble() < (state == 3 ? (shadow ? 0.06 : 0.02) : 0.002);
                var intended = arrival + jitter + hold;
                var sent = refused ? 0 : intended + 50 + draws.Next(200);
                var sentQuantity = refused ? 0 : clip - trimmed;
                var id = orderId++;

                var o = orders.Begin("order");
                o.WriteNumber("orderId", id);
                o.WriteNumber("parentId", p);
                o.WriteString("venue", "SIM");
                o.WriteString("symbol", Symbol(symbol));
                o.WriteString("side", buy ? "buy" : "sell");
                o.WriteString("urgency", urgency);
                o.WriteBoolean("catchUp", false);
                o.WriteBoolean("retry", false);
                o.WriteBoolean("urgencyOverride", false);
                o.WriteString("appliedState", States[applied]);
                o.WriteString("decidedState", States[state]);
                o.WriteBoolean("shadow", shadow);
                o.WriteNumber("snapshotVersion", state);
                Features(o, state);
                o.WriteNumber("decisionTime", decision);
                o.WriteNumber("arrivalTime", arrival);
                o.WriteNumber("intendedLaunchTime", arrival + jitter);
                o.WriteNumber("deadline", decision + (long)(options.SliceSeconds * 1e6));
                o.WriteNumber("sentTime", sent);
                o.WriteNumber("outcomeTime", refused ? arrival : sent);
                o.WriteStartArray("holds");
                if (jitter > 0)
                    o.WriteStringValue("jitter");
                if (hold > 0)
                    o.WriteStringValue("containment");
                o.WriteEndArray();
                o.WriteNumber("holdMicros", refused ? 0 : sent - arrival);
                o.WriteNumber("intendedHoldMicros", jitter + hold);
                o.WriteNumber("quantity", clip);
                o.WriteNumber("sentQuantity", sentQuantity);
                o.WriteNumber("trimmedQuantity", trimmed);
                o.WriteNumber("catchUpCappedQuantity", 0);
                o.WriteNull("limitPrice");
                o.WriteNumber("jitterMicros", jitter);
                if (refused)
                    o.WriteNull("session");
                else
                    o.WriteString("session", "FIX.4.4:GW1->VENUE");
                o.WriteNumber("gateRetries", 0);
                o.WriteString("outcome", refused ? "refused" : jitter + hold > 0 ? "heldThenSent" : "sent");
                if (refused)
                    o.WriteString("refusal", "noSession");
                else
                    o.WriteNull("refusal");
                if (shadow)
                {
                    o.WriteNumber("wouldSentQuantity", urgency == "critical" ? clip : clip - Math.Floor(clip * wouldTrim));
                    o.WriteNumber("wouldJitterMicros", wouldJitter);
                    o.WriteBoolean("wouldContain", contain);
                    o.WriteBoolean("wouldRequireApproval", false);
                }
                else
                {
                    o.WriteNull("wouldSentQuantity");
                    o.WriteNull("wouldJitterMicros");
                    o.WriteNull("wouldContain");
                    o.WriteNull("wouldRequireApproval");
                }

                orders.End();
                lines++;
                if (refused)
                    continue;

                var ack = sent + 800 + draws.Next(1500);
                Event(events, id, p, "acknowledged", ack, 0, 0, ack - sent);
                var filledQuantity = draws.NextDouble() switch
                {
                    < 0.95 => sentQuantity,
                    < 0.99 => Math.Floor(sentQuantity / 2),
                    _ => 0m,
                };
                var remaining = filledQuantity;
                var at = ack;
                var pieces = remaining > 0 && draws.Next(3) == 0 ? 2 : 1;
                for (var f = 0; f < pieces && remaining > 0; f++)
                {
                    var quantity = f == pieces - 1 ? remaining : Math.Floor(remaining / 2);
                    remaining -= quantity;
                    at += 500 + draws.Next(8000);
                    // Late orders lose queue priority: slippage grows with the unintended delay before the gate.
                    var slip = (draws.NextDouble() < 0.2 ? 2 : 0) + (int)(Exponential(draws) * (arrival - decision) / 250_000.0);
                    var price = MidAt(symbol, at, buy ? 2 + slip : -2 - slip);
                    Event(events, id, p, "filled", at, quantity, price, 0);
                    var v = fills.Begin("venue_fill");
                    v.WriteNumber("time", at - 300);
                    v.WriteString("session", "FIX.4.4:VENUE->GW1");
                    v.WriteString("clOrdId", id.ToString(CultureInfo.InvariantCulture));
                    v.WriteNumber("orderId", venueOrderId++);
                    v.WriteString("symbol", Symbol(symbol));
                    v.WriteString("side", buy ? "buy" : "sell");
                    v.WriteNumber("qty", quantity);
                    v.WriteNumber("price", price);
                    v.WriteNumber("mid", MidAt(symbol, at));
                    v.WriteBoolean("aggressive", true);
                    fills.End();
                }

                Event(events, id, p, "done", at + 10, sentQuantity - filledQuantity, 0, 0);
                parentFilled += filledQuantity;
                end = Math.Max(end, at + 10);
            }

            var r = parentLines.Begin("parent");
            r.WriteNumber("parentId", p);
            r.WriteString("venue", "SIM");
            r.WriteString("symbol", Symbol(symbol));
            r.WriteString("side", buy ? "buy" : "sell");
            r.WriteNumber("quantity", parentQuantity);
            r.WriteNumber("decisionTime", startTime);
            r.WriteNumber("endTime", Math.Max(end, startTime + (long)(duration * 1e6)));
            r.WriteNumber("filled", parentFilled);
            r.WriteString("algorithm", "twap");
            parentLines.End();
        }

        return lines;
    }

    private static void Features(Utf8JsonWriter j, int state)
    {
        j.WriteNumber("p", state switch { 0 => 0.03, 1 => 0.45, 2 => 0.9, _ => 0.99 });
        j.WriteNumber("ppr", 0.1 + (0.25 * state));
        j.WriteNumber("twr", 0.05 + (0.2 * state));
        j.WriteNumber("cfr", state >= 2 ? 0.1 * state : 0);
        j.WriteNumber("connectFailures", state >= 2 ? 5 * state : 0);
        j.WriteNumber("ctl95Relative", 1 + state);
        j.WriteNumber("rbi", state >= 2 ? 0.6 : 0);
        j.WriteNumber("dsd95Relative", 1 + (10 * state));
        j.WriteNumber("retryQueueDepth", state * 3);
        j.WriteNumber("reconnectsPerMinute", state * 2.0);
        j.WriteNumber("ringDrops", 0);
    }

    private static void Event(LineWriter writer, long orderId, long parentId, string kind, long time, decimal quantity, decimal price, long ackLatency)
    {
        var e = writer.Begin("order_event");
        e.WriteNumber("orderId", orderId);
        e.WriteNumber("parentId", parentId);
        e.WriteString("event", kind);
        e.WriteNumber("time", time);
        e.WriteString("venue", "SIM");
        e.WriteString("session", "FIX.4.4:GW1->VENUE");
        e.WriteNumber("quantity", quantity);
        e.WriteNumber("price", price);
        e.WriteNumber("ackLatencyMicros", ackLatency);
        e.WriteNull("reason");
        writer.End();
    }

    private static string Symbol(int index) => "S" + index.ToString("D3", CultureInfo.InvariantCulture);

    private static decimal Price(long halfTicks) => halfTicks * 0.005m;

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double Exponential(Random random) => -Math.Log(1 - random.NextDouble());

    /// <summary>One jsonl file written through one <see cref="Utf8JsonWriter"/>, a line per record.</summary>
    private sealed class LineWriter : IDisposable
    {
        private readonly FileStream _file;
        private readonly Utf8JsonWriter _json;

        public LineWriter(string path)
        {
            _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
            _json = new Utf8JsonWriter(_file, new JsonWriterOptions { SkipValidation = true });
        }

        public Utf8JsonWriter Begin(string type)
        {
            _json.WriteStartObject();
            _json.WriteString("type", type);
            return _json;
        }

        public void End()
        {
            _json.WriteEndObject();
            _json.Flush();
            _json.Reset();
            _file.WriteByte((byte)'\n');
        }

        public void Dispose()
        {
            _json.Dispose();
            _file.Dispose();
        }
    }
}
