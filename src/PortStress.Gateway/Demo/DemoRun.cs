using System.Net;
using PortStress.Control;
using PortStress.Control.Loop;
using PortStress.Control.Records;
using PortStress.Execution.Gate;
using PortStress.Execution.Interception;
using PortStress.Execution.Records;
using PortStress.Execution.Schedules;
using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Protocol.Dictionary;
using PortStress.Telemetry;
using PortStress.Venue;
using PortStress.Venue.Records;

namespace PortStress.Gateway.Demo;

/// <summary>A demo run could not start (venue, sessions, listener); the message says what.</summary>
internal sealed class DemoStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DemoStartException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public DemoStartException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="inner">Why.</param>
    public DemoStartException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>What a finished run left behind.</summary>
/// <param name="Label">The run's label.</param>
/// <param name="ControllerOn">Whether the controller's actions were applied.</param>
/// <param name="RecordsDirectory">Its records.</param>
/// <param name="Final">The last status.</param>
/// <param name="StartUnixMicros">When the order flow started (record clock).</param>
internal sealed record RunResult(string Label, bool ControllerOn, string RecordsDirectory, RunStatus Final, long StartUnixMicros);

/// <summary>
/// One run of the demo scenario on loopback: a venue simulator, two FIX order sessions to it through the interceptor
/// (each a <see cref="FixVenueSession"/> in the gate's pool, <see cref="OrderFlowApplication"/> feeding the gate,
/// <see cref="SessionTelemetryObserver"/> and the initiator's connector on one ring, <see cref="VenueAwareAttemptGate"/>
/// pacing reconnects), a <see cref="ControlLoop"/> on its own thread, the <see cref="ChildOrderGate"/>, the TWAP
/// parents, and the two stress sources (the dependency's per-order connections from a bounded port window, and the
/// venue dropping sessions). Writes every record stream into its records directory.
/// </summary>
internal sealed class DemoRun
{
    private readonly DemoScenario _scenario;
    private readonly DemoWorkload _workload;
    private readonly int _seed;
    private readonly bool _controllerOn;
    private readonly string _records;
    private readonly (ushort First, ushort Last) _window;
    private readonly DataDictionary _dictionary;
    private readonly TimeProvider _time = TimeProvider.System;
    private volatile Func<RunStatus>? _status;
    private volatile RunStatus _last;

    /// <summary>Prepares a run.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="workload">The parents.</param>
    /// <param name="seed">Seed of the market, the gate's draws and the dependency's back-off.</param>
    /// <param name="controllerOn">Apply the controller's actions (else shadow mode: record them, apply GREEN).</param>
    /// <param name="recordsDirectory">Where the records go.</param>
    /// <param name="window">The dependency's source-port window.</param>
    /// <param name="dictionary">The FIX.4.4 dictionary of the order sessions.</param>
    public DemoRun(DemoScenario scenario, DemoWorkload workload, int seed, bool controllerOn, string recordsDirectory,
        (ushort First, ushort Last) window, DataDictionary dictionary)
    {
        _scenario = scenario;
        _workload = workload;
        _seed = seed;
        _controllerOn = controllerOn;
        _records = recordsDirectory;
        _window = window;
        _dictionary = dictionary;
        Label = controllerOn ? "controller on" : "controller off (shadow)";
        _last = new RunStatus { Label = Label, Length = scenario.RunLength, Shadow = !controllerOn, WindowSize = window.Last - window.First + 1 };
    }

    /// <summary>"controller on" or "controller off (shadow)".</summary>
    public string Label { get; }

    /// <summary>The status now (any thread).</summary>
    public RunStatus Status()
    {
        var status = _status;
        if (status is not null)
            _last = status();
        return _last;
    }

