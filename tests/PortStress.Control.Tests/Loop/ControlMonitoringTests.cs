using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using PortStress.Control.Loop;
using PortStress.Control.Records;
using PortStress.Telemetry;

namespace PortStress.Control.Tests.Loop;

/// <summary>What the admin API and the metrics export read from the loop: the run-time shadow switch, the status, the gauges.</summary>
public sealed class ControlMonitoringTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 14, 0, 0, TimeSpan.Zero));
    private readonly TransportEventRing _ring = new(1024);
    private readonly ControlSnapshotPublisher _publisher = new();
    private readonly MemoryRecordSink<TickRecord> _ticks = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private IMeterFactory Meters => _services.GetRequiredService<IMeterFactory>();

    public void Dispose()
    {
        _ring.Dispose();
        _services.Dispose();
    }

    [Fact]
    public void Shadow_switched_at_run_time_is_applied_at_the_next_tick_republished_and_recorded()
    {
        using var shadowGauge = new MetricCollector<int>(Meters, ControlMetrics.MeterName, "portstress.control.shadow");
        using var state = new MetricCollector<int>(Meters, ControlMetrics.MeterName, "portstress.control.state");
        using var applied = new MetricCollector<int>(Meters, ControlMetrics.MeterName, "portstress.control.state.applied");
        using var loop = NewLoop();
        for (var i = 0; i < 12; i++)
        {
            Publish(TransportEventKind.ConnectAttempt);
            Publish(TransportEventKind.ConnectFailed, cause: ConnectFailureCause.AddressNotAvailable);
        }
        Step(loop);
        var red = _publisher.Current;
        red.State.Should().Be(StressState.Red);
        red.IsShadow.Should().BeFalse();

        loop.SetShadow(true);
        loop.RequestedShadow.Should().BeTrue();
        _publisher.Current.Should().BeSameAs(red, "nothing changes before the next tick");
        Step(loop);
        var shadow = _publisher.Current;
        shadow.Version.Should().Be(red.Version + 1);
        shadow.State.Should().Be(StressState.Red, "the decided state is kept");
        shadow.IsShadow.Should().BeTrue();
        shadow.AppliedState.Should().Be(StressState.Green);
        shadow.Parameters.Should().Be(ExecutionParameters.Standard);
        shadow.Since.Should().Be(red.Since, "the state was not re-entered");
        _ticks.Snapshot()[^1].Shadow.Should().BeTrue();
        shadowGauge.RecordObservableInstruments();
        shadowGauge.LastMeasurement!.Value.Should().Be(1);
        state.RecordObservableInstruments();
        state.LastMeasurement!.Tags["shadow"].Should().Be(true);
        applied.RecordObservableInstruments();
        applied.LastMeasurement!.Value.Should().Be((int)StressState.Green);

        loop.SetShadow(true);
        Step(loop);
        _publisher.Current.Should().BeSameAs(shadow, "asking for the mode in force changes nothing");

        loop.SetShadow(false);
        Step(loop);
        _publisher.Current.IsShadow.Should().BeFalse();
        _publisher.Current.Parameters.ContainNonUrgent.Should().BeTrue("RED applies again");
        _ticks.Snapshot()[^1].Shadow.Should().BeFalse();
    }

    [Fact]
    public void The_status_is_built_only_while_it_is_read()
    {
        using var loop = NewLoop();
        loop.SinceLastTick.Should().BeNull("no tick yet");
        Step(loop);
        Step(loop);
        loop.Status!.TickCount.Should().Be(1, "the first tick builds one; nobody read it since");
        Step(loop);
        loop.Status!.TickCount.Should().Be(1, "read, but younger than StatusRefresh");
        _time.Advance(ControlLoop.StatusRefresh);
        Step(loop);
        loop.Status!.TickCount.Should().Be(4, "read and old enough: the tick rebuilt it");
        loop.SinceLastTick.Should().Be(TimeSpan.Zero);
        _time.Advance(ControlLoop.StatusLease + TimeSpan.FromSeconds(1));
        loop.Tick();
        loop.Tick();
        loop.Status!.TickCount.Should().Be(4, "the lease of the last read ran out before these ticks");
    }

    [Fact]
    public void Signal_gauges_report_per_destination_and_all_destinations()
    {
        using var ctl95 = new MetricCollector<double>(Meters, RingMetrics.MeterName, "portstress.connect.latency.p95");
        using var cfr = new MetricCollector<double>(Meters, RingMetrics.MeterName, "portstress.connect.failure_ratio");
        using var byCause = new MetricCollector<double>(Meters, RingMetrics.MeterName, "portstress.connect.cause.failure_ratio");
        using var consumed = new MetricCollector<long>(Meters, RingMetrics.MeterName, "portstress.ring.events.consumed");
        var registry = new DestinationRegistry();
        var venue = registry.GetOrAdd(DestinationKey.FromEndPoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 9876)));
        using var loop = new ControlLoop(_ring, new ControlOptions { SampleSockets = false }, _publisher, _time, null, Meters, _ticks, null, registry);
        Step(loop);
        _ = loop.Status;
        for (var i = 0; i < 3; i++)
        {
            Publish(TransportEventKind.ConnectAttempt, venue);
            Publish(TransportEventKind.ConnectSucceeded, venue, elapsed: _time.TimestampFrequency / 500);
        }
        Publish(TransportEventKind.ConnectAttempt, venue);
        Publish(TransportEventKind.ConnectFailed, venue, cause: ConnectFailureCause.Refused);
        _time.Advance(ControlLoop.StatusRefresh);
        Step(loop);

        ctl95.RecordObservableInstruments();
        var measured = ctl95.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["destination"]!, m => m.Value);
        measured.Keys.Should().BeEquivalentTo("all", "127.0.0.1:9876");
        measured["127.0.0.1:9876"].Should().BeApproximately(0.002, 0.002 * 0.02, "DDSketch-style buckets are within 1%");
        cfr.RecordObservableInstruments();
        cfr.GetMeasurementSnapshot().Single(m => Equals(m.Tags["destination"], "127.0.0.1:9876")).Value.Should().Be(0.25);
        byCause.RecordObservableInstruments();
        byCause.GetMeasurementSnapshot().Single(m => Equals(m.Tags["cause"], "refused")).Value.Should().Be(0.25);
        consumed.RecordObservableInstruments();
        consumed.LastMeasurement!.Value.Should().Be(8);
    }

    private ControlLoop NewLoop() =>
        new(_ring, new ControlOptions { SampleSockets = false }, _publisher, _time, null, Meters, _ticks);

    private void Publish(TransportEventKind kind, DestinationId destination = default, long elapsed = 0, ConnectFailureCause cause = ConnectFailureCause.None) =>
        _ring.TryPublish(new TransportEvent(kind, destination.Value == 0 ? new DestinationId(1) : destination, _time.GetTimestamp(), elapsed: elapsed, cause: (byte)cause))
            .Should().BeTrue();

    private void Step(ControlLoop loop)
    {
        _time.Advance(TimeSpan.FromMilliseconds(250));
        loop.Tick();
    }
}
