using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using PortStress.Control.Decoding;
using PortStress.Control.Features;
using PortStress.Control.Loop;
using PortStress.Control.Records;
using PortStress.Telemetry;
using PortStress.Testing;

namespace PortStress.Control.Tests.Loop;

public sealed class ControlLoopTests : IDisposable
{
    private static readonly DestinationId Venue = new(1);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 14, 0, 0, TimeSpan.Zero));
    private readonly TransportEventRing _ring = new(1024);
    private readonly ControlSnapshotPublisher _publisher = new();
    private readonly MemoryRecordSink<TickRecord> _ticks = new();
    private readonly MemoryRecordSink<TransitionRecord> _transitions = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose()
    {
        _ring.Dispose();
        _services.Dispose();
    }

    private ControlLoop NewLoop(Action<ControlOptions>? configure = null)
    {
        var options = new ControlOptions { SampleSockets = false };
        configure?.Invoke(options);
        return new ControlLoop(_ring, options, _publisher, _time, null, _services.GetRequiredService<IMeterFactory>(), _ticks, _transitions);
    }

    private void Publish(TransportEventKind kind, long elapsed = 0, ConnectFailureCause cause = ConnectFailureCause.None) =>
        _ring.TryPublish(new TransportEvent(kind, Venue, _time.GetTimestamp(), elapsed: elapsed, cause: (byte)cause)).Should().BeTrue();

    private void ConnectFailures(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Publish(TransportEventKind.ConnectAttempt);
            Publish(TransportEventKind.ConnectFailed, cause: ConnectFailureCause.AddressNotAvailable);
        }
    }

    private ControlTickResult Step(ControlLoop loop)
    {
        _time.Advance(TimeSpan.FromMilliseconds(250));
        return loop.Tick();
    }

    [Fact]
    public void Events_in_the_ring_reach_the_snapshot_and_the_transition_record_carries_the_features()
    {
        using var loop = NewLoop();
        Step(loop).Decision.Changed.Should().BeFalse();
        _publisher.Current.Should().BeSameAs(ControlSnapshot.Initial, "nothing changed, nothing is published");

        ConnectFailures(12);
        var tick = Step(loop);
        tick.EventsDrained.Should().Be(24);
        tick.Decision.To.Should().Be(StressState.Red);

        var snapshot = _publisher.Current;
        snapshot.Version.Should().Be(1);
        snapshot.State.Should().Be(StressState.Red);
        snapshot.Parameters.Should().BeSameAs(loop.Policy.For(StressState.Red));
        snapshot.AppliedState.Should().Be(StressState.Red);
        snapshot.Features.ConnectFailures.Should().Be(12);
        snapshot.Features.ConnectFailureRatio.Should().Be(1);
        snapshot.Since.Should().Be(tick.Timestamp);

        var transition = _transitions.Snapshot().Should().ContainSingle().Subject;
        transition.From.Should().Be(StressState.Green);
        transition.To.Should().Be(StressState.Red);
        transition.Rule.Should().Be(TransitionRule.RepeatedConnectFailures);
        transition.Features.Should().Be(snapshot.Features);
        transition.StressProbability.Should().Be(snapshot.StressProbability);
        transition.DwellSeconds.Should().BeApproximately(0.5, 1e-9, "GREEN since the loop was created, two ticks ago");
        transition.TimeUnixMicros.Should().Be(_time.GetUtcNow().ToUnixTimeMilliseconds() * 1000);

        _ticks.Snapshot().Should().HaveCount(2);
        _ticks.Snapshot()[1].State.Should().Be(StressState.Red);
    }

    [Fact]
    public void A_failed_connect_or_two_is_not_yet_a_failure_rate()
    {
        using var loop = NewLoop();
        ConnectFailures(2);
        var tick = Step(loop);
        tick.Features.ConnectFailures.Should().Be(2);
        tick.Features.ConnectFailureRatio.Should().Be(0, "fewer than 5 attempts in the window");
        tick.Decision.To.Should().Be(StressState.Green);
    }

    [Fact]
    public void Snapshots_are_published_only_when_the_state_changes()
    {
        using var loop = NewLoop();
        var published = new List<ControlSnapshot>();
        _publisher.Published += published.Add;
        loop.PushSocketPressure(new SocketPressure(0.35, 0.0, _time.GetTimestamp()));
        for (var i = 0; i < 10; i++)
            Step(loop);
        published.Should().ContainSingle().Which.State.Should().Be(StressState.Yellow);

        loop.PushSocketPressure(new SocketPressure(0.0, 0.0, _time.GetTimestamp()));
        for (var i = 0; i < 40; i++)
            Step(loop);
        published.Select(s => (s.Version, s.State)).Should().Equal((1, StressState.Yellow), (2, StressState.Green));
        published[1].Since.Should().BeGreaterThan(published[0].Since);
        _transitions.Snapshot().Select(t => t.Rule).Should().Equal(TransitionRule.PortPressureDrift, TransitionRule.Recovered);
        _ticks.Snapshot().Should().HaveCount(50);
    }

    [Fact]
    public void Shadow_mode_decides_and_records_but_applies_green()
    {
        using var loop = NewLoop(o => o.Shadow = true);
        ConnectFailures(12);
        Step(loop);
        var snapshot = _publisher.Current;
        snapshot.IsShadow.Should().BeTrue();
        snapshot.State.Should().Be(StressState.Red);
        snapshot.DecidedParameters.ContainNonUrgent.Should().BeTrue();
        snapshot.Parameters.Should().BeSameAs(ExecutionParameters.Standard);
        snapshot.AppliedState.Should().Be(StressState.Green);
        _transitions.Snapshot().Single().Shadow.Should().BeTrue();
        _ticks.Snapshot().Single().Shadow.Should().BeTrue();
    }

    [Fact]
    public void A_loop_that_starts_in_shadow_mode_publishes_a_shadow_snapshot_at_its_first_tick()
    {
        using var loop = NewLoop(o => o.Shadow = true);
        _publisher.Current.IsShadow.Should().BeFalse("the initial snapshot is the publisher's, made before any loop");
        Step(loop);
        var snapshot = _publisher.Current;
        snapshot.IsShadow.Should().BeTrue("readers of the snapshot (the admin API, the gate's records) see the mode in force");
        snapshot.State.Should().Be(StressState.Green);
        snapshot.Version.Should().Be(1);
        Step(loop);
        _publisher.Current.Should().BeSameAs(snapshot, "once the snapshot says shadow, a quiet tick publishes nothing");
    }

    [Fact]
    public void Transitions_are_logged_with_their_event_ids_and_red_raises_an_incident()
    {
        var logger = new FakeLogger<ControlLoop>();
        using var loop = new ControlLoop(_ring, new ControlOptions(), _publisher, _time, logger);
        ConnectFailures(12);
        Step(loop);
        _time.Advance(TimeSpan.FromSeconds(61)); // the failures leave the 60 s window
        for (var i = 0; i < 4 * 30; i++)
            Step(loop);

        var records = logger.Collector.GetSnapshot();
        var escalated = records.Single(r => r.Id.Id == ControlEventId.StateEscalated);
        escalated.Level.Should().Be(LogLevel.Warning);
        escalated.Message.Should().StartWith("port stress GREEN -> RED (repeatedConnectFailures): P=").And.Contain("failures=12");
        var incident = records.Single(r => r.Id.Id == ControlEventId.IncidentRaised);
        incident.Level.Should().Be(LogLevel.Error);
        incident.Message.Should().Contain("RED");
        var relaxed = records.Where(r => r.Id.Id == ControlEventId.StateRelaxed).ToList();
        relaxed.Should().AllSatisfy(r => r.Level.Should().Be(LogLevel.Information));
        relaxed.Select(r => r.Message[..r.Message.IndexOf(" after", StringComparison.Ordinal)]).Should().Equal(
            "port stress RED -> ORANGE (recovered)", "port stress ORANGE -> YELLOW (recovered)", "port stress YELLOW -> GREEN (recovered)");
        relaxed[0].Message.Should().Contain("after 61.2 s");
    }

    [Fact]
    public void Ring_drops_are_counted_per_tick()
    {
        using var small = new TransportEventRing(4);
        using var loop = new ControlLoop(small, new ControlOptions(), _publisher, _time);
        for (var i = 0; i < 10; i++)
            small.TryPublish(new TransportEvent(TransportEventKind.OrderDecided, Venue, _time.GetTimestamp()));
        Step(loop).Features.RingDrops.Should().Be(6);
        Step(loop).Features.RingDrops.Should().Be(0);
    }

    [Fact]
    public async Task A_socket_table_sample_pushed_from_another_thread_is_used_by_the_next_tick()
    {
        using var loop = NewLoop();
        await Task.Run(() => loop.PushSocketPressure(new SocketPressure(0.9, 0.6, 1)));
        var tick = Step(loop);
        tick.Features.PortPressure.Should().Be(0.9);
        tick.Features.TimeWaitRatio.Should().Be(0.6);
        tick.StressProbability.Should().BeGreaterThan(0.9);
    }

    [Fact]
    public void The_loop_exports_state_probability_transitions_and_tick_duration()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        using var state = new MetricCollector<int>(factory, ControlMetrics.MeterName, "portstress.control.state");
        using var probability = new MetricCollector<double>(factory, ControlMetrics.MeterName, "portstress.control.stress_probability");
        using var transitions = new MetricCollector<long>(factory, ControlMetrics.MeterName, "portstress.control.transitions");
        using var duration = new MetricCollector<double>(factory, ControlMetrics.MeterName, "portstress.control.tick.duration");
        using var loop = NewLoop();
        Step(loop);
        ConnectFailures(12);
        Step(loop);

        state.RecordObservableInstruments();
        state.LastMeasurement!.Value.Should().Be((int)StressState.Red);
        probability.RecordObservableInstruments();
        probability.LastMeasurement!.Value.Should().Be(loop.LastStressProbability);
        var t = transitions.GetMeasurementSnapshot().Should().ContainSingle().Subject;
        t.Value.Should().Be(1);
        t.Tags["from"].Should().Be("GREEN");
        t.Tags["to"].Should().Be("RED");
        t.Tags["rule"].Should().Be("repeatedConnectFailures");
        duration.GetMeasurementSnapshot().Should().HaveCount(2);
    }

    [Fact]
    public void A_tick_without_a_transition_allocates_nothing()
    {
        using var loop = new ControlLoop(_ring, new ControlOptions(), _publisher, _time, tickRecords: new NullSink<TickRecord>());
        for (var i = 0; i < 5; i++)
        {
            Publish(TransportEventKind.ConnectAttempt);
            Publish(TransportEventKind.ConnectSucceeded, elapsed: _time.TimestampFrequency / 1000);
            Step(loop);
        }
        Allocations.LeastOf(() =>
        {
            long allocated = 0;
            for (var i = 0; i < 40; i++)
            {
                Publish(TransportEventKind.ConnectAttempt);
                Publish(TransportEventKind.ConnectSucceeded, elapsed: _time.TimestampFrequency / 1000);
                _time.Advance(TimeSpan.FromMilliseconds(250)); // FakeTimeProvider.Advance allocates: keep it outside the measurement
                allocated += Allocations.Of(() => loop.Tick());
            }

            return allocated;
        }).Should().Be(0);
        loop.State.Should().Be(StressState.Green);
    }

    [Fact]
    public async Task Tick_records_written_to_jsonl_parse_back_with_the_same_features()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"portstress-ticks-{Guid.NewGuid():N}");
        var writer = new JsonLinesRecordWriter<TickRecord>(directory);
        using (var loop = new ControlLoop(_ring, new ControlOptions(), _publisher, _time, tickRecords: writer))
        {
            ConnectFailures(6);
            Step(loop);
        }
        await writer.DisposeAsync();
        var line = (await File.ReadAllLinesAsync(writer.Path)).Single();
        using var json = JsonDocument.Parse(line);
        json.RootElement.GetProperty("type").GetString().Should().Be("ticks");
        json.RootElement.GetProperty("state").GetString().Should().Be("ORANGE", "six failures in six attempts: P(stress) is near 1");
        json.RootElement.GetProperty("ctl95").ValueKind.Should().Be(JsonValueKind.Null, "no connect succeeded: CTL95 is unknown, written as null");
        var features = FeatureJson.Read(json.RootElement);
        features.ConnectFailures.Should().Be(6);
        features.ConnectFailureRatio.Should().Be(1);
        Directory.Delete(directory, true);
    }

    private sealed class NullSink<T> : IRecordSink<T> where T : struct, IJsonRecord
    {
        public bool TryAppend(in T record) => true;
    }
}
