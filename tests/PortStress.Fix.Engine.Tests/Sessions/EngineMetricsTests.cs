using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using PortStress.Fix.Engine.Stores;
using static PortStress.Fix.Engine.Tests.Sessions.EngineFixtures;

namespace PortStress.Fix.Engine.Tests.Sessions;

public sealed class EngineMetricsTests
{
    [Fact]
    public async Task A_session_over_loopback_is_measured_from_connect_to_logout()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var metrics = new EngineMetrics(meters);
        using var sent = new MetricCollector<long>(meters, EngineMetrics.MeterName, "portstress.fix.messages.sent");
        using var received = new MetricCollector<long>(meters, EngineMetrics.MeterName, "portstress.fix.messages.received");
        using var logons = new MetricCollector<long>(meters, EngineMetrics.MeterName, "portstress.fix.logons");
        using var logonDuration = new MetricCollector<double>(meters, EngineMetrics.MeterName, "portstress.fix.logon.duration");
        using var connect = new MetricCollector<double>(meters, EngineMetrics.MeterName, "portstress.connect.duration");
        using var disconnects = new MetricCollector<long>(meters, EngineMetrics.MeterName, "portstress.fix.disconnects");
        using var sessions = new MetricCollector<int>(meters, EngineMetrics.MeterName, "portstress.fix.sessions");
        using var loggedOn = new MetricCollector<int>(meters, EngineMetrics.MeterName, "portstress.fix.session.logged_on");

        var acceptorApp = new RecordingApplication();
        var acceptorSession = NewSession(Settings(ConnectionType.Acceptor, "VENUE", "GW"), acceptorApp);
        acceptorApp.FillThrough = acceptorSession;
        await using var acceptor = new FixAcceptor([acceptorSession], new AcceptorOptions());
        await acceptor.StartAsync();
        var observer = metrics.Observe();
        var session = new Session(Settings(ConnectionType.Initiator, "GW", "VENUE"), new RecordingApplication(), new MemoryStore(), Fix44, observer: observer);
        metrics.Track(session);
        await using var initiator = new FixInitiator([new InitiatorSessionOptions
        {
            Session = session,
            Targets = [new ConnectTarget("127.0.0.1", acceptor.LocalEndPoint.Port)],
        }], observer: observer);
        await initiator.StartAsync();
        await WaitFor(() => session.IsLoggedOn, "logged on");
        session.Send(Order("ORD-1")).Should().Be(SendOutcome.Sent);
        await WaitFor(() => received.GetMeasurementSnapshot().Any(m => Equals(m.Tags["msg_type"], "8")), "the fill came back");

        loggedOn.RecordObservableInstruments();
        loggedOn.LastMeasurement!.Value.Should().Be(1);
        loggedOn.LastMeasurement.Tags["session"].Should().Be("FIX.4.4:GW->VENUE");
        sessions.RecordObservableInstruments();
        sessions.GetMeasurementSnapshot().Single(m => Equals(m.Tags["state"], "logged_on")).Value.Should().Be(1);
        session.Logout("done");
        await WaitFor(() => !session.IsConnected, "logged out");

        sent.GetMeasurementSnapshot().Select(m => (string)m.Tags["msg_type"]!).Should().Contain(["A", "D", "5"]);
        sent.GetMeasurementSnapshot().Should().OnlyContain(m => Equals(m.Tags["session"], "FIX.4.4:GW->VENUE"));
        logons.GetMeasurementSnapshot().Should().ContainSingle();
        logonDuration.GetMeasurementSnapshot().Should().ContainSingle().Which.Value.Should().BeInRange(0, 5);
        connect.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags["outcome"].Should().Be("ok");
        var disconnect = disconnects.GetMeasurementSnapshot().Should().ContainSingle().Subject;
        disconnect.Tags["reason"].Should().Be("logout");
        sessions.RecordObservableInstruments();
        sessions.GetMeasurementSnapshot().Last(m => Equals(m.Tags["state"], "disconnected")).Value.Should().Be(1);
    }

    [Fact]
    public void Resend_requests_are_counted_by_direction_and_events_pass_through_to_the_inner_observer()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var metrics = new EngineMetrics(meters);
        using var resends = new MetricCollector<long>(meters, EngineMetrics.MeterName, "portstress.fix.resend_requests");
        var inner = new CountingInner();
        var observer = metrics.Observe(inner);
        var id = new SessionId("FIX.4.4", "GW", "VENUE");

        observer.MessageSent(id, "2"u8, 5, 0);
        observer.MessageReceived(id, "2"u8, 6, 0);
        observer.MessageReceived(id, "AE"u8, 7, 0);
        observer.Disconnected(id, DisconnectInitiator.Remote, "connection reset by peer", 0);

        resends.GetMeasurementSnapshot().Select(m => (string)m.Tags["direction"]!).Should().Equal("sent", "received");
        inner.Calls.Should().Be(4);
    }

    [Theory]
    [InlineData(DisconnectInitiator.Local, "logged out", "logout")]
    [InlineData(DisconnectInitiator.Local, "no Logon answer within 10 s", "logon_timeout")]
    [InlineData(DisconnectInitiator.Local, "Logon refused by the counterparty: no", "logon_refused")]
    [InlineData(DisconnectInitiator.Local, "no message received for 60 s (HeartBtInt 30 s)", "heartbeat_timeout")]
    [InlineData(DisconnectInitiator.Local, "the counterparty is not reading: 9000 bytes queued", "backlog")]
    [InlineData(DisconnectInitiator.Remote, "connection reset", "reset")]
    [InlineData(DisconnectInitiator.Remote, "closed", "peer_closed")]
    public void Disconnect_reasons_map_to_a_small_fixed_set(DisconnectInitiator initiator, string text, string expected) =>
        EngineMetrics.DisconnectReasonTag(initiator, text).Should().Be(expected);

    private sealed class CountingInner : ISessionObserver
    {
        public int Calls;

        public void ConnectStarted(in SessionId session, string host, int port, long timestamp) => Calls++;

        public void ConnectSucceeded(in SessionId session, string host, int port, long startTimestamp, long timestamp) => Calls++;

        public void ConnectFailed(in SessionId session, string host, int port, System.Net.Sockets.SocketError socketError, int errno, long startTimestamp, long timestamp) => Calls++;

        public void TlsCompleted(in SessionId session, long startTimestamp, long timestamp) => Calls++;

        public void LogonSent(in SessionId session, long timestamp) => Calls++;

        public void LogonAcknowledged(in SessionId session, long logonSentTimestamp, long timestamp) => Calls++;

        public void Disconnected(in SessionId session, DisconnectInitiator initiator, string reason, long timestamp) => Calls++;

        public void MessageSent(in SessionId session, ReadOnlySpan<byte> msgType, int seqNum, long timestamp) => Calls++;

        public void MessageReceived(in SessionId session, ReadOnlySpan<byte> msgType, int seqNum, long timestamp) => Calls++;
    }
}
