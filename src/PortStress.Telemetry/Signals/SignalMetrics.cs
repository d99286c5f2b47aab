using System.Diagnostics.Metrics;
using PortStress.Telemetry.Sampling;

namespace PortStress.Telemetry.Signals;

/// <summary>
/// The transport signals as observable gauges on the <see cref="RingMetrics.MeterName"/> meter. They read the latest
/// signal snapshot and socket summary when collected (the control loop builds those on its own thread), so neither the
/// ring's producers nor the tick pay for them. Per-destination series carry the tag <c>destination</c>
/// (<c>ip:port</c>); <c>destination="all"</c> is the host-wide or all-destination figure. A gauge with nothing to report
/// (no sample yet, an empty window) reports nothing rather than 0.
/// </summary>
public sealed class SignalMetrics : IDisposable
{
    /// <summary>The <c>destination</c> tag value of host-wide and all-destination figures.</summary>
    public const string AllDestinations = "all";

    private static readonly string[] CauseNames = ["none", "address_not_available", "address_in_use", "refused", "timed_out", "reset", "unreachable", "other"];
    private readonly Meter _meter;
    private readonly Func<TransportSignalSnapshot?> _signals;
    private readonly Func<SocketSampleSummary?> _sockets;
    private readonly DestinationRegistry? _registry;
    private readonly Dictionary<DestinationKey, string> _keyNames = [];
    private readonly Dictionary<int, string> _idNames = [];
    private readonly Lock _namesLock = new();

