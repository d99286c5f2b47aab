namespace PortStress.Venue.Market;

/// <summary>
/// The client orders resting in one symbol, by price level, in arrival order within a level, with the simple queue
/// model: an order that joins a level at or behind the touch queues behind the displayed size that was there
/// (<see cref="FillModelOptions.DisplayedSize"/>) and behind earlier client orders; background volume at the touch
/// consumes the front of the queue first. The quote itself is synthetic (client orders do not move it).
/// </summary>
internal sealed class OrderBook
{
    private const int MaxLevelsWalked = 100;
    private readonly SortedDictionary<decimal, Level> _bids = new(Comparer<decimal>.Create((a, b) => b.CompareTo(a)));
    private readonly SortedDictionary<decimal, Level> _asks = new();
    private readonly FillModelOptions _fillModel;
    private readonly decimal _tick;
    private long _sequence;

    public OrderBook(FillModelOptions fillModel, decimal tickSize)
    {
        _fillModel = fillModel;
        _tick = tickSize;
    }

    /// <summary>A fill of a client order.</summary>
    public delegate void FillHandler(VenueOrder order, decimal quantity, decimal price);

    /// <summary>Client orders resting now.</summary>
    public int RestingCount => _bids.Values.Sum(l => l.Orders.Count) + _asks.Values.Sum(l => l.Orders.Count);

    /// <summary>
    /// Takes a new (or re-priced) order: a marketable one (a buy at or above the ask, a sell at or below the bid, or a
    /// market order) fills at once at the touch; what is left of a limit order rests, of an IOC or market order is returned as unfilled.
    /// </summary>
    /// <returns>True if the order rests (or is done); false if an unfilled remainder must be canceled.</returns>
    public bool Add(VenueOrder order, Quote quote, FillHandler onFill)
    {
        var touch = order.Side == OrderSide.Buy ? quote.Ask : quote.Bid;
        var marketable = order.IsMarket || (order.Side == OrderSide.Buy ? order.Price >= touch : order.Price <= touch);
        if (marketable)
        {
            TakeLiquidity(order, touch, onFill);
        }

        if (order.IsDone)
        {
            return true;
        }

        if (order.IsMarket || order.ImmediateOrCancel)
        {
            return false;
        }

        Rest(order, quote);
        return true;
    }

    /// <summary>Takes the order out of its level (cancel, or before a replace that loses priority).</summary>
    public bool Remove(VenueOrder order)
    {
        var side = order.Side == OrderSide.Buy ? _bids : _asks;
        if (!side.TryGetValue(order.Price, out var level) || !level.Orders.Remove(order))
        {
            return false;
        }

        if (level.Orders.Count == 0)
        {
            side.Remove(order.Price);
        }

        return true;
    }

    /// <summary>
    /// One market step after the quote moved: orders the market moved through fill at their own price; then the
    /// step's sell volume trades against resting buys at or above the bid (best price first, queue front first) and the
    /// buy volume against resting sells at or below the ask.
    /// </summary>
    public void Step(Quote quote, decimal sellVolume, decimal buyVolume, FillHandler onFill)
    {
        TradeThrough(_bids, level => level >= quote.Ask, onFill);
        TradeThrough(_asks, level => level <= quote.Bid, onFill);
        ConsumeQueues(_bids, sellVolume, level => level >= quote.Bid, onFill);
        ConsumeQueues(_asks, buyVolume, level => level <= quote.Ask, onFill);
    }

    /// <summary>Quantity ahead of <paramref name="order"/> in its level's queue (displayed size plus earlier client orders).</summary>
    public decimal QueueAhead(VenueOrder order)
    {
        var side = order.Side == OrderSide.Buy ? _bids : _asks;
        if (!side.TryGetValue(order.Price, out var level))
        {
            return 0;
        }

        var ahead = level.DisplayedAhead;
        foreach (var o in level.Orders)
        {
            if (ReferenceEquals(o, order))
            {
                return ahead;
            }

            ahead += o.LeavesQty;
        }

        return 0;
    }

