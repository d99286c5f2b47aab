using System.Collections.Concurrent;
using System.Net;
using PortStress.Execution.Interception;
using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Dictionary;
using PortStress.Telemetry;
using PortStress.Testing;

namespace PortStress.Execution.Tests.Interception;

/// <summary>The interceptor's session side over real loopback sockets: our initiator against our acceptor.</summary>
public sealed class FixVenueSessionTests
{
    private static readonly Lazy<DataDictionary> Fix44 = new(() => DataDictionary.Load(SharedMaterial.InRepository("fixspec", "FIX44.xml")));

    [Fact]
    public async Task Orders_go_out_as_NewOrderSingle_and_logon_and_disconnect_reach_the_ring_for_the_destination()
    {
        var venueApp = new CapturingVenue();
        var venueSession = new Session(Settings(ConnectionType.Acceptor, "VENUE", "GW"), venueApp, new MemoryStore(), Fix44.Value);
        await using var acceptor = new FixAcceptor([venueSession], new AcceptorOptions());
        await acceptor.StartAsync();

        using var ring = new TransportEventRing(1024);
        var registry = new DestinationRegistry();
        var transport = new RingTransportObserver(ring, TimeProvider.System);
        var observer = new SessionTelemetryObserver(transport, registry);
        var session = new Session(Settings(ConnectionType.Initiator, "GW", "VENUE"), new ApplicationBaseImpl(), new MemoryStore(), Fix44.Value, observer: observer);
        var venue = new FixVenueSession("XNAS", session);
        venue.IsLoggedOn.Should().BeFalse();
        venue.LoggedOnSince.Should().Be(0);
        var intent = new ChildOrderIntent
        {
            OrderId = 90210,
            Venue = "XNAS",
            Symbol = "MSFT",
            Side = OrderSide.Sell,
            Quantity = 500,
            LimitPrice = 401.25m,
            DecisionTimestamp = TimeProvider.System.GetTimestamp(),
        };
        venue.Send(intent, 400).Should().Be(SendResult.NotLoggedOn);

        await using (var initiator = new FixInitiator(
            [new InitiatorSessionOptions { Session = session, Targets = [new ConnectTarget("127.0.0.1", acceptor.LocalEndPoint.Port)] }],
            observer: observer, transportObserver: transport, registry: registry))
        {
            await initiator.StartAsync();
            await Eventually.WaitFor(() => venue.IsLoggedOn, "logged on");
            venue.LoggedOnSince.Should().BePositive();

            venue.Send(intent, 400).Should().Be(SendResult.Sent);
            venue.Send(new ChildOrderIntent
            {
                OrderId = 90211,
                Venue = "XNAS",
                Symbol = "MSFT",
                Side = OrderSide.Buy,
                Quantity = 100,
                DecisionTimestamp = TimeProvider.System.GetTimestamp(),
            }, 100).Should().Be(SendResult.Sent);
            await Eventually.WaitFor(() => venueApp.Orders.Count == 2, "two orders at the venue");
        }

        var limit = venueApp.Orders.Single(o => o.Contains("|11=90210|", StringComparison.Ordinal));
        limit.Should().Contain("|35=D|").And.Contain("|55=MSFT|").And.Contain("|54=2|").And.Contain("|38=400|")
            .And.Contain("|40=2|").And.Contain("|44=401.25|").And.Contain("|21=1|").And.Contain("|60=");
        var market = venueApp.Orders.Single(o => o.Contains("|11=90211|", StringComparison.Ordinal));
        market.Should().Contain("|40=1|").And.NotContain("|44=");

        var destination = registry.GetOrAdd(DestinationKey.FromEndPoint(new IPEndPoint(IPAddress.Loopback, acceptor.LocalEndPoint.Port)));
        var events = new List<TransportEvent>();
        var collector = new Collector { Events = events };
        ring.Drain(ref collector);
        events.Select(e => e.Kind).Should().ContainInOrder(
            TransportEventKind.ConnectAttempt, TransportEventKind.ConnectSucceeded, TransportEventKind.LogonSent,
            TransportEventKind.LogonAcked, TransportEventKind.Disconnected);
        events.Where(e => e.Kind is TransportEventKind.LogonSent or TransportEventKind.LogonAcked or TransportEventKind.Disconnected)
            .Should().OnlyContain(e => e.Destination == destination);
        events.Single(e => e.Kind == TransportEventKind.LogonAcked).Elapsed.Should().BePositive("logon latency is measured");
        venue.LoggedOnSince.Should().Be(0, "the session logged out when the initiator stopped");
    }

    [Theory]
    [InlineData(DisconnectInitiator.Remote, "connection closed", DisconnectReason.PeerClose)]
    [InlineData(DisconnectInitiator.Local, "logged out", DisconnectReason.LocalClose)]
    [InlineData(DisconnectInitiator.Local, "no Logon answer within 10 s", DisconnectReason.Timeout)]
    [InlineData(DisconnectInitiator.Local, "no message received for 36 s (HeartBtInt 30 s)", DisconnectReason.Timeout)]
    [InlineData(DisconnectInitiator.Local, "Logon refused by the counterparty: not today", DisconnectReason.LogonRejected)]
    [InlineData(DisconnectInitiator.Remote, "connection error: Connection reset by peer", DisconnectReason.Reset)]
    [InlineData(DisconnectInitiator.Remote, "connection error: Broken pipe", DisconnectReason.Error)]
    public void Disconnect_reasons_are_classified(DisconnectInitiator initiator, string reason, DisconnectReason expected) =>
        SessionTelemetryObserver.Classify(initiator, reason).Should().Be(expected);

    private static SessionSettings Settings(ConnectionType type, string sender, string target) => new()
    {
        SessionId = new SessionId("FIX.4.4", sender, target),
        ConnectionType = type,
        HeartBtInt = TimeSpan.FromSeconds(30),
    };

    private struct Collector : ITransportEventHandler
    {
        public List<TransportEvent> Events;

        public readonly void OnEvent(in TransportEvent transportEvent) => Events.Add(transportEvent);
    }

    private sealed class ApplicationBaseImpl : ApplicationBase;

    private sealed class CapturingVenue : ApplicationBase
    {
        public ConcurrentQueue<string> Orders { get; } = new();

        public override void FromApp(FixMessage message, SessionId sessionId) => Orders.Enqueue(message.ToString());
    }
}
