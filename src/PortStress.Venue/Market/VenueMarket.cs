using PortStress.Control.Records;
using PortStress.Venue.Records;

namespace PortStress.Venue.Market;

/// <summary>What the market tells the FIX side; called under the market's lock, so implementations only queue.</summary>
internal interface IMarketEvents
{
    void Accepted(VenueOrder order);

    void Filled(VenueOrder order, decimal quantity, decimal price);

    /// <summary>The order is canceled: on request (<paramref name="requestClOrdId"/> set) or because nothing was left to trade against.</summary>
    void Canceled(VenueOrder order, string? requestClOrdId, string? text);

    void Replaced(VenueOrder order, string origClOrdId);
}

/// <summary>
/// Every symbol's price process and order book, moved forward in fixed steps on the venue's clock. All state changes
/// happen under one lock; the market never calls into a FIX session (events only queue), so sessions may call in
/// while holding their own locks.
/// </summary>
internal sealed class VenueMarket
{
    private readonly object _sync = new();
    private readonly Dictionary<string, SymbolState> _symbols = new(StringComparer.Ordinal);
    private readonly Dictionary<(object Owner, string ClOrdId), VenueOrder> _live = [];
    private readonly TimeSpan _step;
    private readonly TimeSpan _recordInterval;
    private readonly IMarketEvents _events;
    private readonly IRecordSink<MidPriceRecord>? _mids;
    private readonly IRecordSink<VenueFillRecord>? _fills;
    private readonly Func<object, string> _ownerName;
    private readonly OrderBook.FillHandler _onFill;
    private DateTimeOffset _lastStep;
    private DateTimeOffset _nextRecord;
    private long _orderIds;
    private bool _aggressive;
    private DateTimeOffset _eventTime;
    private long _fillCount;

    public VenueMarket(
        VenueOptions options,
        DateTimeOffset start,
        IMarketEvents events,
        Func<object, string> ownerName,
        IRecordSink<MidPriceRecord>? mids = null,
        IRecordSink<VenueFillRecord>? fills = null)
    {
        _step = options.StepInterval;
        _recordInterval = options.MidRecordInterval;
        _events = events;
        _ownerName = ownerName;
        _mids = mids;
        _fills = fills;
        _onFill = OnFill;
        for (var i = 0; i < options.Symbols.Count; i++)
        {
            var s = options.Symbols[i];
            _symbols.Add(s.Symbol, new SymbolState(s, new PriceProcess(s, unchecked((options.Seed * 7919) + i)), new OrderBook(options.FillModel, s.TickSize)));
        }

        _lastStep = start;
        _eventTime = start;
        _nextRecord = start;
        lock (_sync)
        {
            RecordMidsIfDue(start);
        }
    }

    public long FillCount => Interlocked.Read(ref _fillCount);

    public bool HasSymbol(string symbol) => _symbols.ContainsKey(symbol);

    public decimal TickSize(string symbol) => _symbols[symbol].Options.TickSize;

    /// <summary>The quote after catching up to <paramref name="now"/>.</summary>
    public Quote Quote(string symbol, DateTimeOffset now)
    {
        lock (_sync)
        {
            AdvanceLocked(now);
            return Get(symbol).Process.Quote;
        }
    }

    /// <summary>Volume traded in the symbol so far, after catching up to <paramref name="now"/>.</summary>
    public decimal CumulativeVolume(string symbol, DateTimeOffset now)
    {
        lock (_sync)
        {
            AdvanceLocked(now);
            return Get(symbol).CumulativeVolume;
        }
    }

    /// <summary>The unrounded mid of the price process (tests).</summary>
    public double LatentPrice(string symbol)
    {
        lock (_sync)
        {
            return Get(symbol).Process.LatentPrice;
        }
    }

    /// <summary>Quantity queued ahead of a live order (tests and diagnostics); null when the order is not resting.</summary>
    public decimal? QueueAhead(object owner, string clOrdId)
    {
        lock (_sync)
        {
            return _live.TryGetValue((owner, clOrdId), out var order) ? _symbols[order.Symbol].Book.QueueAhead(order) : null;
        }
    }

