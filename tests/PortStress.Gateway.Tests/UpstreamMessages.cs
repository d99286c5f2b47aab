using PortStress.Fix.Protocol;

namespace PortStress.Gateway.Tests;

/// <summary>What an upstream order manager sends: NewOrderSingle, OrderCancelRequest, OrderCancelReplaceRequest (FIX.4.4, buy side).</summary>
internal static class UpstreamMessages
{
    public static FixMessage Order(string clOrdId, decimal quantity, decimal? price, string symbol = "MSFT", string? exDestination = null)
    {
        var order = new FixMessage();
        order.Header.Set(Tags.MsgType, "D");
        order.Body.Set(Tags.ClOrdID, clOrdId);
        order.Body.Set(Tags.HandlInst, '1');
        order.Body.Set(Tags.Symbol, symbol);
        order.Body.Set(Tags.Side, '1');
        order.Body.SetTimestamp(Tags.TransactTime, DateTime.UtcNow);
        order.Body.Set(Tags.OrderQty, quantity);
        order.Body.Set(Tags.OrdType, price is null ? '1' : '2');
        if (price is { } p)
        {
            order.Body.Set(Tags.Price, p);
        }

        if (exDestination is not null)
        {
            order.Body.Set(Tags.ExDestination, exDestination);
        }

        return order;
    }

    public static FixMessage Cancel(string clOrdId, string origClOrdId, decimal quantity)
    {
        var cancel = new FixMessage();
        cancel.Header.Set(Tags.MsgType, "F");
        cancel.Body.Set(Tags.ClOrdID, clOrdId);
        cancel.Body.Set(Tags.OrigClOrdID, origClOrdId);
        cancel.Body.Set(Tags.Symbol, "MSFT");
        cancel.Body.Set(Tags.Side, '1');
        cancel.Body.SetTimestamp(Tags.TransactTime, DateTime.UtcNow);
        cancel.Body.Set(Tags.OrderQty, quantity);
        return cancel;
    }

    public static FixMessage Replace(string clOrdId, string origClOrdId, decimal quantity, decimal? price)
    {
        var replace = Order(clOrdId, quantity, price);
        replace.Header.Set(Tags.MsgType, "G");
        replace.Body.Set(Tags.OrigClOrdID, origClOrdId);
        return replace;
    }

    public static FixMessage StatusRequest(string clOrdId)
    {
        var status = new FixMessage();
        status.Header.Set(Tags.MsgType, "H");
        status.Body.Set(Tags.ClOrdID, clOrdId);
        status.Body.Set(Tags.Symbol, "MSFT");
        status.Body.Set(Tags.Side, '1');
        return status;
    }
}
