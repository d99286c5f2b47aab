using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PortStress.Control.Classification;
using PortStress.Control.Decoding;
using PortStress.Control.Features;
using PortStress.Control.Internal;
using PortStress.Control.Policy;
using PortStress.Control.Records;
using PortStress.Telemetry;
using PortStress.Telemetry.Sampling;
using PortStress.Telemetry.Signals;

namespace PortStress.Control.Loop;

/// <summary>
/// The control loop: the single consumer of the transport event ring. It drains events into the estimators
/// (<see cref="Signals"/>) as they arrive and, every <see cref="ControlOptions.TickInterval"/>, turns them plus the
/// latest OS socket sample into features, scores P(stress), decodes the state, publishes a new
/// <see cref="ControlSnapshot"/> when the state changes, and records one <see cref="TickRecord"/> per tick and one
/// <see cref="TransitionRecord"/> per transition.
/// <para>
/// Drive it with <see cref="RunAsync"/> (a dedicated thread that waits on the ring and ticks on the
/// <see cref="TimeProvider"/>'s clock), or call <see cref="Tick"/> yourself (tests with <c>FakeTimeProvider</c>,
/// benchmarks) — but never both, and never from two threads: the ring has one consumer.
/// <see cref="PushSocketSample(SocketTableSample)"/> and <see cref="PushSocketPressure"/> may be called from any thread.
/// </para>
/// </summary>
public sealed class ControlLoop : IDisposable
{
    private readonly TransportEventRing _ring;
    private readonly ControlOptions _options;
    private readonly ControlSnapshotPublisher _publisher;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IRecordSink<TickRecord>? _tickSink;
    private readonly IRecordSink<TransitionRecord>? _transitionSink;
    private readonly RecordTime _recordTime;
    private readonly FeatureExtractor _extractor;
    private readonly StateDecoder _decoder;
    private readonly ControlMetrics _metrics;
    private readonly Lock _socketLock = new();
    private readonly long _tickTicks;
    private readonly double _secondsPerTick;
    private TransportSignals _signals;
    private SocketPressure _sockets;
    private long _lastRingDrops;
    private long _version;
    private long _ticks;
    private long _recordsDropped;
    private double _lastProbability;
    private ControlFeatures _lastFeatures;
    private readonly SignalMetrics _signalMetrics;
    private readonly RingMetrics _ringMetrics;
    private readonly long _statusLeaseTicks;
    private readonly long _statusRefreshTicks;
    private volatile bool _shadow;
    private volatile bool _shadowRequested;
    private long _lastTickTimestamp;
    private long _statusWantedUntil;
    private ControlStatus? _status;
    private SocketSampleSummary? _socketSummary;

