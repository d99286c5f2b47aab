using Microsoft.Extensions.Time.Testing;
using PortStress.Telemetry.Signals;
using PortStress.Testing;

namespace PortStress.Telemetry.Tests;

public class TransportSignalsTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly TransportEventRing _ring = new(1024);
    private readonly TransportSignals _signals;
    private readonly RingTransportObserver _observer;
    private readonly DestinationId _venueA = new(1);
    private readonly DestinationId _venueB = new(2);

    public TransportSignalsTests()
    {
        _signals = new TransportSignals(_time);
        _observer = new RingTransportObserver(_ring, _time);
    }

    private long Ticks(double milliseconds) => (long)(milliseconds * _time.TimestampFrequency / 1000);

    private TransportSignalSnapshot Drain()
    {
        var signals = _signals;
        _ring.Drain(ref signals);
        return _signals.Snapshot(_ring.DroppedCount);
    }

    [Fact]
    public void Connect_failure_ratio_is_split_by_cause_and_destination()
    {
        for (var i = 0; i < 8; i++)
        {
            _observer.ConnectAttempt(_venueA, i);
            _observer.ConnectSucceeded(_venueA, i, Ticks(1));
        }
        _observer.ConnectAttempt(_venueA, 8);
        _observer.ConnectFailed(_venueA, 8, ConnectFailureCause.AddressNotAvailable, 99, Ticks(0.01));
        _observer.ConnectAttempt(_venueB, 9);
        _observer.ConnectFailed(_venueB, 9, ConnectFailureCause.Refused, 111, Ticks(0.2));

        var snapshot = Drain();

        snapshot.ConnectAttempts.Should().Be(10);
        snapshot.ConnectFailureRatio.Should().BeApproximately(0.2, 1e-9);
        snapshot.FailuresByCause[(int)ConnectFailureCause.AddressNotAvailable].Should().Be(1);
        snapshot.FailuresByCause[(int)ConnectFailureCause.Refused].Should().Be(1);
        snapshot.Destinations.Single(d => d.Destination == _venueA).ConnectFailureRatio.Should().BeApproximately(1.0 / 9, 1e-9);
        snapshot.Destinations.Single(d => d.Destination == _venueB).ConnectFailureRatio.Should().Be(1);
        snapshot.ConnectLatencyP95.Should().BeApproximately(0.001, 0.00001);
    }

    [Fact]
    public void Latencies_come_from_the_timestamps_the_engine_passes()
    {
        var decided = _time.GetTimestamp();
        _observer.OrderDecided(_venueA, 1);
        _time.Advance(TimeSpan.FromMilliseconds(3));
        _observer.OrderSent(_venueA, 1, decided);
        var sent = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromMilliseconds(40));
        _observer.OrderAcked(_venueA, 1, sent);
        var logon = _time.GetTimestamp();
        _observer.LogonSent(_venueA, 7);
        _time.Advance(TimeSpan.FromMilliseconds(12));
        _observer.LogonAcked(_venueA, 7, logon);

        var snapshot = Drain();

        snapshot.DecisionToSendP95.Should().BeApproximately(0.003, 0.00003);
        snapshot.OrderAckLatencyP95.Should().BeApproximately(0.040, 0.0004);
        snapshot.LogonLatencyP95.Should().BeApproximately(0.012, 0.00012);
        snapshot.ConnectLatencyP95.Should().Be(double.NaN);
    }

    [Fact]
    public void Reconnects_are_reported_per_minute_and_retries_feed_depth_and_burst_index()
    {
        for (var i = 0; i < 6; i++)
        {
            _observer.Disconnected(_venueA, 1, DisconnectReason.Reset, 104);
            _observer.ReconnectScheduled(_venueA, 1, Ticks(500));
            _time.Advance(TimeSpan.FromSeconds(5));
        }
        for (var i = 0; i < 30; i++)
            _observer.RetryScheduled(_venueB, i, queueDepth: i + 1);
        _time.Advance(TimeSpan.FromMilliseconds(100));

        var snapshot = Drain();

        snapshot.ReconnectsPerMinute.Should().Be(6);
        snapshot.Disconnects.Should().Be(6);
        snapshot.RetryQueueDepth.Should().Be(30);
        snapshot.RetryBurstIndex.Should().Be(1.0);
    }

    [Fact]
    public void Handling_events_does_not_allocate_once_destinations_are_known()
    {
        _observer.ConnectAttempt(_venueA, 0);
        _observer.ConnectSucceeded(_venueA, 0, Ticks(1));
        Drain();
        var signals = _signals;
        Allocations.LeastPerRound(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                _observer.ConnectAttempt(_venueA, i);
                _observer.ConnectFailed(_venueA, i, ConnectFailureCause.TimedOut, 110, Ticks(1000));
                _observer.RetryScheduled(_venueA, i, 3);
                _ring.Drain(ref signals);
            }
        }).Should().Be(0);
    }

    [Fact]
    public void A_full_ring_reports_its_drops_in_the_snapshot()
    {
        using var ring = new TransportEventRing(4);
        var observer = new RingTransportObserver(ring, _time);
        for (var i = 0; i < 10; i++)
            observer.OrderDecided(_venueA, i);
        _signals.Snapshot(ring.DroppedCount).RingDrops.Should().Be(6);
    }
}
