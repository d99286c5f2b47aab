using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using PortStress.Control;
using PortStress.Execution;
using PortStress.Execution.Gate;

namespace PortStress.Benchmarks.Execution;

/// <summary>
/// The gate's cost on the outbound path against sending straight to the session (<see cref="DirectSubmitter"/>, the
/// baseline), per order, with a counting session that does nothing. GREEN is submit plus the venue's done (the gate
/// tracks each sent order until then; the baseline tracks nothing). YELLOW (10% trim, U(0, 50 ms) jitter) is the
/// whole cycle: admission into the timer wheel, the wheel's release and send, done; <see cref="GateLatencyBenchmarks"/>
/// times the admission alone, order by order. The clock is
/// the machine's (<see cref="ManualClock"/> only adds an offset so the YELLOW release can jump 50 ms ahead without a
/// real timer).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class GateBenchmarks
{
    private const int Orders = 1024;
    private readonly CountingSession _session = new();
    private readonly ManualClock _clock = new();
    private ChildOrderIntent[] _intents = [];
    private DirectSubmitter _direct = null!;
    private ChildOrderGate _green = null!;
    private ChildOrderGate _yellow = null!;

    [GlobalSetup]
    public void Setup()
    {
        var pool = new VenueSessionPool();
        pool.Add(_session);
        _direct = new DirectSubmitter(pool, _clock);
        _green = new ChildOrderGate(new GateOptions(), pool, new ControlSnapshotPublisher(), timeProvider: _clock);
        var yellow = new ControlSnapshotPublisher(new ControlSnapshot(1, StressState.Yellow,
            new ExecutionParameters { ClipTrim = 0.10, LaunchJitterMax = TimeSpan.FromMilliseconds(50), KeepConnectionsPooled = true },
            false, 0.6, default, 0));
        _yellow = new ChildOrderGate(new GateOptions { Capacity = 2 * Orders }, pool, yellow, timeProvider: _clock);
        _intents = GateWorkload.Intents(Orders);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _green.Dispose();
        _yellow.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Orders)]
    public int Direct()
    {
        foreach (var intent in _intents)
            _direct.Submit(intent, null);
        return _session.Count;
    }

    [Benchmark(OperationsPerInvoke = Orders)]
    public int Green()
    {
        foreach (var intent in _intents)
        {
            _green.Submit(intent, null);
            _green.OnDone(intent.OrderId, 0, 0);
        }
        return _session.Count;
    }

    [Benchmark(OperationsPerInvoke = Orders)]
    public int YellowCycle()
    {
        foreach (var intent in _intents)
            _yellow.Submit(intent, null);
        _clock.Advance(TimeSpan.FromMilliseconds(51));
        _yellow.RunTimerOnce();
        foreach (var intent in _intents)
            _yellow.OnDone(intent.OrderId, 0, 0);
        return _session.Count;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(StatisticColumn.Median, StatisticColumn.P90, StatisticColumn.P95, StatisticColumn.Max);
        }
    }
}

/// <summary>
/// Per-order latency of one submit (timed order by order with the machine clock, ~20 ns of timer overhead in every
/// sample), so the median and the tail per order are visible, not only per-iteration means: <c>Direct</c>, GREEN
/// submit, YELLOW admission. The percentiles of all samples of a run are printed at the end as
/// <c>GATE-LATENCY mode p50 p90 p99 p99.9 max</c> (nanoseconds), over the last 4M orders timed (a ring: the pilot and
/// warm-up orders are overwritten by the measured iterations).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 20)]
public class GateLatencyBenchmarks
{
    private const int Orders = 4096;
    private const int MaxSamples = 1 << 22;
    private readonly CountingSession _session = new();
    private readonly ManualClock _clock = new();
    private readonly long[] _samples = new long[MaxSamples];
    private long _sampleCount;
    private ChildOrderIntent[] _intents = [];
    private IChildOrderSubmitter _submitter = null!;
    private ChildOrderGate? _gate;

