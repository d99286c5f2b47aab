using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Protocol;
using PortStress.Gateway.Routing;
using PortStress.Testing;

namespace PortStress.Gateway.Tests.Routing;

/// <summary>
/// The outbox between the router and the upstream sessions: real sessions over loopback (the gateway's acceptor
/// GW->OMS, an OMS initiator that records what arrives).
/// </summary>
public sealed class UpstreamOutboxTests : IAsyncLifetime
{
    private readonly GatewaySide _gatewayApp = new();
    private readonly OmsApplication _oms = new();
    private Session _gateway = null!;
    private Session _omsSession = null!;
    private FixAcceptor _acceptor = null!;
    private FixInitiator? _initiator;
    private UpstreamOutbox _outbox = null!;

    public async Task InitializeAsync()
    {
        _gateway = new Session(RouterHarness.Settings("GW", "OMS", ConnectionType.Acceptor), _gatewayApp, new MemoryStore(), RouterHarness.Fix44.Value);
        _omsSession = new Session(RouterHarness.Settings("OMS", "GW", ConnectionType.Initiator), _oms, new MemoryStore(), RouterHarness.Fix44.Value);
        _outbox = new UpstreamOutbox(id => id == _gateway.Id ? _gateway : null);
        _gatewayApp.Outbox = _outbox;
        _acceptor = new FixAcceptor([_gateway], new AcceptorOptions());
        await _acceptor.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _outbox.DisposeAsync();
        if (_initiator is not null)
        {
            await _initiator.DisposeAsync();
        }

        await _acceptor.DisposeAsync();
    }

    [Fact]
    public async Task A_report_to_a_free_session_goes_at_once_on_the_callers_thread_and_its_message_is_reused()
    {
        await LogOnAsync();
        var caller = Environment.CurrentManagedThreadId;
        var sentOn = 0;
        var first = Report(_outbox.Rent(), "A-1");
        _outbox.Send(_gateway.Id, first, () => sentOn = Environment.CurrentManagedThreadId);

        sentOn.Should().Be(caller);
        _outbox.SentAtOnce.Should().Be(1);
        _outbox.Rent().Should().BeSameAs(first, "a sent report's message is cleared and handed out again");
        await Eventually.WaitFor(() => _oms.For("A-1").Count == 1, "the report upstream");
    }

