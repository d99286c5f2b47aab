using System.Net;
using PortStress.Fix.Engine;
using PortStress.Telemetry;
using static PortStress.Fix.Engine.Tests.Sessions.EngineFixtures;

namespace PortStress.Fix.Engine.Tests.Sessions;

/// <summary>The initiator's hooks for a controller: the attempt gate and reconnect telemetry.</summary>
public sealed class InitiatorAttemptGateTests
{
    [Fact]
    public async Task No_connect_starts_before_the_attempt_gate_grants_a_permit_and_the_permit_ends_at_logon()
    {
        var acceptorSession = NewSession(Settings(ConnectionType.Acceptor, "VENUE", "GW"), new RecordingApplication());
        await using var acceptor = new FixAcceptor([acceptorSession], new AcceptorOptions());
        await acceptor.StartAsync();
        var gate = new ManualAttemptGate();
        var session = NewSession(Settings(ConnectionType.Initiator, "GW", "VENUE"), new RecordingApplication());
        await using var initiator = new FixInitiator(
            [new InitiatorSessionOptions { Session = session, Targets = [new ConnectTarget("127.0.0.1", acceptor.LocalEndPoint.Port)] }],
            attemptGate: gate);
        await initiator.StartAsync();

        var request = await gate.Requested.Task.WaitAsync(TimeSpan.FromSeconds(10));
        request.Should().Be(session.Id);
        acceptorSession.IsConnected.Should().BeFalse("the initiator waits for the permit before connecting");

        var permit = gate.Grant();
        await WaitFor(() => session.IsLoggedOn, "logged on once the permit was granted");
        await WaitFor(() => permit.Disposed, "the permit returned at logon");
        session.IsLoggedOn.Should().BeTrue("the permit covers the attempt, not the session's life");
    }

    [Fact]
    public async Task A_scheduled_reconnect_is_reported_to_the_transport_observer_for_its_destination()
    {
        int deadPort;
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            deadPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var ring = new TransportEventRing(1024);
        var registry = new DestinationRegistry();
        var session = NewSession(Settings(ConnectionType.Initiator, "GW", "VENUE"), new RecordingApplication());
        await using var initiator = new FixInitiator(
            [new InitiatorSessionOptions
            {
                Session = session,
                Targets = [new ConnectTarget("127.0.0.1", deadPort)],
                Reconnect = new ReconnectPolicy { Base = TimeSpan.FromMilliseconds(20), Cap = TimeSpan.FromMilliseconds(40) },
            }],
            transportObserver: new RingTransportObserver(ring, TimeProvider.System),
            registry: registry);
        await initiator.StartAsync();

        var destination = registry.GetOrAdd(DestinationKey.FromEndPoint(new IPEndPoint(IPAddress.Loopback, deadPort)));
        var seen = new List<TransportEvent>();
        await WaitFor(
            () =>
            {
                var collector = new Collector { Events = seen };
                ring.Drain(ref collector);
                return seen.Any(e => e.Kind == TransportEventKind.ReconnectScheduled);
            },
            "a reconnect scheduled after the refused connect");
        seen.Should().Contain(e => e.Kind == TransportEventKind.ConnectFailed && e.Destination == destination);
        seen.Should().Contain(e => e.Kind == TransportEventKind.ReconnectScheduled && e.Destination == destination && e.Elapsed > 0);
    }

    [Fact]
    public async Task The_immediate_reconnect_after_a_dropped_session_is_reported_too()
    {
        var acceptorSession = NewSession(Settings(ConnectionType.Acceptor, "VENUE", "GW"), new RecordingApplication());
        await using var acceptor = new FixAcceptor([acceptorSession], new AcceptorOptions());
        await acceptor.StartAsync();
        using var ring = new TransportEventRing(1024);
        var session = NewSession(Settings(ConnectionType.Initiator, "GW", "VENUE"), new RecordingApplication());
        await using var initiator = new FixInitiator(
            [new InitiatorSessionOptions { Session = session, Targets = [new ConnectTarget("127.0.0.1", acceptor.LocalEndPoint.Port)] }],
            transportObserver: new RingTransportObserver(ring, TimeProvider.System));
        await initiator.StartAsync();
        await WaitFor(() => session.IsLoggedOn && acceptorSession.IsLoggedOn, "logged on");
        var seen = new List<TransportEvent>();
        var collector = new Collector { Events = seen };
        ring.Drain(ref collector);
        seen.Should().NotContain(e => e.Kind == TransportEventKind.ReconnectScheduled, "the first connect is not a reconnect");

        acceptorSession.Logout("dropped by the venue");
        await WaitFor(
            () =>
            {
                ring.Drain(ref collector);
                return seen.Any(e => e.Kind == TransportEventKind.ReconnectScheduled);
            },
            "the reconnect after the drop");
        seen.First(e => e.Kind == TransportEventKind.ReconnectScheduled).Elapsed.Should().Be(0, "a session that was logged on reconnects at once");
    }

    private struct Collector : ITransportEventHandler
    {
        public List<TransportEvent> Events;

        public readonly void OnEvent(in TransportEvent transportEvent) => Events.Add(transportEvent);
    }

    private sealed class ManualAttemptGate : ISessionAttemptGate
    {
        private readonly TaskCompletionSource<Permit> _granted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<SessionId> Requested { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<IDisposable> EnterAsync(SessionId session, CancellationToken cancellationToken)
        {
            Requested.TrySetResult(session);
            return await _granted.Task.WaitAsync(cancellationToken);
        }

        public Permit Grant()
        {
            var permit = new Permit();
            _granted.SetResult(permit);
            return permit;
        }
    }

    private sealed class Permit : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
