using PortStress.Execution;
using PortStress.Fix.Engine;
using PortStress.Gateway.Routing;
using PortStress.Testing;

namespace PortStress.Gateway.Tests.Routing;

public sealed class OrderJournalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("journal-").FullName;

    private string JournalPath => Path.Combine(_dir, "orders.journal");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Sent_and_reported_events_ride_with_the_next_state_event_or_follow_within_the_flush_interval()
    {
        using var journal = new OrderJournal(JournalPath);
        var order = new RoutedOrder(7, new SessionId("FIX.4.4", "GW", "OMS"), "OMS-1", "XNAS", "MSFT", OrderSide.Buy, 10, 10.5m);
        journal.New(order);
        Lines().Should().HaveCount(2, "start and new are written through");

        journal.Sent(7, "S1");
        journal.Reported(7, 1);
        Lines().Should().HaveCount(2, "sent and reported wait for the next written-through event");

        order.Status = '0';
        journal.Status(order);
        Lines().Select(Kind).Should().Equal("start", "new", "sent", "rep", "status");

        journal.Reported(7, 2);
        await Eventually.WaitFor(() => Lines().Length == 6, "the deferred event written on its own", 5_000);

        journal.Reported(7, 2);
        journal.Dispose();
        var replayed = OrderJournal.Replay(JournalPath).Orders[7];
        replayed.Sent.Should().BeTrue();
        replayed.ReportedVersion.Should().Be(2);
        replayed.Status.Should().Be('0');
        Lines().Should().HaveCount(7, "dispose writes what is deferred");
    }

    [Fact]
    public void A_fill_ExecID_is_counted_once_however_many_fills_the_order_has()
    {
        var order = new RoutedOrder(7, new SessionId("FIX.4.4", "GW", "OMS"), "OMS-1", "XNAS", "MSFT", OrderSide.Buy, 10, 10.5m);

        order.AddFillExecId("E1").Should().BeTrue();
        order.AddFillExecId("E1").Should().BeFalse();
        order.AddFillExecId("E2").Should().BeTrue();
        order.AddFillExecId("E1").Should().BeFalse();
        order.AddFillExecId("E2").Should().BeFalse();
        order.AddFillExecId("E3").Should().BeTrue();
        order.FillExecIdCount.Should().Be(3);
    }

    private static string Kind(string line) => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("e").GetString()!;

    private string[] Lines()
    {
        using var stream = new FileStream(JournalPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