    private void TakeLiquidity(VenueOrder order, decimal touch, FillHandler onFill)
    {
        if (!_fillModel.LimitToDisplayedSize)
        {
            Fill(order, order.LeavesQty, touch, onFill);
            return;
        }

        var step = order.Side == OrderSide.Buy ? _tick : -_tick;
        var price = touch;
        for (var walked = 0; walked < MaxLevelsWalked && !order.IsDone; walked++, price += step)
        {
            if (!order.IsMarket && (order.Side == OrderSide.Buy ? price > order.Price : price < order.Price))
            {
                break;
            }

            if (price <= 0)
            {
                break;
            }

            Fill(order, Math.Min(order.LeavesQty, _fillModel.DisplayedSize), price, onFill);
        }
    }

    private void Rest(VenueOrder order, Quote quote)
    {
        var side = order.Side == OrderSide.Buy ? _bids : _asks;
        if (!side.TryGetValue(order.Price, out var level))
        {
            // A new level at or behind the touch joins behind the displayed size; one inside the spread improves the price and is first.
            var atOrBehindTouch = order.Side == OrderSide.Buy ? order.Price <= quote.Bid : order.Price >= quote.Ask;
            level = new Level { DisplayedAhead = atOrBehindTouch ? _fillModel.DisplayedSize : 0 };
            side.Add(order.Price, level);
        }

        order.Sequence = ++_sequence;
        level.Orders.Add(order);
    }

    private void TradeThrough(SortedDictionary<decimal, Level> side, Func<decimal, bool> crossed, FillHandler onFill)
    {
        List<decimal>? emptied = null;
        foreach (var (price, level) in side)
        {
            if (!crossed(price))
            {
                break;
            }

            foreach (var order in level.Orders)
            {
                var quantity = _fillModel.LimitToDisplayedSize ? Math.Min(order.LeavesQty, _fillModel.DisplayedSize) : order.LeavesQty;
                Fill(order, quantity, price, onFill);
            }

            level.Orders.RemoveAll(o => o.IsDone);
            level.DisplayedAhead = 0;
            if (level.Orders.Count == 0)
            {
                (emptied ??= []).Add(price);
            }
        }

        Forget(side, emptied);
    }

    private static void ConsumeQueues(SortedDictionary<decimal, Level> side, decimal volume, Func<decimal, bool> reachable, FillHandler onFill)
    {
        List<decimal>? emptied = null;
        foreach (var (price, level) in side)
        {
            if (volume <= 0 || !reachable(price))
            {
                break;
            }

            var front = Math.Min(volume, level.DisplayedAhead);
            level.DisplayedAhead -= front;
            volume -= front;
            foreach (var order in level.Orders)
            {
                if (volume <= 0)
                {
                    break;
                }

                var quantity = Math.Min(volume, order.LeavesQty);
                volume -= quantity;
                Fill(order, quantity, price, onFill);
            }

            level.Orders.RemoveAll(o => o.IsDone);
            if (level.Orders.Count == 0)
            {
                (emptied ??= []).Add(price);
            }
        }

        Forget(side, emptied);
    }

    private static void Forget(SortedDictionary<decimal, Level> side, List<decimal>? emptied)
    {
        if (emptied is null)
        {
            return;
        }

        foreach (var price in emptied)
        {
            side.Remove(price);
        }
    }

    private static void Fill(VenueOrder order, decimal quantity, decimal price, FillHandler onFill)
    {
        if (quantity <= 0)
        {
            return;
        }

        order.Fill(quantity, price);
        onFill(order, quantity, price);
    }

    private sealed class Level
    {
        /// <summary>Displayed (non-client) size still ahead of the first client order at this price.</summary>
        public decimal DisplayedAhead { get; set; }

        public List<VenueOrder> Orders { get; } = [];
    }
}
