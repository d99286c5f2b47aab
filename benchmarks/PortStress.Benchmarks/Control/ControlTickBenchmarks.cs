using BenchmarkDotNet.Attributes;
using PortStress.Control;
using PortStress.Control.Decoding;
using PortStress.Control.Features;
using PortStress.Control.Loop;
using PortStress.Control.Records;
using PortStress.Telemetry;

namespace PortStress.Benchmarks.Control;

/// <summary>
/// One control tick (issue 5 target: at most 50 µs): drain the ring, read the estimators into features, score
/// P(stress), decode the state, publish a snapshot if the state changed, record the tick. The estimators hold a
/// minute of a busy gateway (2,000 connects with spread latencies, 20,000 child orders' decision-to-send, retries
/// and a reconnect). The baseline reads the features only (the floor of any tick: two windowed quantiles and the
/// counters); <c>SignalsSnapshot</c> is Telemetry's allocating read of every signal, for comparison.
/// </summary>
[MemoryDiagnoser]
public class ControlTickBenchmarks
{
    private readonly FixedClock _clock = new();
    private TransportEventRing _ring = null!;
    private ControlLoop _steady = null!;
    private ControlLoop _flipping = null!;
    private StateDecoder _decoder = null!;
    private ControlFeatures _features;
    private bool _stressed;

    [GlobalSetup]
    public void Setup()
    {
        _ring = new TransportEventRing(65536);
        var options = new ControlOptions { SampleSockets = false };
        _steady = new ControlLoop(_ring, options, new ControlSnapshotPublisher(), _clock, tickRecords: new CountingSink<TickRecord>(), transitionRecords: new CountingSink<TransitionRecord>());
        Populate(_ring, _clock);
        _steady.PushSocketPressure(new SocketPressure(0.12, 0.05, _clock.GetTimestamp()));
        for (var i = 0; i < 40; i++)
            _steady.Tick(); // past the baselines' warm-up
        if (_steady.State != StressState.Green)
            throw new InvalidOperationException($"the steady loop should be GREEN, is {_steady.State} (P={_steady.LastStressProbability})");

        // A second loop whose state changes on every tick (zero dwell; PPR alternates across YELLOW's thresholds).
        var flippingRing = new TransportEventRing(65536);
        var flippingOptions = new ControlOptions { SampleSockets = false };
        flippingOptions.Decoder.YellowMinimumDwell = TimeSpan.Zero;
        _flipping = new ControlLoop(flippingRing, flippingOptions, new ControlSnapshotPublisher(), _clock, tickRecords: new CountingSink<TickRecord>(), transitionRecords: new CountingSink<TransitionRecord>());
        Populate(flippingRing, _clock);
        for (var i = 0; i < 40; i++)
            _flipping.Tick();
        var before = _flipping.Snapshots.Current.Version;
        TickWithTransition();
        TickWithTransition();
        if (_flipping.Snapshots.Current.Version != before + 2)
            throw new InvalidOperationException("the flipping loop should publish a snapshot on every tick");

        _decoder = new StateDecoder(new DecoderOptions(), _clock.TimestampFrequency, _clock.GetTimestamp());
        _features = _steady.LastFeatures;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _steady.Dispose();
        _flipping.Dispose();
        _ring.Dispose();
    }

    [Benchmark(Baseline = true)]
    public ControlFeatures ExtractFeatures() =>
        _steady.Features.Extract(_steady.Signals, _clock.GetTimestamp(), new SocketPressure(0.12, 0.05, 0), 0, learn: false);

    [Benchmark]
    public StressState ClassifyAndDecode()
    {
        var p = _steady.Classifier.Probability(_features);
        return _decoder.Decode(_features, p, _clock.GetTimestamp()).To;
    }

    [Benchmark]
    public StressState Tick() => _steady.Tick().Decision.To;

    [Benchmark]
    public StressState TickWithTransition()
    {
        _stressed = !_stressed;
        _flipping.PushSocketPressure(new SocketPressure(_stressed ? 0.35 : 0.05, 0, _clock.GetTimestamp()));
        return _flipping.Tick().Decision.To;
    }

    [Benchmark]
    public object SignalsSnapshot() => _steady.Signals.Snapshot(_ring.DroppedCount);

    private static void Populate(TransportEventRing ring, FixedClock clock)
    {
        var random = new Random(42);
        var frequency = clock.TimestampFrequency;
        var now = clock.GetTimestamp();
        for (var i = 0; i < 2000; i++)
        {
            var destination = new DestinationId(1 + i % 4);
            ring.TryPublish(new TransportEvent(TransportEventKind.ConnectAttempt, destination, now)).ThrowIfFalse();
            if (i % 50 == 0)
            {
                ring.TryPublish(new TransportEvent(TransportEventKind.ConnectFailed, destination, now, cause: (byte)ConnectFailureCause.TimedOut)).ThrowIfFalse();
                continue;
            }
            var latency = Math.Exp(Math.Log(0.0005) + 0.8 * Gaussian(random));
            ring.TryPublish(new TransportEvent(TransportEventKind.ConnectSucceeded, destination, now, elapsed: (long)(latency * frequency))).ThrowIfFalse();
        }
        for (var i = 0; i < 20000; i++)
        {
            var delay = Math.Exp(Math.Log(0.0002) + 1.0 * Gaussian(random));
            ring.TryPublish(new TransportEvent(TransportEventKind.OrderSent, new DestinationId(1 + i % 4), now, elapsed: (long)(delay * frequency))).ThrowIfFalse();
        }
        for (var i = 0; i < 30; i++)
            ring.TryPublish(new TransportEvent(TransportEventKind.RetryScheduled, new DestinationId(1), now - frequency / 2 + i * frequency / 60, queueDepth: i % 3)).ThrowIfFalse();
        ring.TryPublish(new TransportEvent(TransportEventKind.ReconnectScheduled, new DestinationId(2), now)).ThrowIfFalse();
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>A clock that stands still: the estimators' windows keep their minute of data.</summary>
    private sealed class FixedClock : TimeProvider
    {
        private readonly long _now = 1_000 * 1_000_000_000L;

        public override long TimestampFrequency => 1_000_000_000;

        public override long GetTimestamp() => _now;

        public override DateTimeOffset GetUtcNow() => new(2026, 11, 24, 14, 0, 0, TimeSpan.Zero);
    }

    private sealed class CountingSink<T> : IRecordSink<T> where T : struct, IJsonRecord
    {
        public long Count { get; private set; }

        public bool TryAppend(in T record)
        {
            Count++;
            return true;
        }
    }
}

internal static class BenchmarkChecks
{
    public static void ThrowIfFalse(this bool ok)
    {
        if (!ok)
            throw new InvalidOperationException("the ring refused an event during set-up");
    }
}
