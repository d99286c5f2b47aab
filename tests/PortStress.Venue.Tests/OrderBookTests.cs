using PortStress.Venue.Market;

namespace PortStress.Venue.Tests;

public class OrderBookTests
{
    private static readonly Quote Touch = new(10.00m, 10.02m);
    private readonly List<(string ClOrdId, decimal Quantity, decimal Price)> _fills = [];
    private long _ids;

    private OrderBook Book(decimal displayed = 100m, bool limitToDisplayed = false) =>
        new(new FillModelOptions { DisplayedSize = displayed, LimitToDisplayedSize = limitToDisplayed }, 0.01m);

    private VenueOrder Order(string clOrdId, OrderSide side, decimal quantity, decimal? price, bool ioc = false) => new()
    {
        OrderId = ++_ids,
        Owner = this,
        ClOrdId = clOrdId,
        Symbol = "X",
        Side = side,
        IsMarket = price is null,
        Price = price ?? 0,
        Quantity = quantity,
        ImmediateOrCancel = ioc,
    };

    private void OnFill(VenueOrder order, decimal quantity, decimal price) => _fills.Add((order.ClOrdId, quantity, price));

    [Fact]
    public void Two_resting_orders_at_one_price_fill_in_arrival_order()
    {
        var book = Book(displayed: 100);
        var first = Order("A", OrderSide.Buy, 50, 10.00m);
        var second = Order("B", OrderSide.Buy, 50, 10.00m);
        book.Add(first, Touch, OnFill).Should().BeTrue();
        book.Add(second, Touch, OnFill).Should().BeTrue();
        _fills.Should().BeEmpty("neither is marketable");
        book.QueueAhead(first).Should().Be(100, "the first joins behind the displayed size");
        book.QueueAhead(second).Should().Be(150, "the second joins behind the displayed size and the first");

        book.Step(Touch, sellVolume: 120, buyVolume: 0, OnFill);
        _fills.Should().Equal(("A", 20m, 10.00m));

        book.Step(Touch, sellVolume: 50, buyVolume: 0, OnFill);
        _fills.Should().Equal(("A", 20m, 10.00m), ("A", 30m, 10.00m), ("B", 20m, 10.00m));
        first.IsDone.Should().BeTrue();
        second.LeavesQty.Should().Be(30);
        book.QueueAhead(second).Should().Be(0, "it is at the front now");
    }

    [Fact]
    public void Volume_at_the_bid_does_not_touch_sell_orders_and_volume_behind_the_touch_does_not_fill()
    {
        var book = Book(displayed: 10);
        var behind = Order("behind", OrderSide.Buy, 10, 9.99m);
        var offer = Order("offer", OrderSide.Sell, 10, 10.02m);
        book.Add(behind, Touch, OnFill);
        book.Add(offer, Touch, OnFill);

        book.Step(Touch, sellVolume: 1000, buyVolume: 0, OnFill);

        _fills.Should().BeEmpty("market sells trade at the bid (10.00), above the resting buy, and never against offers");
    }

    [Fact]
    public void A_marketable_buy_fills_at_once_at_the_ask_and_a_market_sell_at_the_bid()
    {
        var book = Book();
        var buy = Order("buy", OrderSide.Buy, 300, 10.05m);
        var sell = Order("sell", OrderSide.Sell, 200, null);

        book.Add(buy, Touch, OnFill).Should().BeTrue();
        book.Add(sell, Touch, OnFill).Should().BeTrue();

        _fills.Should().Equal(("buy", 300m, 10.02m), ("sell", 200m, 10.00m));
        buy.IsDone.Should().BeTrue();
        buy.AvgPx.Should().Be(10.02m);
        book.RestingCount.Should().Be(0);
    }

    [Fact]
    public void Limited_to_displayed_size_a_marketable_order_walks_the_levels_up_to_its_limit_and_rests_the_rest()
    {
        var book = Book(displayed: 100, limitToDisplayed: true);
        var buy = Order("buy", OrderSide.Buy, 250, 10.03m);

        book.Add(buy, Touch, OnFill).Should().BeTrue();

        _fills.Should().Equal(("buy", 100m, 10.02m), ("buy", 100m, 10.03m));
        buy.LeavesQty.Should().Be(50);
        book.RestingCount.Should().Be(1);
        buy.AvgPx.Should().Be(10.025m);
    }

    [Fact]
    public void An_immediate_or_cancel_remainder_does_not_rest()
    {
        var book = Book(displayed: 100, limitToDisplayed: true);
        var buy = Order("ioc", OrderSide.Buy, 250, 10.02m, ioc: true);

        book.Add(buy, Touch, OnFill).Should().BeFalse("the remainder is to be canceled");

        _fills.Should().Equal(("ioc", 100m, 10.02m));
        book.RestingCount.Should().Be(0);
    }

    [Fact]
    public void An_order_inside_the_spread_is_first_in_line()
    {
        var book = Book(displayed: 100);
        var quote = new Quote(10.00m, 10.04m);
        var improving = Order("inside", OrderSide.Buy, 30, 10.02m);
        var atBid = Order("bid", OrderSide.Buy, 30, 10.00m);
        book.Add(atBid, quote, OnFill);
        book.Add(improving, quote, OnFill);
        book.QueueAhead(improving).Should().Be(0);

        book.Step(quote, sellVolume: 40, buyVolume: 0, OnFill);

        _fills.Should().Equal(("inside", 30m, 10.02m));
        atBid.CumQty.Should().Be(0, "the rest of the volume went to the displayed size ahead of it");
    }

    [Fact]
    public void A_resting_order_the_market_moves_through_fills_at_its_own_price()
    {
        var book = Book(displayed: 100);
        var buy = Order("buy", OrderSide.Buy, 70, 10.00m);
        book.Add(buy, Touch, OnFill);

        book.Step(new Quote(9.96m, 9.98m), sellVolume: 0, buyVolume: 0, OnFill);

        _fills.Should().Equal(("buy", 70m, 10.00m));
        buy.IsDone.Should().BeTrue();
    }

    [Fact]
    public void A_removed_order_gets_no_fills()
    {
        var book = Book(displayed: 0.0001m);
        var buy = Order("buy", OrderSide.Buy, 70, 10.00m);
        book.Add(buy, Touch, OnFill);

        book.Remove(buy).Should().BeTrue();
        book.Step(Touch, sellVolume: 1000, buyVolume: 0, OnFill);

        _fills.Should().BeEmpty();
        book.Remove(buy).Should().BeFalse();
    }
}
