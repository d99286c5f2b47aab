using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using PortStress.Control;
using PortStress.Control.Policy;
using PortStress.Control.Records;
using PortStress.Execution.Gate;
using PortStress.Execution.Records;
using PortStress.Telemetry;

namespace PortStress.Execution.Tests.Gate;

/// <summary>A venue session that records what it sent and answers as told.</summary>
internal sealed class FakeVenueSession(string venue, string name, TimeProvider time, bool loggedOn = true) : IVenueSession
{
    private readonly Lock _sync = new();
    private long _loggedOnSince = loggedOn ? time.GetTimestamp() : 0;

    public string Venue { get; } = venue;

    public string Name { get; } = name;

    public bool IsLoggedOn => Volatile.Read(ref _loggedOnSince) != 0;

    public long LoggedOnSince => Volatile.Read(ref _loggedOnSince);

    /// <summary>The next sends fail with this (counted down by <see cref="FailuresLeft"/>).</summary>
    public SendResult FailWith { get; set; } = SendResult.Failed;

    public int FailuresLeft { get; set; }

    /// <summary>False to only count sends (allocation tests).</summary>
    public bool KeepSent { get; set; } = true;

    public List<(long OrderId, decimal Quantity, long Timestamp)> Sent { get; } = [];

    public int Count;

    public void LogOn(long since) => Volatile.Write(ref _loggedOnSince, since);

    public void LogOut() => Volatile.Write(ref _loggedOnSince, 0);

    public SendResult Send(ChildOrderIntent intent, decimal quantity)
    {
        if (!IsLoggedOn)
            return SendResult.NotLoggedOn;
        lock (_sync)
        {
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                return FailWith;
            }
            if (KeepSent)
                Sent.Add((intent.OrderId, quantity, time.GetTimestamp()));
        }
        Interlocked.Increment(ref Count);
        return SendResult.Sent;
    }
}

/// <summary>Collects every callback the gate makes for the orders it was given.</summary>
internal sealed class RecordingListener : IChildOrderListener
{
    private readonly Lock _sync = new();

    public List<GateOutcome> Outcomes { get; } = [];

    public List<(long OrderId, string Kind)> Events { get; } = [];

    public GateOutcome this[long orderId]
    {
        get
        {
            lock (_sync)
                return Outcomes.Single(o => o.Intent.OrderId == orderId);
        }
    }

    public void OnOutcome(in GateOutcome outcome)
    {
        lock (_sync)
            Outcomes.Add(outcome);
    }

    public void OnAcknowledged(ChildOrderIntent intent)
    {
        lock (_sync)
            Events.Add((intent.OrderId, "ack"));
    }

    public void OnRejected(ChildOrderIntent intent, string reason)
    {
        lock (_sync)
            Events.Add((intent.OrderId, "reject:" + reason));
    }

    public void OnFilled(ChildOrderIntent intent, decimal quantity, decimal price)
    {
        lock (_sync)
            Events.Add((intent.OrderId, string.Create(CultureInfo.InvariantCulture, $"fill:{quantity}@{price}")));
    }

    public void OnDone(ChildOrderIntent intent, decimal leavesQuantity)
    {
        lock (_sync)
            Events.Add((intent.OrderId, string.Create(CultureInfo.InvariantCulture, $"done:{leavesQuantity}")));
    }
}

/// <summary>Records the order events the gate reports to telemetry.</summary>
internal sealed class RecordingObserver : ITransportObserver
{
    public List<string> Events { get; } = [];

    public void ConnectAttempt(DestinationId destination, long attemptId) { }

    public void ConnectSucceeded(DestinationId destination, long attemptId, long elapsed) { }

    public void ConnectFailed(DestinationId destination, long attemptId, ConnectFailureCause cause, int errno, long elapsed) { }

    public void LogonSent(DestinationId destination, long sessionId) { }

    public void LogonAcked(DestinationId destination, long sessionId, long sentTimestamp) { }

    public void Disconnected(DestinationId destination, long sessionId, DisconnectReason reason, int errno) { }

    public void ReconnectScheduled(DestinationId destination, long sessionId, long delay) { }

    public void OrderDecided(DestinationId destination, long orderId) => Add($"decided {orderId} d{destination.Value}");

    public void OrderSent(DestinationId destination, long orderId, long decidedTimestamp) => Add($"sent {orderId} d{destination.Value} decided@{decidedTimestamp}");

    public void OrderAcked(DestinationId destination, long orderId, long sentTimestamp) => Add($"acked {orderId} d{destination.Value} sent@{sentTimestamp}");

