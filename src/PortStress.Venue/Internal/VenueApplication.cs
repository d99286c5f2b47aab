using Microsoft.Extensions.Logging;
using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;
using PortStress.Venue.Market;

namespace PortStress.Venue.Internal;

/// <summary>
/// The FIX side of the venue: NewOrderSingle (D), OrderCancelRequest (F) and OrderCancelReplaceRequest (G) into the
/// market, market events out as ExecutionReports (FIX.4.2 or FIX.4.4 flavour per session) and OrderCancelRejects.
/// </summary>
internal sealed class VenueApplication : ApplicationBase, IMarketEvents
{
    private readonly Dictionary<SessionId, VenueClient> _clients = [];
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private VenueMarket? _market;
    private long _execIds;
    private long _ordersReceived;
    private long _ordersRejected;
    private long _rateLimited;

    public VenueApplication(TimeProvider time, ILogger log)
    {
        _time = time;
        _log = log;
    }

    public long OrdersReceived => Interlocked.Read(ref _ordersReceived);

    public long OrdersRejected => Interlocked.Read(ref _ordersRejected);

    public long RateLimited => Interlocked.Read(ref _rateLimited);

    public VenueMarket Market
    {
        get => _market ?? throw new InvalidOperationException("the market is not set");
        set => _market = value;
    }

    public IReadOnlyCollection<VenueClient> Clients => _clients.Values;

    public void Add(VenueClient client) => _clients.Add(client.Session.Id, client);

    public override void FromApp(FixMessage message, SessionId sessionId)
    {
        var client = _clients[sessionId];
        var msgType = message.MsgType;
        switch (msgType)
        {
            case "D":
                NewOrder(client, message.Body);
                break;
            case "F":
                CancelOrReplace(client, message.Body, replace: false);
                break;
            case "G":
                CancelOrReplace(client, message.Body, replace: true);
                break;
            default:
                throw new UnsupportedMessageTypeException($"Unsupported Message Type {msgType}");
        }
    }

    void IMarketEvents.Accepted(VenueOrder order) =>
        Client(order).Outbox.Enqueue(Report(Client(order), order, '0', '0', 0, 0, null, null));

    void IMarketEvents.Filled(VenueOrder order, decimal quantity, decimal price)
    {
        var client = Client(order);
        var status = order.IsFilled ? '2' : '1';
        client.Outbox.Enqueue(Report(client, order, client.IsFix42 ? status : 'F', status, quantity, price, null, null));
    }

    void IMarketEvents.Canceled(VenueOrder order, string? requestClOrdId, string? text)
    {
        var client = Client(order);
        var report = Report(client, order, '4', '4', 0, 0, text, requestClOrdId is null ? null : order.ClOrdId);
        if (requestClOrdId is not null)
        {
            report.Body.Set(Tags.ClOrdID, requestClOrdId);
        }

        client.Outbox.Enqueue(report);
    }

    void IMarketEvents.Replaced(VenueOrder order, string origClOrdId)
    {
        var client = Client(order);
        client.Outbox.Enqueue(Report(client, order, '5', order.CumQty > 0 ? '1' : '0', 0, 0, null, origClOrdId));
    }

    private static VenueClient Client(VenueOrder order) => (VenueClient)order.Owner;