    /// <summary>Creates the gauges.</summary>
    /// <param name="meterFactory">Creates the meter; a standalone meter when null.</param>
    /// <param name="signals">Reads the latest signal snapshot (null while there is none).</param>
    /// <param name="sockets">Reads the latest socket sample summary (null while there is none).</param>
    /// <param name="registry">Names the destinations of connect signals; <c>#id</c> when null or unknown.</param>
    public SignalMetrics(IMeterFactory? meterFactory, Func<TransportSignalSnapshot?> signals, Func<SocketSampleSummary?> sockets, DestinationRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(sockets);
        _signals = signals;
        _sockets = sockets;
        _registry = registry;
        _meter = meterFactory?.Create(RingMetrics.MeterName) ?? new Meter(RingMetrics.MeterName);

        _meter.CreateObservableGauge("portstress.transport.port_pressure", PortPressure, "1",
            "PPR: client sockets to a destination with a local port in the ephemeral range over usable ports; destination=\"all\" is distinct local ports in use over usable ports.");
        _meter.CreateObservableGauge("portstress.transport.time_wait_ratio", TimeWaitRatio, "1",
            "TWR: TIME_WAIT sockets to a destination over usable ports; destination=\"all\" counts every destination.");
        _meter.CreateObservableGauge("portstress.transport.time_wait.creation_rate", () => Optional(_sockets()?.TimeWaitCreationRate), "{socket}/s",
            "Sockets entering TIME_WAIT per second (TcpExt TW).");
        _meter.CreateObservableGauge("portstress.transport.usable_ports", () => _sockets() is { } s ? [new Measurement<int>(s.UsablePorts)] : Array.Empty<Measurement<int>>(), "{port}",
            "Usable ephemeral ports: the range less reserved ports less ports held by bound-but-unconnected sockets.");
        _meter.CreateObservableGauge("portstress.connect.failure_ratio", ConnectFailureRatio, "1",
            "CFR: failed connect attempts over attempts in the sliding window, per destination and destination=\"all\".");
        _meter.CreateObservableGauge("portstress.connect.cause.failure_ratio", FailureRatioByCause, "1",
            "CFR by cause: failed connect attempts of one cause (tag cause) over all attempts in the window.");
        _meter.CreateObservableGauge("portstress.connect.window.attempts", () => _signals() is { } s ? [new Measurement<long>(s.ConnectAttempts)] : Array.Empty<Measurement<long>>(), "{connect}",
            "Connect attempts in the sliding window.");
        _meter.CreateObservableGauge("portstress.connect.latency.p95", () => ConnectLatency(0.95), "s",
            "CTL95: connect-establishment latency p95 over the window, per destination and destination=\"all\".");
        _meter.CreateObservableGauge("portstress.connect.latency.p99", () => ConnectLatency(0.99), "s",
            "CTL99: connect-establishment latency p99 over the window, per destination and destination=\"all\".");
        _meter.CreateObservableGauge("portstress.logon.latency.p95", () => Optional(_signals()?.LogonLatencyP95), "s",
            "Logon latency p95 (Logon sent to Logon acknowledged) over the window.");
        _meter.CreateObservableGauge("portstress.retry.burst_index", () => _signals() is { } s ? [new Measurement<double>(s.RetryBurstIndex ?? 0)] : Array.Empty<Measurement<double>>(), "1",
            "RBI: the largest 100 ms bucket's share of retries in the last 500 ms window (uniform = 0.2); 0 below the minimum count, as the controller reads it.");
        _meter.CreateObservableGauge("portstress.order.decision_to_send.p95", () => Optional(_signals()?.DecisionToSendP95), "s",
            "DSD95: p95 of child-order send time minus decision time (less the gate's intended holds).");
        _meter.CreateObservableGauge("portstress.order.ack_latency.p95", () => Optional(_signals()?.OrderAckLatencyP95), "s",
            "Child-order send-to-acknowledgement latency p95.");
        _meter.CreateObservableGauge("portstress.session.reconnect_rate", () => Optional(_signals()?.ReconnectsPerMinute), "{reconnect}/min",
            "Reconnects scheduled per minute over the reconnect window.");
        _meter.CreateObservableGauge("portstress.retry.queue.depth", () => _signals() is { } s ? [new Measurement<int>(s.RetryQueueDepth)] : Array.Empty<Measurement<int>>(), "{retry}",
            "The latest retry queue depth reported with a retry.");
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private static Measurement<double>[] Optional(double? value) =>
        value is { } v && double.IsFinite(v) ? [new Measurement<double>(v)] : [];

    private static KeyValuePair<string, object?> Destination(string name) => new("destination", name);

    private List<Measurement<double>> PortPressure() => SocketRatios(static s => s.HostPortPressureRatio, static d => d.PortPressureRatio);

    private List<Measurement<double>> TimeWaitRatio() => SocketRatios(static s => s.HostTimeWaitRatio, static d => d.TimeWaitRatio);

    // One ratio of the socket sample: host-wide as destination="all", then per destination.
    private List<Measurement<double>> SocketRatios(Func<SocketSampleSummary, double> host, Func<DestinationSocketSummary, double> perDestination)
    {
        var list = new List<Measurement<double>>();
        if (_sockets() is not { } s)
            return list;
        list.Add(new Measurement<double>(host(s), Destination(AllDestinations)));
        foreach (var d in s.Destinations)
            list.Add(new Measurement<double>(perDestination(d), Destination(NameOf(d.Destination))));
        return list;
    }

    private List<Measurement<double>> ConnectFailureRatio()
    {
        var list = new List<Measurement<double>>();
        if (_signals() is not { } s)
            return list;
        list.Add(new Measurement<double>(s.ConnectFailureRatio, Destination(AllDestinations)));
        foreach (var d in s.Destinations)
        {
            if (d.ConnectAttempts > 0)
                list.Add(new Measurement<double>(d.ConnectFailureRatio, Destination(NameOf(d.Destination))));
        }
        return list;
    }

    private List<Measurement<double>> FailureRatioByCause()
    {
        var list = new List<Measurement<double>>();
        if (_signals() is not { } s)
            return list;
        for (var i = 1; i < s.FailuresByCause.Count && i < CauseNames.Length; i++)
        {
            var ratio = s.ConnectAttempts == 0 ? 0 : Math.Min(1, (double)s.FailuresByCause[i] / s.ConnectAttempts);
            list.Add(new Measurement<double>(ratio, new KeyValuePair<string, object?>("cause", CauseNames[i])));
        }
        return list;
    }

    private List<Measurement<double>> ConnectLatency(double quantile)
    {
        var list = new List<Measurement<double>>();
        if (_signals() is not { } s)
            return list;
        var all = quantile >= 0.99 ? s.ConnectLatencyP99 : s.ConnectLatencyP95;
        if (double.IsFinite(all))
            list.Add(new Measurement<double>(all, Destination(AllDestinations)));
        foreach (var d in s.Destinations)
        {
            var value = quantile >= 0.99 ? d.ConnectLatencyP99 : d.ConnectLatencyP95;
            if (double.IsFinite(value))
                list.Add(new Measurement<double>(value, Destination(NameOf(d.Destination))));
        }
        return list;
    }

    private string NameOf(DestinationKey key)
    {
        lock (_namesLock)
        {
            if (!_keyNames.TryGetValue(key, out var name))
                _keyNames.Add(key, name = key.ToString());
            return name;
        }
    }

    private string NameOf(DestinationId id)
    {
        lock (_namesLock)
        {
            if (_idNames.TryGetValue(id.Value, out var name))
                return name;
            if (_registry is not null && _registry.TryGetKey(id, out var key))
            {
                name = key.ToString();
                _idNames.Add(id.Value, name);
                return name;
            }
            return "#" + id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
