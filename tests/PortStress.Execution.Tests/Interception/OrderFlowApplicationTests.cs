using PortStress.Execution.Interception;
using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Execution.Tests.Interception;

public sealed class OrderFlowApplicationTests
{
    private static readonly SessionId Venue = new("FIX.4.4", "GW", "VENUE");

    [Fact]
    public void A_new_report_acknowledges_the_order_named_by_its_ClOrdID()
    {
        var sink = new RecordingSink();
        new OrderFlowApplication(sink).FromApp(Report(clOrdId: "42", execType: '0', ordStatus: '0'), Venue);

        sink.Events.Should().Equal("ack 42");
    }

    [Fact]
    public void A_full_fill_reports_the_fill_then_done_with_nothing_left()
    {
        var sink = new RecordingSink();
        new OrderFlowApplication(sink).FromApp(Report("7", 'F', '2', orderQty: 100, cumQty: 100, lastQty: 100, lastPx: 10.25m), Venue);

        sink.Events.Should().Equal("fill 7 100 10.25", "done 7 0");
    }

    [Fact]
    public void A_partial_fill_is_not_done_and_a_cancel_returns_the_unfilled_quantity()
    {
        var sink = new RecordingSink();
        var app = new OrderFlowApplication(sink);
        app.FromApp(Report("9", 'F', '1', orderQty: 100, cumQty: 30, lastQty: 30, lastPx: 5m), Venue);
        app.FromApp(Report("9", '4', '4', orderQty: 100, cumQty: 30), Venue);

        sink.Events.Should().Equal("fill 9 30 5", "done 9 70");
    }

    [Fact]
    public void Fix42_fill_exec_types_are_understood()
    {
        var sink = new RecordingSink();
        var app = new OrderFlowApplication(sink);
        app.FromApp(Report("3", '1', '1', orderQty: 10, cumQty: 4, lastQty: 4, lastPx: 1m), Venue);
        app.FromApp(Report("3", '2', '2', orderQty: 10, cumQty: 10, lastQty: 6, lastPx: 1m), Venue);

        sink.Events.Should().Equal("fill 3 4 1", "fill 3 6 1", "done 3 0");
    }

    [Fact]
    public void A_rejection_carries_the_venue_text_and_is_not_also_done()
    {
        var sink = new RecordingSink();
        new OrderFlowApplication(sink).FromApp(Report("5", '8', '8', text: "unknown symbol"), Venue);

        sink.Events.Should().Equal("reject 5 unknown symbol");
    }

    [Fact]
    public void A_business_reject_of_a_NewOrderSingle_rejects_the_order()
    {
        var sink = new RecordingSink();
        var reject = new FixMessage();
        reject.Header.Set(Tags.MsgType, "j");
        reject.Body.Set(Tags.RefMsgType, "D");
        reject.Body.Set(379, "11");
        reject.Body.Set(Tags.BusinessRejectReason, 3L);
        reject.Body.Set(Tags.Text, "throttled");

        new OrderFlowApplication(sink).FromApp(reject, Venue);

        sink.Events.Should().Equal("reject 11 throttled");
    }

    [Fact]
    public void Reports_about_orders_that_are_not_ours_pass_through_to_the_inner_application()
    {
        var sink = new RecordingSink();
        var inner = new CountingApplication();
        var app = new OrderFlowApplication(sink, inner);

        app.FromApp(Report("MANUAL-1", '0', '0'), Venue);
        app.FromApp(Report("12", '0', '0'), Venue);

        sink.Events.Should().Equal("ack 12");
        inner.FromAppCount.Should().Be(2, "every message still reaches the inner application");
    }

    private static FixMessage Report(string clOrdId, char execType, char ordStatus, decimal? orderQty = null, decimal? cumQty = null,
        decimal? lastQty = null, decimal? lastPx = null, string? text = null)
    {
        var report = new FixMessage();
        report.Header.Set(Tags.MsgType, "8");
        report.Body.Set(Tags.ClOrdID, clOrdId);
        report.Body.Set(Tags.ExecType, execType);
        report.Body.Set(Tags.OrdStatus, ordStatus);
        if (orderQty is { } q)
            report.Body.Set(Tags.OrderQty, q);
        if (cumQty is { } c)
            report.Body.Set(Tags.CumQty, c);
        if (lastQty is { } lq)
            report.Body.Set(Tags.LastQty, lq);
        if (lastPx is { } lp)
            report.Body.Set(Tags.LastPx, lp);
        if (text is not null)
            report.Body.Set(Tags.Text, text);
        return report;
    }

    private sealed class RecordingSink : IOrderEventSink
    {
        public List<string> Events { get; } = [];

        public void OnAcknowledged(long orderId, long timestamp) => Events.Add($"ack {orderId}");

        public void OnRejected(long orderId, string reason, long timestamp) => Events.Add($"reject {orderId} {reason}");

        public void OnFilled(long orderId, decimal quantity, decimal price, long timestamp) =>
            Events.Add(FormattableString.Invariant($"fill {orderId} {quantity} {price}"));

        public void OnDone(long orderId, decimal leavesQuantity, long timestamp) =>
            Events.Add(FormattableString.Invariant($"done {orderId} {leavesQuantity}"));
    }

    private sealed class CountingApplication : ApplicationBase
    {
        public int FromAppCount { get; private set; }

        public override void FromApp(FixMessage message, SessionId sessionId) => FromAppCount++;
    }
}
