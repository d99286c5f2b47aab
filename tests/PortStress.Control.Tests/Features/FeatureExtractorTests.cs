using Microsoft.Extensions.Time.Testing;
using PortStress.Control.Features;
using PortStress.Telemetry;
using PortStress.Telemetry.Signals;
using PortStress.Testing;

namespace PortStress.Control.Tests.Features;

public class FeatureExtractorTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 14, 0, 0, TimeSpan.Zero));

    private long Seconds(double s) => (long)(s * _time.TimestampFrequency);

    [Fact]
    public void Features_come_from_the_estimators_and_the_socket_sample()
    {
        var signals = new TransportSignals(_time);
        var d = new DestinationId(1);
        var now = _time.GetTimestamp();
        for (var i = 0; i < 8; i++)
            signals.OnEvent(new TransportEvent(TransportEventKind.ConnectAttempt, d, now));
        for (var i = 0; i < 2; i++)
            signals.OnEvent(new TransportEvent(TransportEventKind.ConnectFailed, d, now, cause: (byte)ConnectFailureCause.AddressNotAvailable));
        for (var i = 0; i < 3; i++)
            signals.OnEvent(new TransportEvent(TransportEventKind.ReconnectScheduled, d, now));
        signals.OnEvent(new TransportEvent(TransportEventKind.RetryScheduled, d, now, queueDepth: 7));
        _time.Advance(TimeSpan.FromSeconds(1));

        var extractor = new FeatureExtractor(new BaselineOptions(), TimeSpan.FromMilliseconds(250), new TransportSignalOptions());
        var f = extractor.Extract(signals, _time.GetTimestamp(), new SocketPressure(0.4, 0.25, now), ringDrops: 5, learn: true);

        f.ConnectFailureRatio.Should().Be(0.25);
        f.ConnectFailures.Should().Be(2);
        f.PortPressure.Should().Be(0.4);
        f.TimeWaitRatio.Should().Be(0.25);
        f.ReconnectsPerMinute.Should().Be(3, "three reconnects in a 60 s window");
        f.RetryQueueDepth.Should().Be(7);
        f.RetryBurstIndex.Should().Be(0, "one retry is under RBI's minimum count");
        f.RingDrops.Should().Be(5);
        f.ConnectLatencyRelative.Should().Be(0, "no connect succeeded: CTL95 is unknown");
    }

    [Fact]
    public void Ctl95_is_read_relative_to_a_baseline_learned_only_when_allowed()
    {
        var signals = new TransportSignals(_time, new TransportSignalOptions { LatencyWindow = TimeSpan.FromSeconds(6), LatencySubWindows = 6 });
        var extractor = new FeatureExtractor(new BaselineOptions { MinimumSamples = 4 }, TimeSpan.FromMilliseconds(250), new TransportSignalOptions());
        void Connects(double latency)
        {
            for (var i = 0; i < 20; i++)
                signals.OnEvent(new TransportEvent(TransportEventKind.ConnectSucceeded, new DestinationId(1), _time.GetTimestamp(), elapsed: Seconds(latency)));
        }

        for (var tick = 0; tick < 8; tick++)
        {
            Connects(0.002);
            _time.Advance(TimeSpan.FromMilliseconds(250));
            extractor.Extract(signals, _time.GetTimestamp(), default, 0, learn: true);
        }
        extractor.ConnectLatencyBaseline.Value.Should().BeApproximately(0.002, 0.002 * 0.02);

        _time.Advance(TimeSpan.FromSeconds(7)); // the 2 ms samples leave the window
        for (var tick = 0; tick < 40; tick++)
        {
            Connects(0.010);
            _time.Advance(TimeSpan.FromMilliseconds(250));
            var f = extractor.Extract(signals, _time.GetTimestamp(), default, 0, learn: false);
            f.ConnectLatencyRelative.Should().BeApproximately(5, 0.15, "10 ms against a 2 ms baseline");
        }
        extractor.ConnectLatencyBaseline.Value.Should().BeApproximately(0.002, 0.002 * 0.02, "ticks outside GREEN never teach the baseline");
        extractor.MayLearn(StressState.Yellow, 0).Should().BeFalse();
        extractor.MayLearn(StressState.Green, 0.5).Should().BeFalse();
        extractor.MayLearn(StressState.Green, 0.1).Should().BeTrue();
    }

    [Fact]
    public void Extracting_allocates_nothing()
    {
        var signals = new TransportSignals(_time);
        signals.OnEvent(new TransportEvent(TransportEventKind.ConnectSucceeded, new DestinationId(1), _time.GetTimestamp(), elapsed: Seconds(0.001)));
        var extractor = new FeatureExtractor(new BaselineOptions(), TimeSpan.FromMilliseconds(250), new TransportSignalOptions());
        extractor.Extract(signals, _time.GetTimestamp(), default, 0, true);
        Allocations.LeastPerRound(() =>
        {
            for (var i = 0; i < 100; i++)
                extractor.Extract(signals, _time.GetTimestamp(), default, 0, true);
        }).Should().Be(0);
    }
}