    /// <summary>Runs every step due up to <paramref name="now"/>.</summary>
    public void AdvanceTo(DateTimeOffset now)
    {
        lock (_sync)
        {
            AdvanceLocked(now);
        }
    }

    /// <summary>Checks and takes a new order; returns why it is rejected, or null once it is accepted (and perhaps filled).</summary>
    public string? Submit(object owner, string clOrdId, string symbol, OrderSide side, bool isMarket, decimal quantity, decimal price, bool immediateOrCancel, DateTimeOffset now)
    {
        lock (_sync)
        {
            if (!_symbols.TryGetValue(symbol, out var state))
            {
                return $"unknown symbol '{symbol}'";
            }

            if (Check(state, quantity, isMarket, price) is { } problem)
            {
                return problem;
            }

            if (_live.ContainsKey((owner, clOrdId)))
            {
                return $"duplicate ClOrdID '{clOrdId}' (an order with it is live)";
            }

            AdvanceLocked(now);
            var order = new VenueOrder
            {
                OrderId = ++_orderIds,
                Owner = owner,
                ClOrdId = clOrdId,
                Symbol = symbol,
                Side = side,
                IsMarket = isMarket,
                Price = isMarket ? 0 : price,
                Quantity = quantity,
                ImmediateOrCancel = immediateOrCancel,
            };
            _events.Accepted(order);
            Enter(state, order);
            return null;
        }
    }

    /// <summary>Cancels a live order; returns why not, or null once done.</summary>
    public string? Cancel(object owner, string clOrdId, string origClOrdId, DateTimeOffset now)
    {
        lock (_sync)
        {
            AdvanceLocked(now);
            if (!_live.TryGetValue((owner, origClOrdId), out var order))
            {
                return $"unknown order '{origClOrdId}' (never seen, or already filled or canceled)";
            }

            _symbols[order.Symbol].Book.Remove(order);
            Finish(order);
            _events.Canceled(order, clOrdId, null);
            return null;
        }
    }

    /// <summary>
    /// Replaces quantity and price of a live order; returns why not, or null once done. The order keeps its queue
    /// position only when the price is the same and the quantity does not grow.
    /// </summary>
    public string? Replace(object owner, string clOrdId, string origClOrdId, decimal quantity, decimal? price, DateTimeOffset now)
    {
        lock (_sync)
        {
            AdvanceLocked(now);
            if (!_live.TryGetValue((owner, origClOrdId), out var order))
            {
                return $"unknown order '{origClOrdId}' (never seen, or already filled or canceled)";
            }

            if (clOrdId != origClOrdId && _live.ContainsKey((owner, clOrdId)))
            {
                return $"duplicate ClOrdID '{clOrdId}' (an order with it is live)";
            }

            var state = _symbols[order.Symbol];
            var newPrice = order.IsMarket ? 0 : price ?? order.Price;
            if (Check(state, quantity, order.IsMarket, newPrice) is { } problem)
            {
                return problem;
            }

            if (quantity <= order.CumQty)
            {
                return $"OrderQty {quantity} is not above the quantity already filled ({order.CumQty})";
            }

            var keepsPriority = newPrice == order.Price && quantity <= order.Quantity;
            _live.Remove((owner, origClOrdId));
            order.ClOrdId = clOrdId;
            _live[(owner, clOrdId)] = order;
            if (keepsPriority)
            {
                order.Quantity = quantity;
                _events.Replaced(order, origClOrdId);
                return null;
            }

            state.Book.Remove(order);
            order.Price = newPrice;
            order.Quantity = quantity;
            _events.Replaced(order, origClOrdId);
            _live.Remove((owner, clOrdId));
            Enter(state, order);
            return null;
        }
    }

