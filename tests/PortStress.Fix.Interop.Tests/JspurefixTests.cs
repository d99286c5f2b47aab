using System.Text.RegularExpressions;
using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;
using static PortStress.Fix.Interop.Tests.Interop;

namespace PortStress.Fix.Interop.Tests;

/// <summary>Our engine and jspurefix (a TypeScript FIX engine), each side in turn.</summary>
[Collection(PeersCollection.Name)]
public sealed partial class JspurefixTests(PeersFixture peers)
{
    [PeersFact]
    public async Task Our_initiator_trades_with_the_jspurefix_acceptor()
    {
        peers.EnsureUp();
        const string Begin = "FIX.4.4";
        var app = new InteropApplication();
        var session = NewSession(Settings(Begin, "CLIENT", "JSEXEC", heartBtIntSeconds: 5), app);
        await using var initiator = Initiator(session, Peers.JspurefixPort);
        await initiator.StartAsync();
        string Context() => $"jspurefix log: {peers.LogTail("jspurefix")}; we received: {string.Join(" ", app.FromAdmin.Concat(app.FromApp).Select(m => m.Text))}";
        await WaitFor(() => session.IsLoggedOn, "logon with jspurefix", context: Context);

        for (var i = 1; i <= 3; i++)
        {
            session.Send(LimitOrder(Begin, $"JS-{i}", "MSFT", quantity: 10 * i, price: 300m + i)).Should().Be(SendOutcome.Sent);
        }

        await WaitFor(() => app.ExecutionReports.Count() >= 3, "three ExecutionReports", context: Context);
        foreach (var i in Enumerable.Range(1, 3))
        {
            var fill = app.ExecutionReports.Single(r => r[Tags.ClOrdID] == $"JS-{i}");
            fill[Tags.ExecType].Should().Be("F");
            fill[Tags.OrdStatus].Should().Be("2");
            fill[Tags.Symbol].Should().Be("MSFT");
            decimal.Parse(fill[Tags.CumQty]!, System.Globalization.CultureInfo.InvariantCulture).Should().Be(10 * i);
            decimal.Parse(fill[Tags.LastPx]!, System.Globalization.CultureInfo.InvariantCulture).Should().Be(300m + i);
        }

        session.Logout("done");
        await WaitFor(() => !session.IsConnected, "the Logout exchange", context: Context);
        app.AdminReceived("5").Should().Be(1, "jspurefix answers our Logout");
        app.FromAdmin.Should().NotContain(m => m.MsgType == "3", "jspurefix rejects nothing we sent");
    }

    /// <summary>
    /// scripts/peers/jspurefix-initiator.js logs on to OUR acceptor, sends one limit order for 100 IBM
    /// at 10.25 and prints the first ExecutionReport; our acceptor's application fills the order.
    /// </summary>
    [PeersTheory]
    [InlineData("FIX.4.2", "2")]
    [InlineData("FIX.4.4", "F")]
    public async Task The_jspurefix_initiator_trades_with_our_acceptor(string beginString, string fillExecType)
    {
        peers.EnsureUp();
        var app = new InteropApplication();
        var session = NewSession(Settings(beginString, "PSVENUE", "JSCLIENT", type: ConnectionType.Acceptor), app);
        app.FillThrough = session;
        await using var acceptor = new FixAcceptor([session], new AcceptorOptions());
        await acceptor.StartAsync();

        var port = acceptor.LocalEndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (exitCode, output) = await Task.Run(() => Peers.Run(
            "node", ["jspurefix-initiator.js", port, "PSVENUE", "JSCLIENT", beginString], Path.Combine(peers.WorkDir, "js"), TimeSpan.FromSeconds(30)));
        var context = $"jspurefix-initiator.js exited {exitCode}: {Peers.Tail(output, 30)}";

        exitCode.Should().Be(0, context);
        var result = ResultLine().Match(output);
        result.Success.Should().BeTrue(context);
        result.Groups["execType"].Value.Should().Be(fillExecType, context);
        result.Groups["ordStatus"].Value.Should().Be("2", context);
        result.Groups["cumQty"].Value.Should().Be("100", context);

        var order = app.FromApp.Should().ContainSingle(m => m.MsgType == "D", context).Subject;
        order[Tags.ClOrdID].Should().Be(result.Groups["clOrdId"].Value, "the fill the script printed answers the order we saw");
        order[Tags.Symbol].Should().Be("IBM");
        order[Tags.Side].Should().Be("1");
        decimal.Parse(order[Tags.OrderQty]!, System.Globalization.CultureInfo.InvariantCulture).Should().Be(100);
        decimal.Parse(order[Tags.Price]!, System.Globalization.CultureInfo.InvariantCulture).Should().Be(10.25m);
        app.Events.Should().ContainInOrder("logon", "filled", "logout");
        app.AdminReceived("5").Should().Be(1, "the script logs out");
        app.FromAdmin.Should().Contain(m => m.MsgType == "A" && m[Tags.ResetSeqNumFlag] == "Y", "jspurefix logs on with ResetSeqNumFlag=Y");
        app.AdminSent("3").Should().Be(0, context + " (we rejected something jspurefix sent)");
    }

    [GeneratedRegex(@"RESULT ClOrdID=(?<clOrdId>\S+) ExecType=(?<execType>\S+) OrdStatus=(?<ordStatus>\S+) CumQty=(?<cumQty>\S+)")]
    private static partial Regex ResultLine();
}