    private void NewOrder(VenueClient client, FieldMap body)
    {
        Interlocked.Increment(ref _ordersReceived);
        var now = _time.GetUtcNow();
        var clOrdId = body.GetString(Tags.ClOrdID) ?? string.Empty;
        string? problem;
        var rejectReason = '0';
        if (!client.Limiter.TryAcquire(now))
        {
            Interlocked.Increment(ref _rateLimited);
            problem = $"rate limit: more than {client.Limiter.Rate:0.##} orders per second on this session";
            rejectReason = '3';
        }
        else if (clOrdId.Length == 0)
        {
            problem = "ClOrdID (11) is required";
        }
        else if (!Parse(body, out var symbol, out var side, out var isMarket, out var quantity, out var price, out var ioc, out problem))
        {
            rejectReason = problem.StartsWith("unknown symbol", StringComparison.Ordinal) ? '1' : '0';
        }
        else
        {
            problem = Market.Submit(client, clOrdId, symbol, side, isMarket, quantity, price, ioc, now);
            if (problem is not null && problem.StartsWith("unknown symbol", StringComparison.Ordinal))
            {
                rejectReason = '1';
            }
        }

        if (problem is null)
        {
            return;
        }

        Interlocked.Increment(ref _ordersRejected);
        VenueLog.OrderRejected(_log, clOrdId, client.Name, problem);
        client.Outbox.Enqueue(Rejection(client, body, clOrdId, problem, rejectReason));
    }

    private void CancelOrReplace(VenueClient client, FieldMap body, bool replace)
    {
        var now = _time.GetUtcNow();
        var clOrdId = body.GetString(Tags.ClOrdID) ?? string.Empty;
        var origClOrdId = body.GetString(Tags.OrigClOrdID) ?? string.Empty;
        string? problem;
        var reason = '2';
        if (!client.Limiter.TryAcquire(now))
        {
            Interlocked.Increment(ref _rateLimited);
            problem = $"rate limit: more than {client.Limiter.Rate:0.##} orders per second on this session";
        }
        else if (clOrdId.Length == 0 || origClOrdId.Length == 0)
        {
            problem = "ClOrdID (11) and OrigClOrdID (41) are required";
        }
        else if (!replace)
        {
            problem = Market.Cancel(client, clOrdId, origClOrdId, now);
        }
        else if (!body.TryGetDecimal(Tags.OrderQty, out var quantity))
        {
            problem = "bad quantity (OrderQty (38) is missing or not a number)";
        }
        else
        {
            decimal? price = body.TryGetDecimal(Tags.Price, out var p) ? p : null;
            problem = Market.Replace(client, clOrdId, origClOrdId, quantity, price, now);
        }

        if (problem is null)
        {
            return;
        }

        if (problem.StartsWith("unknown order", StringComparison.Ordinal))
        {
            reason = '1';
        }

        var reject = new FixMessage();
        reject.Header.Set(Tags.MsgType, "9");
        reject.Body.Set(Tags.OrderID, "NONE");
        reject.Body.Set(Tags.ClOrdID, clOrdId);
        reject.Body.Set(Tags.OrigClOrdID, origClOrdId);
        reject.Body.Set(Tags.OrdStatus, '8');
        reject.Body.Set(VenueTags.CxlRejResponseTo, replace ? '2' : '1');
        reject.Body.Set(VenueTags.CxlRejReason, reason);
        reject.Body.Set(Tags.Text, problem);
        client.Outbox.Enqueue(reject);
    }

    private bool Parse(FieldMap body, out string symbol, out OrderSide side, out bool isMarket, out decimal quantity, out decimal price, out bool ioc, out string problem)
    {
        symbol = body.GetString(Tags.Symbol) ?? string.Empty;
        side = OrderSide.Buy;
        isMarket = false;
        quantity = 0;
        price = 0;
        ioc = false;
        problem = string.Empty;
        if (!Market.HasSymbol(symbol))
        {
            problem = $"unknown symbol '{symbol}'";
            return false;
        }

        if (!body.TryGetDecimal(Tags.OrderQty, out quantity) || quantity <= 0)
        {
            problem = $"bad quantity '{body.GetString(Tags.OrderQty)}' (OrderQty (38) must be greater than 0)";
            return false;
        }

        switch (body.TryGetChar(Tags.Side, out var s) ? s : '\0')
        {
            case '1': side = OrderSide.Buy; break;
            case '2': side = OrderSide.Sell; break;
            default:
                problem = $"unsupported Side '{body.GetString(Tags.Side)}' (1 buy or 2 sell)";
                return false;
        }

        switch (body.TryGetChar(Tags.OrdType, out var t) ? t : '\0')
        {
            case '1':
                isMarket = true;
                break;
            case '2':
                if (!body.TryGetDecimal(Tags.Price, out price))
                {
                    problem = "bad price (a limit order needs Price (44))";
                    return false;
                }

                break;
            default:
                problem = $"unsupported OrdType '{body.GetString(Tags.OrdType)}' (1 market or 2 limit)";
                return false;
        }

        switch (body.TryGetChar(Tags.TimeInForce, out var tif) ? tif : '0')
        {
            case '0' or '1': break;
            case '3': ioc = true; break;
            default:
                problem = $"unsupported TimeInForce '{body.GetString(Tags.TimeInForce)}' (0 day, 1 GTC or 3 IOC)";
                return false;
        }

        return true;
    }