    private static string? Check(SymbolState state, decimal quantity, bool isMarket, decimal price)
    {
        if (quantity <= 0 || quantity > 1_000_000_000m)
        {
            return $"bad quantity {quantity} (must be greater than 0 and at most 1000000000)";
        }

        if (!isMarket)
        {
            if (price <= 0)
            {
                return $"bad price {price} (a limit order needs a positive Price)";
            }

            if (price % state.Options.TickSize != 0)
            {
                return $"bad price {price} (not a multiple of the tick size {state.Options.TickSize})";
            }
        }

        return null;
    }

    private void Enter(SymbolState state, VenueOrder order)
    {
        _live[(order.Owner, order.ClOrdId)] = order;
        _aggressive = true;
        bool rests;
        try
        {
            rests = state.Book.Add(order, state.Process.Quote, _onFill);
        }
        finally
        {
            _aggressive = false;
        }

        if (!rests)
        {
            Finish(order);
            _events.Canceled(order, null, order.IsMarket ? "no more liquidity within the levels walked" : "immediate or cancel: remainder canceled");
        }
        else if (order.IsDone)
        {
            Finish(order);
        }
    }

    private void Finish(VenueOrder order)
    {
        order.IsDone = true;
        _live.Remove((order.Owner, order.ClOrdId));
    }

    private void OnFill(VenueOrder order, decimal quantity, decimal price)
    {
        var state = _symbols[order.Symbol];
        if (_aggressive)
        {
            // Client fills that take liquidity are trades too; background volume that fills resting orders is already counted.
            state.CumulativeVolume += quantity;
        }

        Interlocked.Increment(ref _fillCount);
        if (order.IsDone)
        {
            _live.Remove((order.Owner, order.ClOrdId));
        }

        _fills?.TryAppend(new VenueFillRecord
        {
            TimeUnixMicros = UnixMicros(_eventTime),
            Session = _ownerName(order.Owner),
            ClOrdId = order.ClOrdId,
            OrderId = order.OrderId,
            Symbol = order.Symbol,
            Side = order.Side == OrderSide.Buy ? "buy" : "sell",
            Quantity = quantity,
            Price = price,
            Mid = state.Process.Quote.Mid,
            Aggressive = _aggressive,
        });
        _events.Filled(order, quantity, price);
    }

    private void AdvanceLocked(DateTimeOffset now)
    {
        var seconds = _step.TotalSeconds;
        while (_lastStep + _step <= now)
        {
            _lastStep += _step;
            _eventTime = _lastStep;
            foreach (var state in _symbols.Values)
            {
                var (sells, buys) = state.Process.Step(seconds);
                state.CumulativeVolume += sells + buys;
                state.Book.Step(state.Process.Quote, sells, buys, _onFill);
            }

            RecordMidsIfDue(_lastStep);
        }

        // Fills of orders arriving now happen now (after the last step, before the next).
        _eventTime = now > _lastStep ? now : _lastStep;
    }

    private void RecordMidsIfDue(DateTimeOffset time)
    {
        if (time < _nextRecord)
        {
            return;
        }

        while (_nextRecord <= time)
        {
            _nextRecord += _recordInterval;
        }

        if (_mids is null)
        {
            return;
        }

        foreach (var (symbol, state) in _symbols)
        {
            var quote = state.Process.Quote;
            _mids.TryAppend(new MidPriceRecord
            {
                TimeUnixMicros = UnixMicros(time),
                Symbol = symbol,
                Bid = quote.Bid,
                Ask = quote.Ask,
                Mid = quote.Mid,
                CumulativeVolume = state.CumulativeVolume,
            });
        }
    }

    private SymbolState Get(string symbol) =>
        _symbols.TryGetValue(symbol, out var state) ? state : throw new ArgumentException($"unknown symbol '{symbol}'", nameof(symbol));

    private static long UnixMicros(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    private sealed class SymbolState(VenueSymbolOptions options, PriceProcess process, OrderBook book)
    {
        public VenueSymbolOptions Options { get; } = options;

        public PriceProcess Process { get; } = process;

        public OrderBook Book { get; } = book;

        public decimal CumulativeVolume { get; set; }
    }
}
