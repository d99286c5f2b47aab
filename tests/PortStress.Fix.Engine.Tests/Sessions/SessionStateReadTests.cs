using PortStress.Fix.Protocol;
using static PortStress.Fix.Engine.Tests.Sessions.EngineFixtures;

namespace PortStress.Fix.Engine.Tests.Sessions;

/// <summary>
/// The gate holds its own lock while it asks a session whether it is logged on, and the session hands reports to the
/// gate from inside its callbacks: reading the state must never wait for a session busy in a callback.
/// </summary>
public sealed class SessionStateReadTests
{
    [Fact]
    public async Task State_and_IsConnected_are_read_without_waiting_for_a_session_busy_in_a_callback()
    {
        using var inCallback = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var initiatorApp = new BlockingApplication(inCallback, release);
        var acceptorApp = new RecordingApplication();
        var acceptorSession = NewSession(Settings(ConnectionType.Acceptor, "VENUE", "GW"), acceptorApp);
        acceptorApp.FillThrough = acceptorSession;
        await using var acceptor = new FixAcceptor([acceptorSession], new AcceptorOptions());
        await acceptor.StartAsync();
        var session = NewSession(Settings(ConnectionType.Initiator, "GW", "VENUE"), initiatorApp);
        await using var initiator = new FixInitiator([new InitiatorSessionOptions
        {
            Session = session, Targets = [new ConnectTarget("127.0.0.1", acceptor.LocalEndPoint.Port)],
        }]);
        await initiator.StartAsync();
        await WaitFor(() => session.IsLoggedOn, "logged on");

        session.Send(Order("BLOCK-1")).Should().Be(SendOutcome.Sent);
        inCallback.Wait(TimeSpan.FromSeconds(10)).Should().BeTrue("the fill reached FromApp, which now holds the session");
        try
        {
            var read = Task.Run(() => (session.State, session.IsLoggedOn, session.IsConnected));
            var finished = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(5)));
            finished.Should().BeSameAs(read, "reading the state does not wait for the callback to return");
            (await read).Should().Be((SessionState.LoggedOn, true, true));
        }
        finally
        {
            release.Set();
        }
    }

    private sealed class BlockingApplication(ManualResetEventSlim inCallback, ManualResetEventSlim release) : ApplicationBase
    {
        public override void FromApp(FixMessage message, SessionId sessionId)
        {
            inCallback.Set();
            release.Wait(TimeSpan.FromSeconds(30));
        }
    }
}
