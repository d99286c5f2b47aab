using System.Globalization;
using System.Text.Json;

namespace PortStress.Telemetry.Sampling;

/// <summary>
/// Renders a socket table sample for people (a per-destination table: pressure, states, TIME_WAIT, time to
/// relief) and for tools (JSON). Used by <c>portstress sockets</c>.
/// </summary>
public static class SocketTableReport
{
    /// <summary>Writes the human-readable table.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="sample">The table sample.</param>
    /// <param name="counters">The counters read with it, or null.</param>
    /// <param name="top">The most destinations to list (highest pressure first).</param>
    public static void WriteText(TextWriter writer, SocketTableSample sample, TcpCounterSampler? counters, int top = 20)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(sample);
        var c = CultureInfo.InvariantCulture;
        if (sample.Source == SocketTableSource.Unavailable)
        {
            writer.WriteLine($"socket sampling unavailable: {sample.UnavailableReason}");
            return;
        }
        writer.WriteLine(string.Create(c,
            $"source {Source(sample.Source)}  ports {sample.PortRange.Low}-{sample.PortRange.High}  usable {sample.UsablePorts}  bound-held {sample.BoundPortsHeld}  host PPR {sample.HostPortPressureRatio:P1}  max PPR {sample.MaxPortPressureRatio:P1}  max TWR {sample.MaxTimeWaitRatio:P1}"));
        if (counters is not null)
        {
            writer.WriteLine(string.Create(c,
                $"kernel  tw {counters[TcpCounter.TimeWaitSockets]}  inuse {counters[TcpCounter.SocketsInUse]}  TIME_WAIT created/s {counters.TimeWaitCreationRate:F1}  connects/s {counters.RatePerSecond(TcpCounter.ActiveOpens):F1}  failed/s {counters.RatePerSecond(TcpCounter.AttemptFails):F1}  SYN retrans/s {counters.RatePerSecond(TcpCounter.SynRetrans):F1}  tw overflow {counters[TcpCounter.TimeWaitOverflow]}"));
        }
        writer.WriteLine();
        writer.WriteLine($"{"DESTINATION",-46} {"PPR",7} {"TWR",7} {"TOTAL",6} {"ESTAB",6} {"SYN-SENT",8} {"TIME-WAIT",9} {"OTHER",6} {"RELIEF",7} {"ALL-CLEAR",9}");
        var shown = 0;
        foreach (var d in sample.Destinations)
        {
            if (shown++ == top)
            {
                writer.WriteLine(string.Create(c, $"... {sample.Destinations.Count - top} more destinations"));
                break;
            }
            var other = d.Total - d.CountIn(TcpState.Established) - d.CountIn(TcpState.SynSent) - d.TimeWait;
            writer.WriteLine(string.Create(c,
                $"{d.Destination,-46} {d.PortPressureRatio,7:P1} {d.TimeWaitRatio,7:P1} {d.Total,6} {d.CountIn(TcpState.Established),6} {d.CountIn(TcpState.SynSent),8} {d.TimeWait,9} {other,6} {Seconds(d.OldestTimeWaitExpiresIn),7} {Seconds(d.NewestTimeWaitExpiresIn),9}"));
        }
        if (sample.Destinations.Count == 0)
            writer.WriteLine("(no client sockets in the ephemeral port range)");
    }

    /// <summary>Writes the sample as one JSON object.</summary>
    /// <param name="json">Where to write.</param>
    /// <param name="sample">The table sample.</param>
    /// <param name="counters">The counters read with it, or null.</param>
    public static void WriteJson(Utf8JsonWriter json, SocketTableSample sample, TcpCounterSampler? counters)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(sample);
        json.WriteStartObject();
        json.WriteString("source", Source(sample.Source));
        if (sample.UnavailableReason is not null)
            json.WriteString("unavailable", sample.UnavailableReason);
        json.WriteNumber("portRangeLow", sample.PortRange.Low);
        json.WriteNumber("portRangeHigh", sample.PortRange.High);
        json.WriteNumber("usablePorts", sample.UsablePorts);
        json.WriteNumber("boundPortsHeld", sample.BoundPortsHeld);
        json.WriteNumber("totalSockets", sample.TotalSockets);
        json.WriteNumber("totalTimeWait", sample.TotalTimeWait);
        json.WriteNumber("hostPortPressureRatio", sample.HostPortPressureRatio);
        json.WriteNumber("maxPortPressureRatio", sample.MaxPortPressureRatio);
        json.WriteNumber("maxTimeWaitRatio", sample.MaxTimeWaitRatio);
        if (counters is not null)
        {
            json.WriteStartObject("counters");
            foreach (var counter in Enum.GetValues<TcpCounter>())
                json.WriteNumber(JsonNamingPolicy.CamelCase.ConvertName(counter.ToString()), counters[counter]);
            json.WriteNumber("timeWaitCreatedPerSecond", counters.TimeWaitCreationRate);
            json.WriteEndObject();
        }
        json.WriteStartArray("destinations");
        foreach (var d in sample.Destinations)
        {
            json.WriteStartObject();
            json.WriteString("destination", d.Destination.ToString());
            json.WriteNumber("portPressureRatio", d.PortPressureRatio);
            json.WriteNumber("timeWaitRatio", d.TimeWaitRatio);
            json.WriteNumber("total", d.Total);
            json.WriteStartObject("states");
            foreach (var state in Enum.GetValues<TcpState>())
            {
                if (d.CountIn(state) > 0)
                    json.WriteNumber(JsonNamingPolicy.CamelCase.ConvertName(state.ToString()), d.CountIn(state));
            }
            json.WriteEndObject();
            if (d.OldestTimeWaitExpiresIn is { } relief)
                json.WriteNumber("timeWaitReliefSeconds", relief.TotalSeconds);
            if (d.NewestTimeWaitExpiresIn is { } clear)
                json.WriteNumber("timeWaitAllClearSeconds", clear.TotalSeconds);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Source(SocketTableSource source) => source switch
    {
        SocketTableSource.SockDiag => "sock_diag",
        SocketTableSource.ProcNetTcp => "proc",
        _ => "unavailable",
    };

    private static string Seconds(TimeSpan? value) =>
        value is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v.TotalSeconds:F1}s") : "-";
}
