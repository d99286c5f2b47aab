using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;
using static PortStress.Fix.Interop.Tests.Interop;

namespace PortStress.Fix.Interop.Tests;

/// <summary>Two of our initiators on the QuickFIX C++ ordermatch example (127.0.0.1:9877, FIX.4.2), a real order book.</summary>
[Collection(PeersCollection.Name)]
public sealed class OrdermatchTests(PeersFixture peers)
{
    [PeersFact]
    public async Task A_buy_from_one_of_our_sessions_and_a_crossing_sell_from_another_fill_each_other()
    {
        peers.EnsureUp();
        const string Begin = "FIX.4.2";
        var symbol = $"PS{Environment.TickCount64 % 100_000}"; // a book of its own, whatever ran before
        var buyer = new InteropApplication();
        var seller = new InteropApplication();
        var buySession = NewSession(Settings(Begin, "CLIENT1", "ORDERMATCH", heartBtIntSeconds: 5), buyer);
        var sellSession = NewSession(Settings(Begin, "CLIENT2", "ORDERMATCH", heartBtIntSeconds: 5), seller);
        await using var buyInitiator = Initiator(buySession, Peers.OrdermatchPort);
        await using var sellInitiator = Initiator(sellSession, Peers.OrdermatchPort);
        await buyInitiator.StartAsync();
        await sellInitiator.StartAsync();
        string Context() => $"ordermatch log: {peers.LogTail("ordermatch")}; buyer got: {string.Join(" ", buyer.FromApp.Select(m => m.Text))}; seller got: {string.Join(" ", seller.FromApp.Select(m => m.Text))}";
        await WaitFor(() => buySession.IsLoggedOn && sellSession.IsLoggedOn, "both sessions logged on", context: Context);

        buySession.Send(LimitOrder(Begin, "BUY-1", symbol, side: '1', quantity: 300, price: 10.10m)).Should().Be(SendOutcome.Sent);
        await WaitFor(() => buyer.ExecutionReports.Any(r => r[Tags.ExecType] == "0"), "the buy resting in the book (ExecType 0)", context: Context);
        buyer.ExecutionReports.Should().NotContain(r => r[Tags.ExecType] == "2", "nothing crosses it yet");

        // Sells 300 at a lower limit: crosses the resting buy, which sets the price.
        sellSession.Send(LimitOrder(Begin, "SELL-1", symbol, side: '2', quantity: 300, price: 10.00m)).Should().Be(SendOutcome.Sent);
        await WaitFor(
            () => buyer.ExecutionReports.Any(r => r[Tags.OrdStatus] == "2") && seller.ExecutionReports.Any(r => r[Tags.OrdStatus] == "2"),
            "both sides filled",
            context: Context);

        foreach (var (app, clOrdId, side) in new[] { (buyer, "BUY-1", "1"), (seller, "SELL-1", "2") })
        {
            var fill = app.ExecutionReports.Single(r => r[Tags.OrdStatus] == "2");
            fill[Tags.ClOrdID].Should().Be(clOrdId);
            fill[Tags.Side].Should().Be(side);
            fill[Tags.Symbol].Should().Be(symbol);
            decimal.Parse(fill[Tags.CumQty]!, System.Globalization.CultureInfo.InvariantCulture).Should().Be(300);
            decimal.Parse(fill[Tags.LastPx]!, System.Globalization.CultureInfo.InvariantCulture).Should().BeInRange(10.00m, 10.10m, "within both limits");
            app.FromAdmin.Should().NotContain(m => m.MsgType == "3", "ordermatch rejects nothing we sent");
        }

        var prices = new[] { buyer, seller }.Select(app => app.ExecutionReports.Single(r => r[Tags.OrdStatus] == "2")[Tags.LastPx]);
        prices.Distinct().Should().ContainSingle("both sides of one trade get one price");

        buySession.Logout();
        sellSession.Logout();
        await WaitFor(() => !buySession.IsConnected && !sellSession.IsConnected, "both Logout exchanges", context: Context);
        buyer.AdminReceived("5").Should().Be(1);
        seller.AdminReceived("5").Should().Be(1);
    }
}
