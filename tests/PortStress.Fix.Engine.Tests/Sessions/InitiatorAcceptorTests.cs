using System.Net;
using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;
using static PortStress.Fix.Engine.Tests.Sessions.EngineFixtures;

namespace PortStress.Fix.Engine.Tests.Sessions;

/// <summary>Our initiator and our acceptor over real loopback sockets.</summary>
public sealed class InitiatorAcceptorTests
{
    [Fact]
    public async Task An_initiator_logs_on_sends_orders_gets_fills_and_logs_out()
    {
        var acceptorApp = new RecordingApplication();
        var acceptorSession = NewSession(Settings(ConnectionType.Acceptor, "VENUE", "GW"), acceptorApp);
        acceptorApp.FillThrough = acceptorSession;
        await using var acceptor = new FixAcceptor([acceptorSession], new AcceptorOptions());
        await acceptor.StartAsync();

        var initiatorApp = new RecordingApplication();
        var initiatorSession = NewSession(Settings(ConnectionType.Initiator, "GW", "VENUE", heartBtIntSeconds: 1), initiatorApp);
        await using var initiator = new FixInitiator([new InitiatorSessionOptions
        {
            Session = initiatorSession,
            Targets = [new ConnectTarget("127.0.0.1", acceptor.LocalEndPoint.Port)],
        }]);
        await initiator.StartAsync();

        await WaitFor(() => initiatorSession.IsLoggedOn && acceptorSession.IsLoggedOn, "both sides logged on");
        acceptorSession.HeartBtInt.Should().Be(TimeSpan.FromSeconds(1), "the acceptor takes HeartBtInt from the Logon");
        for (var i = 0; i < 5; i++)
        {
            initiatorSession.Send(Order($"ORD-{i}")).Should().Be(SendOutcome.Sent);
        }

        await WaitFor(() => initiatorApp.FromAppMessages.Count == 5, "five fills");
        initiatorApp.FromAppMessages.Should().AllSatisfy(m => m.Should().Contain("|35=8|").And.Contain("|150=F|"));

        // Heartbeats flow on a 1 s interval while idle.
        await WaitFor(() => acceptorApp.FromAdminMessages.Count(m => m.Contains("|35=0|", StringComparison.Ordinal)) >= 1, "a heartbeat", 5_000);

        initiatorSession.Logout("done");
        await WaitFor(() => !acceptorSession.IsConnected && !initiatorSession.IsLoggedOn, "clean logout");
        acceptorApp.Events.Should().Contain("logout");
        initiatorSession.NextSenderSeqNum.Should().BeGreaterThan(6);
    }

    [Fact]
    public async Task Frames_sent_while_the_counterparty_stops_reading_queue_behind_the_direct_writes_and_arrive_whole_and_in_order()
    {
        var acceptorApp = new RecordingApplication();
        var acceptorSession = NewSession(Settings(ConnectionType.Acceptor, "VENUE", "GW") with { MaxOutboundBacklogBytes = 1 << 20 }, acceptorApp);
        await using var acceptor = new FixAcceptor([acceptorSession], new AcceptorOptions());
        await acceptor.StartAsync();

        // The initiator's application stops on the first message, so its read loop stops and the socket buffers fill.
        using var release = new ManualResetEventSlim();
        var initiatorApp = new RecordingApplication();
        initiatorApp.InsideFromApp = _ => release.Wait(TimeSpan.FromSeconds(30));
        var initiatorSession = NewSession(Settings(ConnectionType.Initiator, "GW", "VENUE"), initiatorApp);
        await using var initiator = new FixInitiator([new InitiatorSessionOptions
        {
            Session = initiatorSession,
            Targets = [new ConnectTarget("127.0.0.1", acceptor.LocalEndPoint.Port)],
        }]);
        await initiator.StartAsync();
        await WaitFor(() => initiatorSession.IsLoggedOn && acceptorSession.IsLoggedOn, "both sides logged on");

        var text = new string('x', 8 << 10);
        var sent = 0;
        while (sent < 10_000)
        {
            var order = Order($"BIG-{sent}");
            order.Body.Set(Tags.Text, text);
            var outcome = acceptorSession.Send(order);
            if (outcome == SendOutcome.Backpressure)
            {
                break;
            }

            outcome.Should().Be(SendOutcome.Sent);
            sent++;
        }

        sent.Should().BeLessThan(10_000, "the kernel's buffers filled and the rest queued until the backlog refused more");
        release.Set();
        await WaitFor(() => initiatorApp.FromAppMessages.Count == sent, $"all {sent} messages", 30_000);
        initiatorApp.FromAppMessages.Select(m => m[(m.IndexOf("|11=", StringComparison.Ordinal) + 4)..m.IndexOf('|', m.IndexOf("|11=", StringComparison.Ordinal) + 4)])
            .Should().Equal(Enumerable.Range(0, sent).Select(i => $"BIG-{i}"));
        initiatorSession.IsLoggedOn.Should().BeTrue("no frame was torn or reordered: the session saw no garbled message or gap");
    }

