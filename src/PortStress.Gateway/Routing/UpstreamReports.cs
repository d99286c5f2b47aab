using System.Globalization;
using PortStress.Fix.Protocol;

namespace PortStress.Gateway.Routing;

/// <summary>Builds the ExecutionReports (8) and OrderCancelRejects (9) the router sends upstream, in the upstream session's FIX version.</summary>
public static class UpstreamReports
{
    private const int ExecTransType = 20;
    private const int ExecRestatementReason = 378;
    private const int CxlRejResponseTo = 434;

    /// <summary>CxlRejReason (102).</summary>
    internal const int CxlRejReason = 102;

    /// <summary>OrdRejReason (103).</summary>
    internal const int OrdRejReason = 103;

    /// <summary>An ExecutionReport for <paramref name="order"/> (call under the order's lock).</summary>
    /// <param name="report">An empty message to build it in (<see cref="UpstreamOutbox.Rent"/>).</param>
    /// <param name="order">The order.</param>
    /// <param name="execType">ExecType (150): 0 new, A pending new, D restated, 5 replaced, 4 cancelled, 8 rejected; fills use <see cref="Fill"/>.</param>
    /// <param name="text">Text (58), or null.</param>
    /// <param name="transactTime">TransactTime (60).</param>
    public static FixMessage Report(FixMessage report, RoutedOrder order, char execType, string? text, DateTime transactTime)
    {
        ArgumentNullException.ThrowIfNull(order);
        Start(report, order, execType, transactTime);
        if (execType == 'D' && !IsFix42(order))
        {
            // 5 = partial decline of OrderQty: the gateway declined part of the clip (99 Other is FIX 5.0 only).
            report.Body.Set(ExecRestatementReason, 5L);
        }

        if (text is not null)
        {
            report.Body.Set(Tags.Text, text);
        }

        return report;
    }

    /// <summary>A fill report: FIX 4.2 ExecType 1 (partial) or 2 (fill); later versions ExecType F.</summary>
    /// <param name="report">An empty message to build it in (<see cref="UpstreamOutbox.Rent"/>).</param>
    /// <param name="order">The order, its cumulative figures already updated (call under its lock).</param>
    /// <param name="lastQty">LastQty (32).</param>
    /// <param name="lastPx">LastPx (31).</param>
    /// <param name="transactTime">TransactTime (60).</param>
    public static FixMessage Fill(FixMessage report, RoutedOrder order, decimal lastQty, decimal lastPx, DateTime transactTime)
    {
        ArgumentNullException.ThrowIfNull(order);
        var execType = IsFix42(order) ? order.Status : 'F';
        Start(report, order, execType, transactTime);
        report.Body.Set(Tags.LastQty, lastQty);
        report.Body.Set(Tags.LastPx, lastPx);
        return report;
    }

    /// <summary>
    /// An order status report (an answer to a resent order, or after a restart): ExecType I (FIX 4.2: ExecTransType 3
    /// with ExecType the OrdStatus), the order's cumulative figures as they stand.
    /// </summary>
    /// <param name="report">An empty message to build it in (<see cref="UpstreamOutbox.Rent"/>).</param>
    /// <param name="order">The order (call under its lock).</param>
    /// <param name="text">Text (58), or null.</param>
    /// <param name="transactTime">TransactTime (60).</param>
    public static FixMessage Status(FixMessage report, RoutedOrder order, string? text, DateTime transactTime)
    {
        ArgumentNullException.ThrowIfNull(order);
        var fix42 = IsFix42(order);
        Start(report, order, fix42 ? (order.Status == '\0' ? 'A' : order.Status) : 'I', transactTime);
        if (fix42)
        {
            report.Body.Set(ExecTransType, '3');
        }

        if (text is not null)
        {
            report.Body.Set(Tags.Text, text);
        }

        return report;
    }

    /// <summary>An OrderCancelReject (9) answering a cancel or replace request.</summary>
    /// <param name="reject">An empty message to build it in (<see cref="UpstreamOutbox.Rent"/>).</param>
    /// <param name="order">The order, or null when it is unknown.</param>
    /// <param name="clOrdId">The cancel request's ClOrdID.</param>
    /// <param name="origClOrdId">The cancel request's OrigClOrdID.</param>
    /// <param name="reason">CxlRejReason (102): 0 too late, 1 unknown order, 99 other.</param>
    /// <param name="text">Text (58).</param>
    /// <param name="responseTo">CxlRejResponseTo (434): 1 cancel, 2 replace.</param>
    public static FixMessage CancelReject(FixMessage reject, RoutedOrder? order, string clOrdId, string origClOrdId, int reason, string text, char responseTo = '1')
    {
        ArgumentNullException.ThrowIfNull(reject);
        reject.Header.Set(Tags.MsgType, "9"u8);
        reject.Body.Set(Tags.OrderID, order is null ? "NONE" : order.GatewayId.ToString(CultureInfo.InvariantCulture));
        reject.Body.Set(Tags.ClOrdID, clOrdId);
        reject.Body.Set(Tags.OrigClOrdID, origClOrdId);
        reject.Body.Set(Tags.OrdStatus, order is null || order.Status == '\0' ? '8' : order.Status);
        reject.Body.Set(CxlRejResponseTo, responseTo);
        reject.Body.Set(CxlRejReason, (long)reason);
        reject.Body.Set(Tags.Text, text);
        return reject;
    }

    private static void Start(FixMessage report, RoutedOrder order, char execType, DateTime transactTime)
    {
        ArgumentNullException.ThrowIfNull(report);
        order.ReportCount++;
        report.Header.Set(Tags.MsgType, "8"u8);
        if (order.GatewayId == 0)
        {
            report.Body.Set(Tags.OrderID, "NONE"u8);
        }
        else
        {
            report.Body.Set(Tags.OrderID, order.GatewayId);
        }

        // GATEWAYID-EPOCH-N formatted straight into the message's buffer (no string per report).
        Span<byte> execId = stackalloc byte[64];
        System.Text.Unicode.Utf8.TryWrite(execId, CultureInfo.InvariantCulture, $"{order.GatewayId}-{order.Epoch}-{order.ReportCount}", out var written);
        report.Body.Set(Tags.ExecID, execId[..written]);
        report.Body.Set(Tags.ClOrdID, order.ClOrdId);
        if (order.OrigClOrdId is not null)
        {
            report.Body.Set(Tags.OrigClOrdID, order.OrigClOrdId);
        }

        if (IsFix42(order))
        {
            report.Body.Set(ExecTransType, '0');
        }

        report.Body.Set(Tags.ExecType, execType);
        report.Body.Set(Tags.OrdStatus, order.Status == '\0' ? 'A' : order.Status);
        report.Body.Set(Tags.Symbol, order.Symbol);
        report.Body.Set(Tags.Side, (char)order.Side);
        report.Body.Set(Tags.OrderQty, order.Quantity);
        if (order.LimitPrice is { } price)
        {
            report.Body.Set(Tags.Price, price);
        }

        report.Body.Set(Tags.LeavesQty, order.LeavesQuantity);
        report.Body.Set(Tags.CumQty, order.CumulativeQuantity);
        report.Body.Set(Tags.AvgPx, order.AveragePrice);
        report.Body.SetTimestamp(Tags.TransactTime, transactTime);
    }

    private static bool IsFix42(RoutedOrder order) => order.Upstream.BeginString == "FIX.4.2";
}
