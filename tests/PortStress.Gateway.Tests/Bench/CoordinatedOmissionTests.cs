using PortStress.Gateway.Bench;

namespace PortStress.Gateway.Tests.Bench;

/// <summary>
/// The probe's latency against a synthetic schedule: orders due every 100 ticks, a server that takes 10 ticks
/// each, and one stall at the start. The sender is held up by the stall too (it sends overdue orders as
/// soon as it can), which is exactly what hides the stall from a naive send-to-ack measurement.
/// </summary>
public sealed class CoordinatedOmissionTests
{
    private const long Interval = 100;
    private const long Service = 10;
    private const int Orders = 1_000;

    [Fact]
    public void A_stall_is_charged_to_every_order_queued_behind_it_as_a_linear_ramp()
    {
        const long Stall = 10_000;
        var (corrected, uncorrected) = Run(Stall);

        // The server answers back to back from the end of the stall (order k at Stall + (k + 1) * Service) until it
        // has caught up with the schedule, so each order is (Interval - Service) ticks less late than the one before.
        for (var k = 0; k < Orders; k++)
        {
            corrected[k].Should().Be(Math.Max(Service, Stall + ((k + 1) * Service) - (k * Interval)), $"order {k} was due at {k * Interval}");
        }

        corrected.Count(latency => latency > Service).Should().Be((int)(Stall / (Interval - Service)) + 1);

        // Measured from the actual (late) send instead, the stall all but disappears: the worst is the backlog of
        // orders due during the stall, sent at its end and answered one after another.
        uncorrected.Max().Should().Be(((Stall / Interval) + 1) * Service);
        corrected.Max().Should().Be(Stall + Service);
    }

    [Fact]
    public void Twice_the_stall_makes_twice_as_many_slow_samples_and_a_tail_twice_as_long()
    {
        var (shortStall, _) = Run(10_000);
        var (longStall, _) = Run(20_000);
        static int Slow(long[] samples) => samples.Count(latency => latency > 2 * Service);

        // Each queued order is (Interval - Service) ticks less late than the one before it.
        Slow(shortStall).Should().BeCloseTo((int)(10_000 / (Interval - Service)), 1);
        Slow(longStall).Should().BeCloseTo((int)(20_000 / (Interval - Service)), 1);
        Summary(longStall).P99.Should().BeGreaterThan(1.9 * Summary(shortStall).P99);
    }

    [Fact]
    public void Without_a_stall_latency_is_the_service_time()
    {
        var (corrected, uncorrected) = Run(0);
        corrected.Should().OnlyContain(latency => latency == Service);
        uncorrected.Should().OnlyContain(latency => latency == Service);
    }

    private static LatencySummary Summary(long[] samples)
    {
        var recorder = new LatencyRecorder(samples.Length);
        foreach (var sample in samples)
        {
            recorder.Record(0, sample);
        }

        return recorder.Summarize(ticksPerSecond: 1_000_000);
    }

    /// <summary>Drives the probe with fake timestamps; returns the corrected and uncorrected samples in order.</summary>
    private static (long[] Corrected, long[] Uncorrected) Run(long stall)
    {
        var probe = new RoundTripProbe(window: Orders);
        var corrected = new LatencyRecorder(Orders);
        var uncorrected = new LatencyRecorder(Orders);
        var schedule = new FixedRateSchedule(StartTicks: 0, IntervalTicks: Interval);
        probe.BeginLatencyPhase(firstIndex: 0, schedule, corrected, uncorrected);
        long serverFree = stall;
        for (var k = 0; k < Orders; k++)
        {
            var intended = schedule.IntendedAt(k);
            var sent = Math.Max(intended, stall);
            probe.StampSend(k, sent);
            probe.CommitSend();
            var acknowledged = Math.Max(sent, serverFree) + Service;
            serverFree = acknowledged;
            probe.Acknowledge(k, acknowledged);
        }

        probe.Acknowledged.Should().Be(Orders);
        return (corrected.Samples.ToArray(), uncorrected.Samples.ToArray());
    }
}