    [Fact]
    public async Task A_refused_logon_ends_with_a_logout_carrying_the_reason()
    {
        var acceptorApp = new RecordingApplication { RejectLogonWith = "not today" };
        var acceptorSession = NewSession(Settings(ConnectionType.Acceptor, "VENUE", "GW"), acceptorApp);
        await using var acceptor = new FixAcceptor([acceptorSession], new AcceptorOptions());
        await acceptor.StartAsync();
        var initiatorApp = new RecordingApplication();
        var initiatorSession = NewSession(Settings(ConnectionType.Initiator, "GW", "VENUE"), initiatorApp);
        await using var initiator = new FixInitiator([new InitiatorSessionOptions
        {
            Session = initiatorSession,
            Targets = [new ConnectTarget("127.0.0.1", acceptor.LocalEndPoint.Port)],
            Reconnect = new ReconnectPolicy { Base = TimeSpan.FromSeconds(30) },
        }]);
        await initiator.StartAsync();
        await WaitFor(() => initiatorApp.FromAdminMessages.Any(m => m.Contains("|35=5|", StringComparison.Ordinal)), "the Logout");
        initiatorApp.FromAdminMessages.Should().Contain(m => m.Contains("|58=not today|", StringComparison.Ordinal));
        acceptorSession.IsLoggedOn.Should().BeFalse();
    }

    [Fact]
    public async Task An_initiator_fails_over_to_the_next_target_when_the_first_refuses()
    {
        var acceptorApp = new RecordingApplication();
        var acceptorSession = NewSession(Settings(ConnectionType.Acceptor, "VENUE", "GW"), acceptorApp);
        await using var acceptor = new FixAcceptor([acceptorSession], new AcceptorOptions());
        await acceptor.StartAsync();

        // A port with nothing listening: bind, then close to free it.
        int deadPort;
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            deadPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var initiatorSession = NewSession(Settings(ConnectionType.Initiator, "GW", "VENUE"), new RecordingApplication());
        await using var initiator = new FixInitiator([new InitiatorSessionOptions
        {
            Session = initiatorSession,
            Targets = [new ConnectTarget("127.0.0.1", deadPort), new ConnectTarget("127.0.0.1", acceptor.LocalEndPoint.Port)],
            Reconnect = new ReconnectPolicy { Base = TimeSpan.FromMilliseconds(50) },
        }]);
        await initiator.StartAsync();
        await WaitFor(() => initiatorSession.IsLoggedOn, "logged on through the failover target");
    }

    [Fact]
    public async Task A_second_connection_for_a_logged_on_session_is_refused_and_the_first_kept()
    {
        var acceptorSession = NewSession(Settings(ConnectionType.Acceptor, "VENUE", "GW"), new RecordingApplication());
        await using var acceptor = new FixAcceptor([acceptorSession], new AcceptorOptions());
        await acceptor.StartAsync();
        var first = NewSession(Settings(ConnectionType.Initiator, "GW", "VENUE"), new RecordingApplication());
        var second = NewSession(Settings(ConnectionType.Initiator, "GW", "VENUE"), new RecordingApplication());
        var port = acceptor.LocalEndPoint.Port;
        await using var one = new FixInitiator([new InitiatorSessionOptions { Session = first, Targets = [new ConnectTarget("127.0.0.1", port)] }]);
        await one.StartAsync();
        await WaitFor(() => first.IsLoggedOn, "first logged on");
        await using var two = new FixInitiator([new InitiatorSessionOptions
        {
            Session = second,
            Targets = [new ConnectTarget("127.0.0.1", port)],
            Reconnect = new ReconnectPolicy { Base = TimeSpan.FromSeconds(30) },
        }]);
        await two.StartAsync();
        await Task.Delay(500);
        second.IsLoggedOn.Should().BeFalse();
        first.IsLoggedOn.Should().BeTrue();
        first.Send(Order("still-alive")).Should().Be(SendOutcome.Sent);
    }
}