    public void OrderRejected(DestinationId destination, long orderId) => Add($"rejected {orderId} d{destination.Value}");

    public void RetryScheduled(DestinationId destination, long correlationId, int queueDepth) => Add($"retry {correlationId} d{destination.Value} depth {queueDepth}");

    private void Add(string text)
    {
        lock (Events)
            Events.Add(string.Create(CultureInfo.InvariantCulture, $"{text}"));
    }
}

/// <summary>A gate on a fake clock with one venue (XNAS, lot 1 unless set) and its sessions.</summary>
internal sealed class GateHarness : IDisposable
{
    public const string Venue = "XNAS";
    private long _nextId = 1;

    public GateHarness(Action<GateOptions>? configure = null, int sessions = 1, bool loggedOn = true, ControlSnapshot? initial = null, bool quiet = false)
    {
        Options = new GateOptions { RandomSeed = 42, ApprovalCredentials = [Credential] };
        configure?.Invoke(Options);
        Control = new ControlSnapshotPublisher(initial);
        for (var i = 0; i < sessions; i++)
        {
            var session = new FakeVenueSession(Venue, $"S{i + 1}", Time, loggedOn) { KeepSent = !quiet };
            Sessions.Add(session);
            Pool.Add(session, new DestinationId(i + 1));
        }
        Gate = quiet
            ? new ChildOrderGate(Options, Pool, Control, null, Time)
            : new ChildOrderGate(Options, Pool, Control, Observer, Time, Records, EventRecords);
    }

    public const string Credential = "approver-secret-0123456789";

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-11-24T14:30:00Z", CultureInfo.InvariantCulture));

    public GateOptions Options { get; }

    public ControlSnapshotPublisher Control { get; }

    public VenueSessionPool Pool { get; } = new();

    public List<FakeVenueSession> Sessions { get; } = [];

    public FakeVenueSession Session => Sessions[0];

    public RecordingObserver Observer { get; } = new();

    public RecordingListener Listener { get; } = new();

    public MemoryRecordSink<ChildOrderRecord> Records { get; } = new();

    public MemoryRecordSink<OrderEventRecord> EventRecords { get; } = new();

    public ChildOrderGate Gate { get; }

    // The controller's default policy, so the gate is tested against what it will actually be given.
    public static ExecutionParameters Yellow { get; } = ControlPolicy.Default.For(StressState.Yellow);

    public static ExecutionParameters Orange { get; } = ControlPolicy.Default.For(StressState.Orange);

    public static ExecutionParameters Red { get; } = ControlPolicy.Default.For(StressState.Red);

    private long _version;

    public void Publish(StressState state, ExecutionParameters parameters, bool shadow = false, double p = 0.5) =>
        Control.Publish(new ControlSnapshot(++_version, state, parameters, shadow, p,
            new ControlFeatures { PortPressure = 0.7, ConnectFailureRatio = 0.2 }, Time.GetTimestamp()));

    public ChildOrderIntent Intent(decimal quantity = 100, Urgency urgency = Urgency.Normal, long deadline = 0, bool catchUp = false,
        bool retry = false, bool urgencyOverride = false, decimal scheduleRate = 0, long parentId = 7, decimal? limit = 101.5m) => new()
        {
            OrderId = _nextId++,
            ParentId = parentId,
            Venue = Venue,
            Symbol = "MSFT",
            Side = OrderSide.Buy,
            Quantity = quantity,
            LimitPrice = limit,
            Urgency = urgency,
            DecisionTimestamp = Time.GetTimestamp(),
            DeadlineTimestamp = deadline,
            IsCatchUp = catchUp,
            IsRetry = retry,
            UrgencyOverride = urgencyOverride,
            ScheduleRate = scheduleRate,
        };

    public ChildOrderIntent Submit(ChildOrderIntent intent)
    {
        Gate.Submit(intent, Listener);
        return intent;
    }

    public long After(TimeSpan span) => Time.GetTimestamp() + (long)(span.TotalSeconds * Time.TimestampFrequency);

    /// <summary>Moves the clock in steps of one timer tick so the wheel sees every tick.</summary>
    public void Advance(TimeSpan span)
    {
        var step = Options.TimerTick;
        for (var t = TimeSpan.Zero; t < span; t += step)
            Time.Advance(step);
    }

    public ChildOrderRecord Record(long orderId) => Records.Snapshot().Single(r => r.OrderId == orderId);

    public void Dispose() => Gate.Dispose();
}