    [Fact]
    public async Task While_another_thread_is_inside_the_session_reports_wait_without_blocking_the_sender_and_arrive_in_order()
    {
        await LogOnAsync();
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        _gatewayApp.Inside = () =>
        {
            inside.Set();
            release.Wait(TimeSpan.FromSeconds(10));
        };
        _omsSession.Send(Report(new FixMessage(), "HOLD")).Should().Be(SendOutcome.Sent);
        inside.Wait(TimeSpan.FromSeconds(10)).Should().BeTrue();

        // The session's lock is held on its own thread: a sender elsewhere must not wait for it (it may hold a lock
        // the session's thread wants next), so the reports queue.
        var sending = Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                _outbox.Send(_gateway.Id, Report(_outbox.Rent(), $"Q-{i}"));
            }
        });
        (await Task.WhenAny(sending, Task.Delay(TimeSpan.FromSeconds(10)))).Should().BeSameAs(sending, "Send never waits for the session");
        _outbox.Waiting.Should().Be(50);
        _oms.Reports.Should().NotContain(r => r.Contains("|11=Q-", StringComparison.Ordinal), "nothing goes out while the session is held");

        release.Set();
        await Eventually.WaitFor(() => _oms.Reports.Count(r => r.Contains("|11=Q-", StringComparison.Ordinal)) == 50, "every queued report upstream");
        var order = _oms.Reports.Where(r => r.Contains("|11=Q-", StringComparison.Ordinal)).Select(ClOrdId).ToList();
        order.Should().Equal(Enumerable.Range(0, 50).Select(i => $"Q-{i}"));
        _outbox.Waiting.Should().Be(0);
        _outbox.SentLater.Should().Be(50, "the session's own thread sent them as it left");
    }

    [Fact]
    public async Task A_report_the_session_thread_sends_itself_queues_behind_those_already_waiting()
    {
        await LogOnAsync();
        using var inside = new ManualResetEventSlim();
        using var queued = new ManualResetEventSlim();
        _gatewayApp.Inside = () =>
        {
            inside.Set();
            queued.Wait(TimeSpan.FromSeconds(10));

            // On the session's own thread, inside its lock: it could send at once, but two reports wait before it.
            _outbox.Send(_gateway.Id, Report(_outbox.Rent(), "OWN"));
        };
        _omsSession.Send(Report(new FixMessage(), "HOLD")).Should().Be(SendOutcome.Sent);
        inside.Wait(TimeSpan.FromSeconds(10)).Should().BeTrue();
        await Task.Run(() =>
        {
            _outbox.Send(_gateway.Id, Report(_outbox.Rent(), "EARLY-1"));
            _outbox.Send(_gateway.Id, Report(_outbox.Rent(), "EARLY-2"));
        });
        queued.Set();

        await Eventually.WaitFor(() => _oms.Reports.Count(r => r.Contains("|11=", StringComparison.Ordinal) && !r.Contains("|11=HOLD|", StringComparison.Ordinal)) == 3, "three reports upstream");
        _oms.Reports.Select(ClOrdId).Where(id => id != "HOLD").Should().Equal("EARLY-1", "EARLY-2", "OWN");
    }

    [Fact]
    public async Task Reports_made_while_the_sessions_own_thread_is_inside_its_callback_go_out_from_that_thread_as_it_leaves()
    {
        await LogOnAsync();
        var sent = new List<int>();
        _gatewayApp.Inside = () =>
        {
            // A venue session's thread answering meanwhile: it must not wait for the session.
            Task.Run(() =>
            {
                for (var i = 0; i < 20; i++)
                {
                    _outbox.Send(_gateway.Id, Report(_outbox.Rent(), $"V-{i}"), () => sent.Add(Environment.CurrentManagedThreadId));
                }
            }).Wait(TimeSpan.FromSeconds(10)).Should().BeTrue();
            _outbox.Waiting.Should().Be(20);
            _gatewayApp.ThreadInside = Environment.CurrentManagedThreadId;
        };
        _omsSession.Send(Report(new FixMessage(), "HOLD")).Should().Be(SendOutcome.Sent);

        await Eventually.WaitFor(() => _oms.Reports.Count(r => r.Contains("|11=V-", StringComparison.Ordinal)) == 20, "the reports upstream");
        _oms.Reports.Select(ClOrdId).Should().Equal(Enumerable.Range(0, 20).Select(i => $"V-{i}"));
        sent.Should().HaveCount(20).And.OnlyContain(thread => thread == _gatewayApp.ThreadInside, "the session's own thread sent them as it left");
        _outbox.SentLater.Should().Be(20);
        _outbox.Waiting.Should().Be(0);
    }

    [Fact]
    public async Task Reports_for_a_session_that_is_not_logged_on_wait_for_its_logon_and_go_in_order()
    {
        for (var i = 0; i < 5; i++)
        {
            _outbox.Send(_gateway.Id, Report(_outbox.Rent(), $"W-{i}"));
        }

        await _outbox.DrainAsync();
        _outbox.Waiting.Should().Be(5);

        await LogOnAsync();
        _outbox.Flush(_gateway.Id);
        await Eventually.WaitFor(() => _oms.Reports.Count == 5, "the waiting reports after the logon");
        _oms.Reports.Select(ClOrdId).Should().Equal(Enumerable.Range(0, 5).Select(i => $"W-{i}"));
        _outbox.Waiting.Should().Be(0);
    }

    private static string ClOrdId(string report)
    {
        var start = report.IndexOf("|11=", StringComparison.Ordinal) + 4;
        return report[start..report.IndexOf('|', start)];
    }

    private static FixMessage Report(FixMessage report, string clOrdId)
    {
        report.Header.Set(Tags.MsgType, "8"u8);
        report.Body.Set(Tags.OrderID, "1"u8);
        report.Body.Set(Tags.ExecID, clOrdId);
        report.Body.Set(Tags.ClOrdID, clOrdId);
        report.Body.Set(Tags.ExecType, '0');
        report.Body.Set(Tags.OrdStatus, '0');
        report.Body.Set(Tags.Symbol, "MSFT");
        report.Body.Set(Tags.Side, '1');
        report.Body.Set(Tags.LeavesQty, 100L);
        report.Body.Set(Tags.CumQty, 0L);
        report.Body.Set(Tags.AvgPx, 0L);
        return report;
    }

    private async Task LogOnAsync()
    {
        _initiator = new FixInitiator([new InitiatorSessionOptions
        {
            Session = _omsSession, Targets = [new ConnectTarget("127.0.0.1", _acceptor.LocalEndPoint.Port)],
        }]);
        await _initiator.StartAsync();
        await Eventually.WaitFor(() => _omsSession.IsLoggedOn && _gateway.IsLoggedOn, "logged on");
    }

    // The gateway's side of the upstream session: whatever arrives runs Inside (under the session's lock).
    private sealed class GatewaySide : ApplicationBase
    {
        public UpstreamOutbox? Outbox { get; set; }

        public Action? Inside { get; set; }

        public int ThreadInside { get; set; }

        public override void FromApp(FixMessage message, SessionId sessionId) => Inside?.Invoke();
    }
}
