using PortStress.Gateway.Bench;

namespace PortStress.Gateway.Tests.Bench;

public sealed class RoundTripProbeTests
{
    [Fact]
    public void Acknowledgements_in_order_count_once_each()
    {
        var probe = Sent(3);
        probe.Acknowledge(0, 10);
        probe.Acknowledge(1, 11);
        probe.InFlight.Should().Be(1);
        probe.Acknowledge(2, 12);
        (probe.Acknowledged, probe.Duplicates, probe.Missing, probe.InFlight).Should().Be((3L, 0L, 0L, 0L));
    }

    [Fact]
    public void A_second_acknowledgement_of_an_order_is_a_duplicate()
    {
        var probe = Sent(2);
        probe.Acknowledge(0, 10);
        probe.Acknowledge(0, 11);
        probe.Acknowledge(1, 12);
        (probe.Acknowledged, probe.Duplicates, probe.Missing).Should().Be((2L, 1L, 0L));
    }

    [Fact]
    public void An_acknowledgement_that_skips_orders_counts_them_missing()
    {
        var probe = Sent(5);
        probe.Acknowledge(0, 10);
        probe.Acknowledge(3, 11);
        (probe.Acknowledged, probe.Missing).Should().Be((4L, 2L));
    }

    [Fact]
    public void Orders_before_the_latency_phase_are_not_recorded()
    {
        var probe = Sent(4);
        var corrected = new LatencyRecorder(4);
        var uncorrected = new LatencyRecorder(4);
        probe.Acknowledge(0, 5);
        probe.Acknowledge(1, 6);
        probe.BeginLatencyPhase(firstIndex: 2, new FixedRateSchedule(1_000, 50), corrected, uncorrected);
        probe.Acknowledge(2, 1_020);
        probe.Acknowledge(3, 1_090);
        probe.EndLatencyPhase();
        corrected.Samples.ToArray().Should().Equal(20, 40);
    }

    private static RoundTripProbe Sent(int count)
    {
        var probe = new RoundTripProbe(window: 8);
        for (var i = 0; i < count; i++)
        {
            probe.StampSend(i, i);
            probe.CommitSend();
        }

        return probe;
    }
}
