using PortStress.Execution.Gate;

namespace PortStress.Execution.Tests.Gate;

public sealed class LaunchTimerWheelTests
{
    [Fact]
    public void Each_entry_comes_out_at_the_first_tick_at_or_after_its_due_time_also_after_more_than_one_turn()
    {
        const long tick = 10_000;
        const long start = 639_311_274_000_000_000L;
        var wheel = new LaunchTimerWheel(16, tick, start);
        var random = new Random(5);
        var dues = new Dictionary<GateOrder, long>();
        for (var i = 0; i < 500; i++)
        {
            var order = new GateOrder();
            var due = start + random.NextInt64(0, 40 * tick); // up to 2.5 turns of a 16-slot wheel
            dues[order] = due;
            wheel.Add(order, due);
        }
        var expired = new List<GateOrder>();
        for (var t = 1; t <= 41; t++)
        {
            var now = start + (t * tick);
            wheel.Advance(now, expired);
            foreach (var order in expired)
            {
                dues[order].Should().BeLessThanOrEqualTo(now);
                dues[order].Should().BeGreaterThan(now - tick);
                dues.Remove(order);
            }
            expired.Clear();
        }
        dues.Should().BeEmpty();
        wheel.Count.Should().Be(0);
    }

    [Fact]
    public void A_clock_that_jumps_more_than_a_turn_releases_everything_due()
    {
        var wheel = new LaunchTimerWheel(16, 10, 1000);
        var orders = Enumerable.Range(0, 50).Select(_ => new GateOrder()).ToList();
        for (var i = 0; i < orders.Count; i++)
            wheel.Add(orders[i], 1000 + (i * 7));
        var expired = new List<GateOrder>();
        wheel.Advance(1000 + 1000, expired);

        expired.Should().HaveCount(50);
        wheel.Count.Should().Be(0);
    }
}