    /// <summary>Creates the loop in GREEN. Options are checked first (<see cref="ControlOptionsValidator.ThrowIfInvalid"/>).</summary>
    /// <param name="ring">The event ring; this loop becomes its only consumer.</param>
    /// <param name="options">The options.</param>
    /// <param name="publisher">Where snapshots are published (the gate reads it).</param>
    /// <param name="timeProvider">The clock events are stamped with; the system clock when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <param name="meterFactory">Creates the meter; a standalone meter when null.</param>
    /// <param name="tickRecords">Receives one record per tick, or null.</param>
    /// <param name="transitionRecords">Receives one record per transition, or null.</param>
    /// <param name="destinations">Names destinations (ip:port) in per-destination metrics; ids are used when null.</param>
    public ControlLoop(
        TransportEventRing ring,
        ControlOptions options,
        ControlSnapshotPublisher publisher,
        TimeProvider? timeProvider = null,
        ILogger<ControlLoop>? logger = null,
        IMeterFactory? meterFactory = null,
        IRecordSink<TickRecord>? tickRecords = null,
        IRecordSink<TransitionRecord>? transitionRecords = null,
        DestinationRegistry? destinations = null)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(publisher);
        ControlOptionsValidator.ThrowIfInvalid(options);
        _ring = ring;
        _options = options;
        _publisher = publisher;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _tickSink = tickRecords;
        _transitionSink = transitionRecords;
        _recordTime = new RecordTime(_time);
        _signals = new TransportSignals(_time, options.Signals);
        _extractor = new FeatureExtractor(options.Baseline, options.TickInterval, options.Signals, options.ConnectFailureMinimumAttempts);
        Classifier = new StressClassifier(options.Classifier);
        Policy = new ControlPolicy(options.Policy);
        _decoder = new StateDecoder(options.Decoder, _time.TimestampFrequency, _time.GetTimestamp());
        _tickTicks = Math.Max(1, (long)(options.TickInterval.TotalSeconds * _time.TimestampFrequency));
        _secondsPerTick = 1.0 / _time.TimestampFrequency;
        _lastRingDrops = ring.DroppedCount;
        _shadow = _shadowRequested = options.Shadow;
        _statusLeaseTicks = (long)(StatusLease.TotalSeconds * _time.TimestampFrequency);
        _statusRefreshTicks = (long)(StatusRefresh.TotalSeconds * _time.TimestampFrequency);
        _metrics = new ControlMetrics(meterFactory, () => _decoder.State, () => Volatile.Read(ref _lastProbability), () => _shadow,
            () => Status);
        _signalMetrics = new SignalMetrics(meterFactory, () => Status?.Signals, () => Status?.Sockets, destinations);
        _ringMetrics = new RingMetrics(ring, meterFactory);
    }

    /// <summary>The estimators this loop feeds from the ring.</summary>
    public TransportSignals Signals => _signals;

    /// <summary>The classifier.</summary>
    public StressClassifier Classifier { get; }

    /// <summary>The policy table.</summary>
    public ControlPolicy Policy { get; }

    /// <summary>The feature extractor and its baselines.</summary>
    public FeatureExtractor Features => _extractor;

    /// <summary>Where snapshots are published.</summary>
    public IControlSnapshotSource Snapshots => _publisher;

    /// <summary>The decided state (in shadow mode, the state that would apply).</summary>
    public StressState State => _decoder.State;

    /// <summary>P(stress) at the last tick.</summary>
    public double LastStressProbability => Volatile.Read(ref _lastProbability);

    /// <summary>The features at the last tick (read it on the loop's thread).</summary>
    public ControlFeatures LastFeatures => _lastFeatures;

    /// <summary>Ticks run so far.</summary>
    public long TickCount => Interlocked.Read(ref _ticks);

    /// <summary>Records refused by the sinks so far.</summary>
    public long RecordsDropped => Interlocked.Read(ref _recordsDropped);

    /// <summary>
    /// True while the loop runs in shadow mode (decide and record, apply GREEN). Starts at <see cref="ControlOptions.Shadow"/>;
    /// <see cref="SetShadow"/> changes it at the next tick.
    /// </summary>
    public bool Shadow => _shadow;

    /// <summary>The shadow mode asked for by the last <see cref="SetShadow"/> (what <see cref="Shadow"/> becomes at the next tick).</summary>
    public bool RequestedShadow => _shadowRequested;

    /// <summary>
    /// Switches shadow mode at run time (any thread). The next tick applies it: it publishes a new snapshot of the same
    /// state with the new mode (version + 1; the gate applies GREEN in shadow, the decided parameters otherwise), logs the
    /// switch and records the tick with the new <c>shadow</c> value. Asking for the mode in force changes nothing.
    /// </summary>
    /// <param name="enabled">True for shadow mode.</param>
    public void SetShadow(bool enabled) => _shadowRequested = enabled;

    /// <summary>The control-clock timestamp of the last tick, 0 before the first (any thread).</summary>
    public long LastTickTimestamp => Volatile.Read(ref _lastTickTimestamp);

    /// <summary>Time since the last tick on the loop's clock, or null before the first (any thread).</summary>
    public TimeSpan? SinceLastTick
    {
        get
        {
            var last = LastTickTimestamp;
            return last == 0 ? null : _time.GetElapsedTime(last);
        }
    }

    /// <summary>
    /// The loop's state, features and signals at a recent tick, for other threads (metrics, admin API); null before
    /// the first tick. Reading it asks the loop to keep it fresh: while it has been read within <see cref="StatusLease"/>
    /// a tick builds a new one when the last is <see cref="StatusRefresh"/> old or the state or mode changed (building
    /// allocates and reads every estimator); a loop nobody reads builds none after its first tick.
    /// </summary>
    public ControlStatus? Status
    {
        get
        {
            Volatile.Write(ref _statusWantedUntil, _time.GetTimestamp() + _statusLeaseTicks);
            return Volatile.Read(ref _status);
        }
    }

    /// <summary>How long one read of <see cref="Status"/> keeps the loop building it (60 s).</summary>
    public static TimeSpan StatusLease { get; } = TimeSpan.FromSeconds(60);

    /// <summary>How old <see cref="Status"/> may get while it is read before a tick rebuilds it (1 s).</summary>
    public static TimeSpan StatusRefresh { get; } = TimeSpan.FromSeconds(1);

    /// <summary>The OS socket figures the next tick will use (zero with timestamp 0 before the first sample).</summary>
    public SocketPressure LastSocketPressure
    {
        get
        {
            lock (_socketLock)
                return _sockets;
        }
    }

    /// <summary>Takes PPR and TWR from a socket table sample (any thread; the sample is only read during the call).</summary>
    /// <param name="sample">The sample.</param>
    public void PushSocketSample(SocketTableSample sample) => PushSocketPressure(SocketPressure.From(sample));

    /// <summary>
    /// Takes PPR and TWR from a socket table sample and keeps a copy of its per-destination figures and of the counters
    /// (TIME_WAIT creation rate) for <see cref="Status"/> (any thread; the sample and counters are only read during the
    /// call). The copy allocates, once per sample (every 0.5-5 s), off the tick.
    /// </summary>
    /// <param name="sample">The sample.</param>
    /// <param name="counters">The TCP counters read with it, or null.</param>
    public void PushSocketSample(SocketTableSample sample, TcpCounterSampler? counters)
    {
        ArgumentNullException.ThrowIfNull(sample);
        PushSocketPressure(SocketPressure.From(sample));
        Volatile.Write(ref _socketSummary, SocketSampleSummary.From(sample, counters));
    }

    /// <summary>Sets the OS socket figures the next ticks use (any thread).</summary>
    /// <param name="pressure">PPR and TWR (maximum over destinations) and the sample's timestamp.</param>
    public void PushSocketPressure(SocketPressure pressure)
    {
        lock (_socketLock)
            _sockets = pressure;
    }

    /// <summary>Drains published ring events into the estimators (consumer thread only).</summary>
    /// <returns>How many events were drained.</returns>
    public int DrainEvents()
    {
        var total = 0;
        int drained;
        do
        {
            drained = _ring.Drain(ref _signals, 4096);
            total += drained;
        }
        while (drained == 4096);
        return total;
    }

    /// <summary>
    /// One control tick at the clock's current time: drain, features, classify, decode, publish if the state changed,
    /// record. Allocation-free unless the state changes (a new snapshot). Consumer thread only.
    /// </summary>
    public ControlTickResult Tick()
    {
        var started = _time.GetTimestamp();
        var drained = DrainEvents();
        var now = _time.GetTimestamp();
        var drops = _ring.DroppedCount;
        var dropsSinceLast = drops - _lastRingDrops;
        _lastRingDrops = drops;
        SocketPressure sockets;
        lock (_socketLock)
            sockets = _sockets;

        var requestedShadow = _shadowRequested;
        var shadowSwitched = requestedShadow != _shadow;
        if (shadowSwitched)
            _shadow = requestedShadow;
        var learn = _extractor.MayLearn(_decoder.State, _lastProbability);
        var features = _extractor.Extract(_signals, now, sockets, dropsSinceLast, learn);
        var probability = Classifier.Probability(features);
        var decision = _decoder.Decode(features, probability, now);
        _lastFeatures = features;
        Volatile.Write(ref _lastProbability, probability);
        if (decision.Changed)
            OnTransition(decision, features, probability, now);
        else if (_publisher.Current.IsShadow != _shadow)
            // A switch, or a loop that starts in shadow mode: the snapshot in force must carry the mode in force.
            OnShadowSwitched(decision.To, features, probability, now);
        if (shadowSwitched)
            ControlLog.ShadowSwitched(_logger, _shadow ? "on" : "off", DecoderNames.Of(decision.To), _shadow ? "GREEN" : DecoderNames.Of(decision.To));

        if (_tickSink is not null)
        {
            var record = new TickRecord
            {
                TimeUnixMicros = _recordTime.ToUnixMicros(now),
                State = decision.To,
                Shadow = _shadow,
                StressProbability = probability,
                Features = features,
                ConnectLatencyP95 = _extractor.LastConnectLatencyP95,
                ConnectLatencyBaseline = _extractor.ConnectLatencyBaseline.Value,
                DecisionToSendP95 = _extractor.LastDecisionToSendP95,
                DecisionToSendBaseline = _extractor.DecisionToSendBaseline.Value,
            };
            if (!_tickSink.TryAppend(record))
                RecordDropped(TickRecord.StreamName);
        }
        var tickCount = Interlocked.Increment(ref _ticks);
        Volatile.Write(ref _lastTickTimestamp, now);
        var status = Volatile.Read(ref _status);
        if (status is null || (StatusWanted(now) && (decision.Changed || shadowSwitched || now - status.Timestamp >= _statusRefreshTicks)))
            PublishStatus(now, tickCount, decision.To, probability, features);
        _metrics.TickDuration((_time.GetTimestamp() - started) * _secondsPerTick);
        return new ControlTickResult(now, features, probability, decision, drained);
    }

    /// <summary>
    /// Runs the loop on a dedicated thread until <paramref name="cancellationToken"/> is cancelled: waits on the ring
    /// (draining events as they come) and ticks every <see cref="ControlOptions.TickInterval"/> of the clock. A tick
    /// that throws is logged and the loop carries on with the previous snapshot in force.
    /// </summary>
    /// <param name="cancellationToken">Stops the loop.</param>
    /// <returns>Completes when the loop has stopped.</returns>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Run(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <inheritdoc />
    public void Dispose()
    {
        _metrics.Dispose();
        _signalMetrics.Dispose();
        _ringMetrics.Dispose();
    }

    private void Run(CancellationToken cancellationToken)
    {
        ControlLog.LoopStarted(_logger, _options.TickInterval.TotalMilliseconds, _shadow ? " (shadow mode: GREEN is applied)" : "");
        var due = _time.GetTimestamp() + _tickTicks;
        var maxWait = TimeSpan.FromMilliseconds(50);
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = _time.GetTimestamp();
            if (now >= due)
            {
                try
                {
                    Tick();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    ControlLog.TickFailed(_logger, e);
                }
                due += _tickTicks;
                if (due <= now)
                    due = now + _tickTicks;
                continue;
            }
            var untilTick = TimeSpan.FromSeconds((due - now) * _secondsPerTick);
            if (_ring.WaitForEvents(untilTick < maxWait ? untilTick : maxWait))
                DrainEvents();
        }
        ControlLog.LoopStopped(_logger, TickCount, DecoderNames.Of(_decoder.State));
    }

    private void OnTransition(StateDecision decision, ControlFeatures features, double probability, long now)
    {
        var parameters = Policy.For(decision.To);
        var snapshot = new ControlSnapshot(++_version, decision.To, parameters, _shadow, probability, features, now);
        _publisher.Publish(snapshot);
        var dwell = (now - decision.PreviousEnteredAt) * _secondsPerTick;
        _metrics.Transition(decision.From, decision.To, decision.Rule);
        var shadow = _shadow ? ", shadow" : "";
        if (decision.To > decision.From)
        {
            ControlLog.Escalated(_logger, DecoderNames.Of(decision.From), DecoderNames.Of(decision.To), DecoderNames.Of(decision.Rule), shadow, probability,
                features.PortPressure, features.TimeWaitRatio, features.ConnectFailureRatio, features.ConnectFailures, features.ConnectLatencyRelative,
                features.RetryBurstIndex, features.DecisionToSendRelative, features.RetryQueueDepth, features.ReconnectsPerMinute);
            if (parameters.RaiseIncident && !Policy.For(decision.From).RaiseIncident)
                ControlLog.Incident(_logger, DecoderNames.Of(decision.To), DecoderNames.Of(decision.Rule), shadow);
        }
        else
        {
            ControlLog.Relaxed(_logger, DecoderNames.Of(decision.From), DecoderNames.Of(decision.To), DecoderNames.Of(decision.Rule), shadow, dwell, probability,
                features.PortPressure, features.TimeWaitRatio, features.ConnectFailureRatio, features.ConnectFailures, features.ConnectLatencyRelative,
                features.RetryBurstIndex, features.DecisionToSendRelative, features.RetryQueueDepth, features.ReconnectsPerMinute);
        }
        if (_transitionSink is not null)
        {
            var record = new TransitionRecord
            {
                TimeUnixMicros = _recordTime.ToUnixMicros(now),
                From = decision.From,
                To = decision.To,
                Rule = decision.Rule,
                DwellSeconds = dwell,
                Shadow = _shadow,
                StressProbability = probability,
                Features = features,
                Version = snapshot.Version,
            };
            if (!_transitionSink.TryAppend(record))
                RecordDropped(TransitionRecord.StreamName);
        }
    }

    // The mode changed without a transition: the same state, re-published with the new mode so the gate applies it.
    private void OnShadowSwitched(StressState state, ControlFeatures features, double probability, long now)
    {
        var current = _publisher.Current;
        var since = current.State == state ? current.Since : now;
        _publisher.Publish(new ControlSnapshot(++_version, state, Policy.For(state), _shadow, probability, features, since));
    }

    private bool StatusWanted(long now) => now <= Volatile.Read(ref _statusWantedUntil);

    private void PublishStatus(long now, long tickCount, StressState state, double probability, ControlFeatures features)
    {
        var ctl95 = _extractor.LastConnectLatencyP95;
        var dsd95 = _extractor.LastDecisionToSendP95;
        var status = new ControlStatus
        {
            Timestamp = now,
            Time = _time.GetUtcNow(),
            TickCount = tickCount,
            State = state,
            Shadow = _shadow,
            SnapshotVersion = _publisher.Current.Version,
            StressProbability = probability,
            Features = features,
            ConnectLatencyP95 = double.IsFinite(ctl95) ? ctl95 : null,
            ConnectLatencyBaseline = _extractor.ConnectLatencyBaseline.IsWarm ? _extractor.ConnectLatencyBaseline.Value : null,
            DecisionToSendP95 = double.IsFinite(dsd95) ? dsd95 : null,
            DecisionToSendBaseline = _extractor.DecisionToSendBaseline.IsWarm ? _extractor.DecisionToSendBaseline.Value : null,
            Signals = _signals.Snapshot(_ring.DroppedCount),
            Sockets = Volatile.Read(ref _socketSummary),
        };
        Volatile.Write(ref _status, status);
    }

    private void RecordDropped(string stream)
    {
        var dropped = Interlocked.Increment(ref _recordsDropped);
        if ((dropped & (dropped - 1)) == 0)
            ControlLog.RecordDropped(_logger, stream, dropped); // 1st, 2nd, 4th, 8th... refusal: visible, not a flood
    }
}
