using System.Collections.Concurrent;
using System.Net;
using PortStress.Control;
using PortStress.Control.Loop;
using PortStress.Control.Records;
using PortStress.Execution;
using PortStress.Execution.Gate;
using PortStress.Execution.Interception;
using PortStress.Execution.Records;
using PortStress.Execution.Schedules;
using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Stores;
using PortStress.Telemetry;
using static PortStress.Fix.Interop.Tests.Interop;

namespace PortStress.Fix.Interop.Tests;

/// <summary>
/// Issue 5 end to end: our engine, the control loop and the order gate against the QuickFIX C++ executor, with
/// connect failures injected by a second initiator that keeps dialling a port nobody listens on.
/// </summary>
[Collection(PeersCollection.Name)]
public sealed class ControlledOrderFlowTests(PeersFixture peers) : IAsyncDisposable
{
    private readonly TransportEventRing _ring = new(16384);
    private readonly DestinationRegistry _registry = new();
    private readonly MemoryRecordSink<TransitionRecord> _transitions = new();
    private readonly MemoryRecordSink<ChildOrderRecord> _orderRecords = new();
    private readonly Listener _listener = new();
    private readonly List<IAsyncDisposable> _owned = [];

    [PeersFact]
    public async Task Injected_connect_failures_drive_the_state_up_and_orders_change_as_the_policy_says()
    {
        peers.EnsureUp();
        var observer = new RingTransportObserver(_ring, TimeProvider.System);
        var publisher = new ControlSnapshotPublisher();
        var options = new ControlOptions { SampleSockets = false };
        options.Signals.CountWindow = TimeSpan.FromSeconds(3);
        options.Signals.CountBuckets = 6;
        options.Decoder.RedMinimumDwell = TimeSpan.FromSeconds(1);
        options.Decoder.OrangeMinimumDwell = TimeSpan.FromSeconds(1);
        options.Decoder.YellowMinimumDwell = TimeSpan.FromSeconds(1);
        using var loop = new ControlLoop(_ring, options, publisher, transitionRecords: _transitions);
        var pool = new VenueSessionPool();
        using var gate = new ChildOrderGate(new GateOptions { RandomSeed = 5 }, pool, publisher, observer, orderRecords: _orderRecords);

        // The pinned order session to the executor, its events on the ring, its reports closing the loop.
        var session = new Session(Settings("FIX.4.4", "CLIENT", "EXEC"), new OrderFlowApplication(gate), new MemoryStore(), DictionaryFor("FIX.4.4"),
            observer: new SessionTelemetryObserver(observer, _registry));
        var venue = new FixVenueSession("EXEC", session);
        pool.Add(venue, _registry.GetOrAdd(DestinationKey.FromEndPoint(new IPEndPoint(IPAddress.Loopback, Peers.ExecutorPort))));
        var initiator = new FixInitiator(
            [new InitiatorSessionOptions { Session = session, Targets = [new ConnectTarget("127.0.0.1", Peers.ExecutorPort)] }],
            transportObserver: observer, registry: _registry);
        _owned.Add(initiator);
        await initiator.StartAsync();
        await WaitFor(() => session.IsLoggedOn, "logged on to the executor", context: () => peers.LogTail("executor"));

        var ids = new OrderIdSource(Environment.TickCount64 % 1_000_000 * 1000);
        loop.Tick().Decision.To.Should().Be(StressState.Green);

        // GREEN: clips go out whole and are filled.
        var green = Enumerable.Range(0, 3).Select(_ => Intent(ids, Urgency.Normal)).ToList();
        green.ForEach(i => gate.Submit(i, _listener));
        await WaitFor(() => green.All(i => _listener.Filled.ContainsKey(i.OrderId)), "GREEN orders filled");
        green.Should().OnlyContain(i => _listener.Outcomes[i.OrderId].Kind == GateOutcomeKind.Sent && _listener.Outcomes[i.OrderId].SentQuantity == 100);

        // Inject connect failures: a second session dials a dead port with a short backoff.
        var churn = ChurnInitiator(observer);
        _owned.Add(churn);
        await churn.StartAsync();
        await WaitFor(() => loop.Tick().Decision.To == StressState.Red, "RED from repeated connect failures", 20_000,
            () => $"state {loop.State}, features {loop.LastFeatures}");
        session.IsLoggedOn.Should().BeTrue("the pinned session is untouched by the churn");
        var red = publisher.Current;
        red.Parameters.ContainNonUrgent.Should().BeTrue();

        // RED: a non-urgent clip is contained; an urgent clip goes out trimmed by RED's clip trim.
        var contained = Intent(ids, Urgency.Normal);
        var urgent = Intent(ids, Urgency.High);
        gate.Submit(contained, _listener);
        gate.Submit(urgent, _listener);
        await WaitFor(() => _listener.Filled.ContainsKey(urgent.OrderId), "the urgent clip filled");
        var expectedSent = Math.Floor(100 * (decimal)(1 - red.Parameters.ClipTrim));
        _listener.Outcomes[urgent.OrderId].SentQuantity.Should().Be(expectedSent);
        _listener.Outcomes[urgent.OrderId].TrimmedQuantity.Should().Be(100 - expectedSent);
        _listener.Outcomes.Should().NotContainKey(contained.OrderId, "non-urgent flow waits while RED lasts");
        gate.ContainedCount.Should().Be(1);

        // Recovery: the churn stops, the state steps down, the contained clip is released and filled.
        await churn.DisposeAsync();
        _owned.Remove(churn);
        await WaitFor(() => loop.Tick().Decision.To < StressState.Red, "stepping down from RED once failures age out", 20_000,
            () => $"state {loop.State}, features {loop.LastFeatures}");
        await WaitFor(() => _listener.Filled.ContainsKey(contained.OrderId), "the contained clip released and filled", 10_000);
        _listener.Outcomes[contained.OrderId].Kind.Should().Be(GateOutcomeKind.HeldThenSent);

        // Every intent has exactly one outcome and one record; every transition was recorded with its features.
        var all = green.Append(contained).Append(urgent).ToList();
        _listener.OutcomeCount.Should().Be(all.Count);
        await WaitFor(() => _orderRecords.Snapshot().Count == all.Count, "one order record per intent");
        var transitions = _transitions.Snapshot();
        transitions.Should().Contain(t => t.To == StressState.Red && t.Features.ConnectFailures > 0);
        transitions.Where(t => t.To < t.From).Should().OnlyContain(t => t.From - t.To == 1, "steps down one level at a time");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }

        _ring.Dispose();
    }

    private static ChildOrderIntent Intent(OrderIdSource ids, Urgency urgency) => new()
    {
        OrderId = ids.Next(),
        Venue = "EXEC",
        Symbol = "IBM",
        Side = OrderSide.Buy,
        Quantity = 100,
        LimitPrice = 10.25m,
        Urgency = urgency,
        DecisionTimestamp = TimeProvider.System.GetTimestamp(),
    };

    private FixInitiator ChurnInitiator(ITransportObserver observer)
    {
        int deadPort;
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            deadPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var churnSession = new Session(Settings("FIX.4.4", "CHURN", "NOBODY"), new ApplicationStub(), new MemoryStore(), DictionaryFor("FIX.4.4"));
        return new FixInitiator(
            [new InitiatorSessionOptions
            {
                Session = churnSession,
                Targets = [new ConnectTarget("127.0.0.1", deadPort)],
                Reconnect = new ReconnectPolicy { Base = TimeSpan.FromMilliseconds(5), Cap = TimeSpan.FromMilliseconds(20) },
            }],
            transportObserver: observer, registry: _registry);
    }

    private sealed class ApplicationStub : ApplicationBase;

    private sealed class Listener : IChildOrderListener
    {
        private int _outcomes;

        public ConcurrentDictionary<long, GateOutcome> Outcomes { get; } = new();

        public ConcurrentDictionary<long, decimal> Filled { get; } = new();

        public int OutcomeCount => Volatile.Read(ref _outcomes);

        public void OnOutcome(in GateOutcome outcome)
        {
            Interlocked.Increment(ref _outcomes);
            Outcomes[outcome.Intent.OrderId] = outcome;
        }

        public void OnAcknowledged(ChildOrderIntent intent)
        {
        }

        public void OnRejected(ChildOrderIntent intent, string reason)
        {
        }

        public void OnFilled(ChildOrderIntent intent, decimal quantity, decimal price) => Filled.AddOrUpdate(intent.OrderId, quantity, (_, q) => q + quantity);

        public void OnDone(ChildOrderIntent intent, decimal leavesQuantity)
        {
        }
    }
}
