using System.Buffers;
using PortStress.Fix.Protocol;

namespace PortStress.Gateway.Bench;

/// <summary>
/// The NewOrderSingle the bench sends and the ExecutionReport (ExecType New) that answers it, built
/// into reused <see cref="FixMessage"/>s without allocating; also their frames as sent, for the TCP echo.
/// </summary>
internal static class BenchMessages
{
    public const string BeginString = "FIX.4.4";
    public const string ClientCompId = "BENCH";
    public const string VenueCompId = "VENUE";

    /// <summary>Fills <paramref name="order"/> (cleared first) as NewOrderSingle with ClOrdID = <paramref name="index"/>.</summary>
    public static void FillOrder(FixMessage order, long index, DateTime transactTime)
    {
        order.Clear();
        order.Header.Set(Tags.MsgType, "D"u8);
        order.Body.Set(Tags.ClOrdID, index);
        order.Body.Set(Tags.HandlInst, '1');
        order.Body.Set(Tags.Symbol, "INTC"u8);
        order.Body.Set(Tags.Side, '1');
        order.Body.SetTimestamp(Tags.TransactTime, transactTime);
        order.Body.Set(Tags.OrderQty, 100L);
        order.Body.Set(Tags.OrdType, '2');
        order.Body.Set(Tags.Price, 10.5m);
    }

    /// <summary>Fills <paramref name="report"/> (cleared first) as the ExecutionReport acknowledging <paramref name="order"/>'s body.</summary>
    public static void FillAcknowledgement(FixMessage report, FieldMap order, long execId, DateTime transactTime)
    {
        report.Clear();
        report.Header.Set(Tags.MsgType, "8"u8);
        report.Body.Set(Tags.OrderID, execId);
        report.Body.Set(Tags.ExecID, execId);
        Copy(order, report.Body, Tags.ClOrdID);
        report.Body.Set(Tags.ExecType, '0');
        report.Body.Set(Tags.OrdStatus, '0');
        Copy(order, report.Body, Tags.Symbol);
        Copy(order, report.Body, Tags.Side);
        Copy(order, report.Body, Tags.OrderQty);
        Copy(order, report.Body, Tags.Price);
        report.Body.Set(Tags.LeavesQty, order.TryGet(Tags.OrderQty, out var qty) ? qty : "0"u8);
        report.Body.Set(Tags.CumQty, 0L);
        report.Body.Set(Tags.AvgPx, 0L);
        report.Body.SetTimestamp(Tags.TransactTime, transactTime);

        static void Copy(FieldMap from, FieldMap to, int tag)
        {
            if (from.TryGet(tag, out var value))
            {
                to.Set(tag, value);
            }
        }
    }

    /// <summary>Fills <paramref name="report"/> (cleared first) as the ExecutionReport filling all of <paramref name="order"/> at its price.</summary>
    public static void FillExecution(FixMessage report, FieldMap order, long execId, DateTime transactTime)
    {
        FillAcknowledgement(report, order, execId, transactTime);
        report.Body.Set(Tags.ExecType, 'F');
        report.Body.Set(Tags.OrdStatus, '2');
        var quantity = order.TryGet(Tags.OrderQty, out var qty) ? qty : "0"u8;
        var price = order.TryGet(Tags.Price, out var px) ? px : "0"u8;
        report.Body.Set(Tags.LastQty, quantity);
        report.Body.Set(Tags.LastPx, price);
        report.Body.Set(Tags.LeavesQty, 0L);
        report.Body.Set(Tags.CumQty, quantity);
        report.Body.Set(Tags.AvgPx, price);
    }

    /// <summary>The frames a session in the middle of a long run would send: a NewOrderSingle and its acknowledgement.</summary>
    public static (byte[] Order, byte[] Acknowledgement) SampleFrames()
    {
        const long Index = 1_234_567;
        var now = DateTime.UtcNow;
        var order = new FixMessage();
        FillOrder(order, Index, now);
        var report = new FixMessage();
        FillAcknowledgement(report, order.Body, Index, now);
        return (Frame(order, ClientCompId, VenueCompId, now), Frame(report, VenueCompId, ClientCompId, now));

        static byte[] Frame(FixMessage message, string sender, string target, DateTime now)
        {
            message.Header.Set(Tags.BeginString, BeginString);
            message.Header.Set(Tags.SenderCompID, sender);
            message.Header.Set(Tags.TargetCompID, target);
            message.Header.Set(Tags.MsgSeqNum, Index);
            message.Header.SetTimestamp(Tags.SendingTime, now);
            var output = new ArrayBufferWriter<byte>(512);
            message.WriteTo(new FixWriter(), output);
            return output.WrittenSpan.ToArray();
        }
    }
}
