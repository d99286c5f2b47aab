using PortStress.Control;
using PortStress.Execution.Gate;
using PortStress.Testing;

namespace PortStress.Execution.Tests.Gate;

public sealed class GateAllocationTests
{
    [Fact]
    public void Green_submit_send_ack_and_done_allocate_nothing_after_warm_up()
    {
        using var h = new GateHarness(quiet: true);
        var intents = Enumerable.Range(0, 256).Select(_ => h.Intent()).ToArray();
        Run(h, intents); // warm-up: JIT, pools, dictionary entries
        var rounds = 1;
        var allocated = Allocations.LeastPerRound(() =>
        {
            rounds++;
            Run(h, intents);
        });

        allocated.Should().Be(0);
        h.Session.Count.Should().Be(rounds * 256);
    }

    [Fact]
    public void A_paced_venue_with_permits_to_spare_allocates_nothing_per_order()
    {
        using var h = new GateHarness(o => o.Venues["XNAS"] = new VenueGateOptions { MessagesPerSecond = 1_000_000, MessageBurst = 100_000 }, quiet: true);
        var intents = Enumerable.Range(0, 256).Select(_ => h.Intent()).ToArray();
        Run(h, intents);
        var rounds = 1;
        var allocated = Allocations.LeastPerRound(() =>
        {
            rounds++;
            Run(h, intents);
        });

        allocated.Should().Be(0);
        h.Gate.HeldCount.Should().Be(0);
        h.Session.Count.Should().Be(rounds * 256);
    }

    [Fact]
    public void Yellow_admission_into_the_wheel_allocates_nothing_after_warm_up()
    {
        using var h = new GateHarness(o => o.Capacity = 2048, quiet: true);
        h.Publish(StressState.Yellow, GateHarness.Yellow);
        var warmUp = Enumerable.Range(0, 256).Select(_ => h.Intent()).ToArray();
        var measured = Enumerable.Range(0, 5).Select(_ => Enumerable.Range(0, 256).Select(_ => h.Intent()).ToArray()).ToArray();
        Admit(h, warmUp);
        h.Advance(TimeSpan.FromMilliseconds(51));
        Done(h, warmUp);
        Admit(h, warmUp); // the timer is armed now and stays armed while these wait
        var rounds = 0;
        var allocated = Allocations.LeastPerRound(() => Admit(h, measured[rounds++]), rounds: measured.Length);

        allocated.Should().Be(0);
        h.Gate.HeldCount.Should().BeGreaterThan((rounds + 1) * 200, "nearly all wait for their jitter (more than 400 of 512 when one round is measured)");
        h.Advance(TimeSpan.FromMilliseconds(51));
        h.Session.Count.Should().Be((rounds + 2) * 256);
    }

    private static void Run(GateHarness h, ChildOrderIntent[] intents)
    {
        var now = h.Time.GetTimestamp();
        foreach (var intent in intents)
        {
            h.Gate.Submit(intent, null);
            h.Gate.OnAcknowledged(intent.OrderId, now);
            h.Gate.OnDone(intent.OrderId, 0, now);
        }
    }

    private static void Admit(GateHarness h, ChildOrderIntent[] intents)
    {
        foreach (var intent in intents)
            h.Gate.Submit(intent, null);
    }

    private static void Done(GateHarness h, ChildOrderIntent[] intents)
    {
        var now = h.Time.GetTimestamp();
        foreach (var intent in intents)
            h.Gate.OnDone(intent.OrderId, 0, now);
    }
}