    private FixMessage Report(VenueClient client, VenueOrder order, char execType, char ordStatus, decimal lastQty, decimal lastPx, string? text, string? origClOrdId)
    {
        var report = new FixMessage();
        report.Header.Set(Tags.MsgType, "8");
        var body = report.Body;
        body.Set(Tags.OrderID, order.OrderId);
        body.Set(Tags.ExecID, Interlocked.Increment(ref _execIds));
        if (client.IsFix42)
        {
            body.Set(VenueTags.ExecTransType, '0');
        }

        body.Set(Tags.ClOrdID, order.ClOrdId);
        if (origClOrdId is not null)
        {
            body.Set(Tags.OrigClOrdID, origClOrdId);
        }

        body.Set(Tags.ExecType, execType);
        body.Set(Tags.OrdStatus, ordStatus);
        body.Set(Tags.Symbol, order.Symbol);
        body.Set(Tags.Side, order.Side == OrderSide.Buy ? '1' : '2');
        body.Set(Tags.OrderQty, order.Quantity);
        body.Set(Tags.OrdType, order.IsMarket ? '1' : '2');
        if (!order.IsMarket)
        {
            body.Set(Tags.Price, order.Price);
        }

        if (lastQty > 0)
        {
            body.Set(Tags.LastQty, lastQty);
            body.Set(Tags.LastPx, lastPx);
        }

        body.Set(Tags.LeavesQty, order.LeavesQty);
        body.Set(Tags.CumQty, order.CumQty);
        body.Set(Tags.AvgPx, decimal.Round(order.AvgPx, 8));
        body.SetTimestamp(Tags.TransactTime, _time.GetUtcNow().UtcDateTime);
        if (text is not null)
        {
            body.Set(Tags.Text, text);
        }

        return report;
    }

    private FixMessage Rejection(VenueClient client, FieldMap order, string clOrdId, string text, char reason)
    {
        var report = new FixMessage();
        report.Header.Set(Tags.MsgType, "8");
        var body = report.Body;
        body.Set(Tags.OrderID, "NONE");
        body.Set(Tags.ExecID, Interlocked.Increment(ref _execIds));
        if (client.IsFix42)
        {
            body.Set(VenueTags.ExecTransType, '0');
        }

        body.Set(Tags.ClOrdID, clOrdId.Length == 0 ? "NONE" : clOrdId);
        body.Set(Tags.ExecType, '8');
        body.Set(Tags.OrdStatus, '8');
        body.Set(VenueTags.OrdRejReason, reason);
        body.Set(Tags.Symbol, order.GetString(Tags.Symbol) ?? "NONE");
        body.Set(Tags.Side, order.TryGetChar(Tags.Side, out var side) && side is >= '1' and <= '9' ? side : '1');
        if (order.TryGetDecimal(Tags.OrderQty, out var quantity))
        {
            body.Set(Tags.OrderQty, quantity);
        }

        body.Set(Tags.LeavesQty, 0L);
        body.Set(Tags.CumQty, 0L);
        body.Set(Tags.AvgPx, 0L);
        body.SetTimestamp(Tags.TransactTime, _time.GetUtcNow().UtcDateTime);
        body.Set(Tags.Text, text);
        return report;
    }
}
