using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using PortStress.Telemetry.Sampling;
using PortStress.Telemetry.Signals;

namespace PortStress.Telemetry.Tests;

public sealed class SignalMetricsTests
{
    private static readonly DestinationKey Venue = DestinationKey.FromEndPoint(new IPEndPoint(IPAddress.Parse("10.0.0.7"), 5001));

    [Fact]
    public void Gauges_report_the_latest_snapshot_per_destination_and_nothing_before_one_exists()
    {
        IMeterFactory? meters = null; // a meter of its own, as without DI; only this test creates these instruments
        using var ppr = new MetricCollector<double>(meters, RingMetrics.MeterName, "portstress.transport.port_pressure");
        using var rate = new MetricCollector<double>(meters, RingMetrics.MeterName, "portstress.transport.time_wait.creation_rate");
        using var rbi = new MetricCollector<double>(meters, RingMetrics.MeterName, "portstress.retry.burst_index");
        using var dsd = new MetricCollector<double>(meters, RingMetrics.MeterName, "portstress.order.decision_to_send.p95");
        using var ctl = new MetricCollector<double>(meters, RingMetrics.MeterName, "portstress.connect.latency.p99");
        var registry = new DestinationRegistry();
        var id = registry.GetOrAdd(Venue);
        TransportSignalSnapshot? signals = null;
        SocketSampleSummary? sockets = null;
        using var metrics = new SignalMetrics(meters, () => signals, () => sockets, registry);

        ppr.RecordObservableInstruments();
        rbi.RecordObservableInstruments();
        ppr.GetMeasurementSnapshot().Should().BeEmpty("no sample yet");
        rbi.GetMeasurementSnapshot().Should().BeEmpty();

        sockets = new SocketSampleSummary(1, SocketTableSource.SockDiag, 1000, 0.3, 0.1, 0.6, 0.2, 12.5,
            [new DestinationSocketSummary(Venue, 600, 200, 0.6, 0.2)]);
        signals = Snapshot(id) with { RetryBurstIndex = null, DecisionToSendP95 = double.NaN };
        ppr.RecordObservableInstruments();
        ppr.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["destination"]!, m => m.Value)
            .Should().BeEquivalentTo(new Dictionary<string, double> { ["all"] = 0.3, ["10.0.0.7:5001"] = 0.6 });
        rate.RecordObservableInstruments();
        rate.LastMeasurement!.Value.Should().Be(12.5);
        rbi.RecordObservableInstruments();
        rbi.LastMeasurement!.Value.Should().Be(0, "below the minimum count RBI reads 0, as the controller reads it");
        dsd.RecordObservableInstruments();
        dsd.GetMeasurementSnapshot().Should().BeEmpty("an empty window reports nothing rather than 0");
        ctl.RecordObservableInstruments();
        ctl.GetMeasurementSnapshot().Select(m => (string)m.Tags["destination"]!).Should().BeEquivalentTo("all", "10.0.0.7:5001");
    }

    private static TransportSignalSnapshot Snapshot(DestinationId id) => new()
    {
        Timestamp = 1,
        ConnectAttempts = 4,
        ConnectFailures = 1,
        ConnectFailureRatio = 0.25,
        FailuresByCause = [0, 1, 0, 0, 0, 0, 0, 0],
        ConnectLatencyP95 = 0.001,
        ConnectLatencyP99 = 0.002,
        LogonLatencyP95 = 0.003,
        DecisionToSendP95 = 0.0005,
        OrderAckLatencyP95 = 0.004,
        ReconnectsPerMinute = 1,
        Disconnects = 1,
        RetryQueueDepth = 2,
        RetryBurstIndex = 0.5,
        RingDrops = 0,
        Destinations = [new DestinationSignalSnapshot(id, 4, 0.25, 0.001, 0.002)],
    };
}