    /// <summary>Runs the scenario to the end and stops everything.</summary>
    /// <param name="cancellationToken">Stops the run early (Ctrl+C); what was recorded stays.</param>
    /// <exception cref="DemoStartException">Something could not start.</exception>
    public async Task<RunResult> RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_records);
        _workload.Write(Path.Combine(_records, "workload.json"));
        var mids = new JsonLinesRecordWriter<MidPriceRecord>(_records);
        var venueFills = new JsonLinesRecordWriter<VenueFillRecord>(_records);
        var ticks = new JsonLinesRecordWriter<TickRecord>(_records);
        var transitions = new JsonLinesRecordWriter<TransitionRecord>(_records);
        var orders = new JsonLinesRecordWriter<ChildOrderRecord>(_records);
        var events = new JsonLinesRecordWriter<OrderEventRecord>(_records);
        var parentRecords = new ParentRecords(new JsonLinesRecordWriter<ParentRecord>(_records), new RecordTime(_time));
        var tickTap = new TickTap(ticks);
        var orderTap = new OrderTap(orders);
        var control = _scenario.ControlOptions(shadow: !_controllerOn);
        using var ring = new TransportEventRing(control.RingCapacity, control.RingSpinLimit, control.RingWakeBacklog);
        var registry = new DestinationRegistry();
        var observer = new RingTransportObserver(ring, _time);
        var publisher = new ControlSnapshotPublisher();
        using var stopping = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token, cancellationToken);
        var venue = new VenueSimulator(DemoWorkload.VenueOptions(_seed), _time, mids: mids, fills: venueFills);
        DependencyService? dependency = null;
        ControlLoop? loop = null;
        ChildOrderGate? gate = null;
        FixInitiator? initiator = null;
        NewSessionAttemptLimiter? limiter = null;
        DependencyClient? client = null;
        var schedules = new List<TwapSchedule>();
        var background = new List<Task>();
        long startMicros = 0;
        try
        {
            try
            {
                await venue.StartAsync(CancellationToken.None).ConfigureAwait(false);
                dependency = new DependencyService();
                dependency.Start();
            }
            catch (System.Net.Sockets.SocketException e)
            {
                throw new DemoStartException($"{Label}: cannot listen on loopback: {e.Message}", e);
            }

            loop = new ControlLoop(ring, control, publisher, _time, tickRecords: tickTap, transitionRecords: transitions);
            var pool = new VenueSessionPool();
            limiter = new NewSessionAttemptLimiter(publisher);
            gate = new ChildOrderGate(new GateOptions { RandomSeed = _seed, DefaultLotSize = _scenario.LotSize }, pool, publisher, observer, _time,
                orderRecords: orderTap, eventRecords: events);
            var venueEndPoint = new IPEndPoint(IPAddress.Loopback, venue.LocalEndPoint.Port);
            var venueDestination = registry.GetOrAdd(DestinationKey.FromEndPoint(venueEndPoint));
            var sessionTelemetry = new SessionTelemetryObserver(observer, registry);
            var initiatorSessions = new List<InitiatorSessionOptions>();
            var venueSessions = new List<FixVenueSession>();
            foreach (var sender in new[] { "GW1", "GW2" })
            {
                var settings = new SessionSettings
                {
                    SessionId = new SessionId("FIX.4.4", sender, "VENUE"),
                    ConnectionType = ConnectionType.Initiator,
                    HeartBtInt = TimeSpan.FromSeconds(30),
                    LogonTimeout = TimeSpan.FromSeconds(5),
                };
                var session = new Session(settings, new OrderFlowApplication(gate, timeProvider: _time), new MemoryStore(), _dictionary, timeProvider: _time, observer: sessionTelemetry);
                var venueSession = new FixVenueSession(DemoWorkload.VenueName, session, _time);
                venueSessions.Add(venueSession);
                pool.Add(venueSession, venueDestination);
                initiatorSessions.Add(new InitiatorSessionOptions
                {
                    Session = session,
                    Targets = [new ConnectTarget("127.0.0.1", venueEndPoint.Port)],
                    Reconnect = new ReconnectPolicy { Base = TimeSpan.FromMilliseconds(100), Cap = TimeSpan.FromSeconds(1) },
                });
            }

            initiator = new FixInitiator(initiatorSessions, timeProvider: _time, transportObserver: observer, registry: registry, seed: _seed,
                attemptGate: new VenueAwareAttemptGate(limiter, pool, _ => DemoWorkload.VenueName));
            background.Add(loop.RunAsync(stopping.Token));
            await initiator.StartAsync().ConfigureAwait(false);
            await WaitForLogonAsync(venueSessions, linked.Token).ConfigureAwait(false);

            var sampler = new WindowPressureSampler(_window, dependency.EndPoint);
            background.Add(sampler.RunAsync(loop, _time, _scenario.SocketSampleInterval, stopping.Token));
            client = new DependencyClient(dependency.EndPoint, _window, publisher, observer, registry, _time, _scenario.PooledConnections,
                _scenario.DependencyCallBudget, _seed);
            var submitter = new DependencyCheckedSubmitter(gate, client, _scenario.ChecksPerOrder, stopping.Token);
            var ids = new OrderIdSource(1_000_000);
            foreach (var parent in _workload.Parents)
                schedules.Add(new TwapSchedule(parent.Order, submitter, ids, _time));

            var started = _time.GetTimestamp();
            startMicros = new RecordTime(_time).ToUnixMicros(started);
            var phase = RunPhase.Calm;
            var loopRef = loop;
            var gateRef = gate;
            var clientRef = client;
            _status = () => Snapshot(started, phase, tickTap, orderTap, publisher, gateRef, venueSessions, venue, submitter, clientRef, sampler, schedules, loopRef);
            foreach (var (schedule, parent) in schedules.Zip(_workload.Parents))
                background.Add(StartLaterAsync(schedule, parent.StartDelay, parentRecords, linked.Token));

            await DelayUntilAsync(started, _scenario.StressStart, linked.Token).ConfigureAwait(false);
            phase = RunPhase.Stress;
            dependency.SetupCost = _scenario.DependencySetupCost;
            submitter.Active = true;
            venue.Faults.LogonDelay = _scenario.StressLogonDelay;
            venue.Faults.DropSessionsEvery = _scenario.DropSessionsEvery;

            await DelayUntilAsync(started, _scenario.StressEnd, linked.Token).ConfigureAwait(false);
            phase = RunPhase.Recovery;
            venue.Faults.DropSessionsEvery = null;
            venue.Faults.LogonDelay = TimeSpan.Zero;
            submitter.Active = false;
            dependency.SetupCost = TimeSpan.Zero;

            await DelayUntilAsync(started, _scenario.RunLength, linked.Token).ConfigureAwait(false);
            phase = RunPhase.Stopping;
            // The windows end before the run does; wait a little for the last children's answers.
            var finished = Task.WhenAll(schedules.Select(s => s.Finished));
            await Task.WhenAny(finished, Task.Delay(_scenario.Grace, _time, CancellationToken.None)).ConfigureAwait(false);
            await submitter.DrainAsync(_scenario.Grace).ConfigureAwait(false);
            phase = RunPhase.Done;
            _last = Status();
            return new RunResult(Label, _controllerOn, _records, _last, startMicros);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _last = Status() with { Phase = RunPhase.Done };
            return new RunResult(Label, _controllerOn, _records, _last, startMicros);
        }
        finally
        {
            _status = null;
            foreach (var schedule in schedules)
                schedule.Dispose();
            foreach (var schedule in schedules.Where(s => s.StartTimestamp != 0))
                parentRecords.Write(schedule);
            gate?.Dispose();
            if (initiator is not null)
                await initiator.DisposeAsync().ConfigureAwait(false);
            limiter?.Dispose();
            await stopping.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(background.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
            loop?.Dispose();
            if (client is not null)
                await client.DisposeAsync().ConfigureAwait(false);
            if (dependency is not null)
                await dependency.DisposeAsync().ConfigureAwait(false);
            await venue.DisposeAsync().ConfigureAwait(false);
            foreach (var writer in new IAsyncDisposable[] { mids, venueFills, ticks, transitions, orders, events, parentRecords.Writer })
                await writer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private RunStatus Snapshot(long started, RunPhase phase, TickTap ticks, OrderTap orders, ControlSnapshotPublisher publisher, ChildOrderGate gate,
        List<FixVenueSession> sessions, VenueSimulator venue, DependencyCheckedSubmitter submitter, DependencyClient client,
        WindowPressureSampler sampler, List<TwapSchedule> schedules, ControlLoop loop)
    {
        var tick = ticks.Latest;
        var features = tick?.Features ?? default;
        var window = sampler.Last;
        decimal filled = 0;
        var finished = 0;
        foreach (var schedule in schedules)
        {
            var progress = schedule.Progress;
            filled += progress.Filled;
            finished += progress.Finished ? 1 : 0;
        }

        var snapshot = publisher.Current;
        return new RunStatus
        {
            Label = Label,
            Phase = phase,
            Elapsed = _time.GetElapsedTime(started),
            Length = _scenario.RunLength,
            State = loop.State,
            AppliedState = snapshot.AppliedState,
            Shadow = !_controllerOn,
            StressProbability = tick?.StressProbability ?? 0,
            PortPressure = features.PortPressure,
            TimeWaitRatio = features.TimeWaitRatio,
            ConnectFailureRatio = features.ConnectFailureRatio,
            ConnectFailures = features.ConnectFailures,
            ConnectLatency95 = tick?.ConnectLatencyP95 ?? double.NaN,
            RetryBurstIndex = features.RetryBurstIndex,
            DecisionToSend95 = tick?.DecisionToSendP95 ?? double.NaN,
            ReconnectsPerMinute = features.ReconnectsPerMinute,
            SessionsLoggedOn = sessions.Count(s => s.IsLoggedOn),
            Sessions = sessions.Count,
            SessionsDropped = venue.Faults.SessionsDropped,
            Orders = orders.Orders,
            Sent = orders.Sent,
            HeldThenSent = orders.HeldThenSent,
            HeldNow = gate.HeldCount,
            ContainedNow = gate.ContainedCount,
            Contained = orders.Contained,
            Refused = orders.Refused,
            WaitingForDependency = submitter.Pending,
            DependencyPooled = client.Pooling,
            DependencyActive = submitter.Active,
            WindowSockets = window.Sockets,
            WindowTimeWait = window.TimeWait,
            WindowSize = window.WindowSize == 0 ? _window.Last - _window.First + 1 : window.WindowSize,
            Filled = filled,
            ParentQuantity = _workload.TotalQuantity,
            ParentsFinished = finished,
            Parents = schedules.Count,
        };
    }

    private static async Task WaitForLogonAsync(List<FixVenueSession> sessions, CancellationToken cancellationToken)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (!sessions.TrueForAll(s => s.IsLoggedOn))
        {
            if (Environment.TickCount64 > deadline)
            {
                var missing = string.Join(", ", sessions.Where(s => !s.IsLoggedOn).Select(s => s.Name));
                throw new DemoStartException($"order sessions did not log on to the venue simulator within 10 s: {missing}");
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task StartLaterAsync(TwapSchedule schedule, TimeSpan delay, ParentRecords parentRecords, CancellationToken cancellationToken)
    {
        if (delay > TimeSpan.Zero)
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        schedule.Start();
        _ = schedule.Finished.ContinueWith(_ => parentRecords.Write(schedule), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Writes each started parent's record once: when its schedule finishes, or when the run ends.</summary>
    /// <param name="writer">The <c>parent.jsonl</c> writer.</param>
    /// <param name="time">The record clock.</param>
    private sealed class ParentRecords(JsonLinesRecordWriter<ParentRecord> writer, RecordTime time)
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<long, bool> _written = new();

        public JsonLinesRecordWriter<ParentRecord> Writer => writer;

        public void Write(ParentSchedule schedule)
        {
            if (_written.TryAdd(schedule.Order.ParentId, true))
                writer.TryAppend(ParentRecord.Of(schedule, time, time.TimeProvider.GetTimestamp()));
        }
    }

    private async Task DelayUntilAsync(long started, TimeSpan offset, CancellationToken cancellationToken)
    {
        var wait = offset - _time.GetElapsedTime(started);
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
    }
}
