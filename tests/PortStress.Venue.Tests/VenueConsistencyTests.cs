using System.Globalization;
using PortStress.Fix.Protocol;
using static PortStress.Venue.Tests.VenueFixtures;

namespace PortStress.Venue.Tests;

/// <summary>Many orders from two sessions at once against a live (real-clock) market: every order is answered and its reports add up.</summary>
public class VenueConsistencyTests
{
    [Fact]
    public async Task Concurrent_order_flow_on_a_moving_market_is_answered_and_reports_add_up()
    {
        const int PerClient = 500;
        await using var venue = new VenueSimulator(Options(o =>
        {
            o.Symbols[0].Volatility = 0.002;
            o.Symbols[0].VolumePerSecond = 20_000;
            o.StepInterval = TimeSpan.FromMilliseconds(5);
            o.FillModel.DisplayedSize = 50;
            o.FillModel.LimitToDisplayedSize = true;
        }));
        await venue.StartAsync();
        await using var first = await new FixClient(venue.LocalEndPoint.Port).LoggedOnAsync();
        await using var second = await new FixClient(venue.LocalEndPoint.Port, sender: "GW2").LoggedOnAsync();

        var senders = new[] { first, second }.Select(client => Task.Run(() =>
        {
            for (var i = 0; i < PerClient; i++)
            {
                var quote = venue.Quote("INTC");
                var side = i % 2 == 0 ? '1' : '2';
                var offset = (i % 5 - 2) * 0.01m;
                var price = side == '1' ? quote.Bid + offset : quote.Ask - offset;
                client.Send(FixClient.Order(i.ToString(CultureInfo.InvariantCulture), side, 10 + (i % 7) * 20, i % 10 == 9 ? null : price));
            }
        })).ToArray();
        await Task.WhenAll(senders);

        foreach (var client in new[] { first, second })
        {
            await WaitFor(() => client.Reports.Select(r => r[Tags.ClOrdID]).Distinct().Count() == PerClient, "an answer to every order", 30_000);
            foreach (var order in client.Reports.GroupBy(r => r[Tags.ClOrdID]))
            {
                var reports = order.ToList();
                reports[0][Tags.ExecType].Should().Be("0", "the first report of an order is its acknowledgement");
                var cum = 0m;
                foreach (var fill in reports.Where(r => r[Tags.ExecType] == "F"))
                {
                    cum += fill.Decimal(Tags.LastQty);
                    fill.Decimal(Tags.CumQty).Should().Be(cum, "CumQty is the running sum of LastQty ({0})", string.Join(" | ", reports));
                    (fill.Decimal(Tags.CumQty) + fill.Decimal(Tags.LeavesQty)).Should().Be(fill.Decimal(Tags.OrderQty));
                }
            }
        }

        venue.OrdersReceived.Should().Be(2 * PerClient);
        venue.OrdersRejected.Should().Be(0);
        venue.Fills.Should().BeGreaterThan(0);
    }
}