    [Params("Direct", "Green", "YellowAdmit")]
    public string Mode { get; set; } = "Direct";

    [GlobalSetup]
    public void Setup()
    {
        var pool = new VenueSessionPool();
        pool.Add(_session);
        _intents = GateWorkload.Intents(Orders);
        var parameters = Mode == "YellowAdmit"
            ? new ExecutionParameters { ClipTrim = 0.10, LaunchJitterMax = TimeSpan.FromMilliseconds(50) }
            : ExecutionParameters.Standard;
        var control = new ControlSnapshotPublisher(new ControlSnapshot(1, Mode == "YellowAdmit" ? StressState.Yellow : StressState.Green,
            parameters, false, 0.5, default, 0));
        if (Mode == "Direct")
        {
            _submitter = new DirectSubmitter(pool, _clock);
        }
        else
        {
            _gate = new ChildOrderGate(new GateOptions { Capacity = 2 * Orders }, pool, control, timeProvider: _clock);
            _submitter = _gate;
        }
    }

    [Benchmark(OperationsPerInvoke = Orders)]
    public int Submit()
    {
        var samples = _samples;
        var n = _sampleCount;
        foreach (var intent in _intents)
        {
            var start = Stopwatch.GetTimestamp();
            _submitter.Submit(intent, null);
            var end = Stopwatch.GetTimestamp();
            samples[n++ & (MaxSamples - 1)] = end - start;
        }
        _sampleCount = n;
        if (_gate is not null)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(51));
            _gate.RunTimerOnce();
            foreach (var intent in _intents)
                _gate.OnDone(intent.OrderId, 0, 0);
        }
        return _session.Count;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _gate?.Dispose();
        var samples = _samples[..(int)Math.Min(_sampleCount, MaxSamples)];
        if (samples.Length == 0)
            return;
        Array.Sort(samples);
        var toNs = 1e9 / Stopwatch.Frequency;
        double At(double q) => samples[Math.Min(samples.Length - 1, (int)(q * samples.Length))] * toNs;
        Console.WriteLine(FormattableString.Invariant(
            $"GATE-LATENCY {Mode} n={samples.Length} p50={At(0.50):F0} p90={At(0.90):F0} p99={At(0.99):F0} p99.9={At(0.999):F0} max={samples[^1] * toNs:F0} ns"));
    }
}

/// <summary>Canned intents: one venue, distinct order ids, reused every invocation (each is done before it is reused).</summary>
internal static class GateWorkload
{
    public static ChildOrderIntent[] Intents(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new ChildOrderIntent
        {
            OrderId = i,
            ParentId = 1,
            Venue = CountingSession.VenueName,
            Symbol = "MSFT",
            Side = OrderSide.Buy,
            Quantity = 1000,
            LimitPrice = 101.25m,
            Urgency = Urgency.Normal,
            DecisionTimestamp = 1,
        })];
}

/// <summary>A session that counts orders: the cost of the wire is not what is measured.</summary>
internal sealed class CountingSession : IVenueSession
{
    public const string VenueName = "XNAS";
    public int Count;

    public string Venue => VenueName;

    public string Name => "XNAS-1";

    public bool IsLoggedOn => true;

    public long LoggedOnSince => 1;

    public SendResult Send(ChildOrderIntent intent, decimal quantity)
    {
        Count++;
        return SendResult.Sent;
    }
}

/// <summary>The machine's clock plus an offset that the benchmark moves; its timers never fire (the benchmark runs the release).</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _offset;

    public override long TimestampFrequency => Stopwatch.Frequency;

    public override long GetTimestamp() => Stopwatch.GetTimestamp() + _offset;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new IdleTimer();

    public void Advance(TimeSpan span) => _offset += (long)(span.TotalSeconds * Stopwatch.Frequency);

    private sealed class IdleTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
