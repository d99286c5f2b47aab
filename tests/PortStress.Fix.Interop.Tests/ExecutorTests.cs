using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;
using static PortStress.Fix.Interop.Tests.Interop;

namespace PortStress.Fix.Interop.Tests;

/// <summary>Our initiator against the QuickFIX C++ executor example (127.0.0.1:9878), which fills every limit order.</summary>
[Collection(PeersCollection.Name)]
public sealed class ExecutorTests(PeersFixture peers)
{
    private const int Orders = 5;

    [PeersTheory]
    [InlineData("FIX.4.2", '2')]
    [InlineData("FIX.4.4", 'F')]
    public Task Our_initiator_trades_with_the_QuickFIX_executor(string beginString, char fillExecType) =>
        LogOnTradeHeartbeatAndLogOut(beginString, "CLIENT", fillExecType);

    [PeersFact(needsShared: true)]
    public Task Our_initiator_trades_FIX50_orders_with_the_QuickFIX_executor_over_FIXT11() =>
        LogOnTradeHeartbeatAndLogOut("FIXT.1.1", "CLIENT50SP2", 'F');

    /// <summary>
    /// Logon with a 1 s HeartBtInt, five limit orders each answered by one parsed fill, at least
    /// two heartbeats each way while idle, then a Logout answered by the executor's Logout.
    /// </summary>
    private async Task LogOnTradeHeartbeatAndLogOut(string beginString, string sender, char fillExecType)
    {
        peers.EnsureUp();
        var app = new InteropApplication();
        var session = NewSession(Settings(beginString, sender, "EXEC", heartBtIntSeconds: 1), app);
        await using var initiator = Initiator(session, Peers.ExecutorPort);
        await initiator.StartAsync();
        string Context() => $"executor log: {peers.LogTail("executor")}; we received: {string.Join(" ", app.FromAdmin.Concat(app.FromApp).Select(m => m.Text))}";

        await WaitFor(() => session.IsLoggedOn, $"{beginString} logon with the executor", context: Context);
        var run = Environment.TickCount64 % 1_000_000;
        var clOrdIds = Enumerable.Range(1, Orders).Select(i => $"{beginString}-{run}-{i}").ToArray();
        foreach (var (clOrdId, i) in clOrdIds.Select((id, i) => (id, i)))
        {
            session.Send(LimitOrder(beginString, clOrdId, quantity: 100 + i, price: 20m + i)).Should().Be(SendOutcome.Sent);
        }

        await WaitFor(() => app.ExecutionReports.Count() >= Orders, $"{Orders} ExecutionReports", context: Context);
        var reports = app.ExecutionReports.ToArray();
        reports.Select(r => r[Tags.ClOrdID]).Should().BeEquivalentTo(clOrdIds, "each order is filled exactly once");
        foreach (var (clOrdId, i) in clOrdIds.Select((id, i) => (id, i)))
        {
            var report = reports.Single(r => r[Tags.ClOrdID] == clOrdId);
            report[Tags.ExecType].Should().Be(fillExecType.ToString());
            report[Tags.OrdStatus].Should().Be("2", "filled");
            decimal.Parse(report[Tags.CumQty]!, System.Globalization.CultureInfo.InvariantCulture).Should().Be(100 + i);
            decimal.Parse(report[Tags.AvgPx]!, System.Globalization.CultureInfo.InvariantCulture).Should().Be(20m + i);
            report[Tags.Symbol].Should().Be("IBM");
        }

        // Idle on a 1 s HeartBtInt: both sides heartbeat, and nobody needs a TestRequest to prove it is alive.
        await WaitFor(() => app.AdminReceived("0") >= 2 && app.AdminSent("0") >= 2, "two heartbeats each way", 8_000, Context);
        session.IsLoggedOn.Should().BeTrue();

        session.Logout("interop test done");
        await WaitFor(() => !session.IsConnected, "the Logout exchange and the disconnect", context: Context);
        app.AdminReceived("5").Should().Be(1, "the executor answers our Logout with its own");
        app.Events.Should().Contain("logout");
        app.FromAdmin.Should().NotContain(m => m.MsgType == "3", "the executor rejects nothing we sent");
        app.FromApp.Should().NotContain(m => m.MsgType == "j", "the executor rejects no business message");
    }
}
