using PortStress.Gateway.Bench;

namespace PortStress.Gateway.Tests.Bench;

public sealed class LatencyRecorderTests
{
    [Fact]
    public void Percentiles_are_nearest_rank_in_microseconds()
    {
        var recorder = new LatencyRecorder(1000);
        foreach (var i in Enumerable.Range(1, 1000).Reverse())
        {
            recorder.Record(100, 100 + i);
        }

        var summary = recorder.Summarize(ticksPerSecond: 1_000_000);
        summary.Count.Should().Be(1000);
        summary.P50.Should().Be(500);
        summary.P99.Should().Be(990);
        summary.P999.Should().Be(999);
        summary.Max.Should().Be(1000);
    }

    [Fact]
    public void Ticks_convert_with_the_given_frequency()
    {
        var recorder = new LatencyRecorder(1);
        recorder.Record(0, 2_500);
        recorder.Summarize(ticksPerSecond: 1_000_000_000).P50.Should().Be(2.5);
    }

    [Fact]
    public void Samples_beyond_the_capacity_are_counted_as_dropped()
    {
        var recorder = new LatencyRecorder(2);
        recorder.Record(0, 1);
        recorder.Record(0, 2);
        recorder.Record(0, 3);
        recorder.Count.Should().Be(2);
        recorder.Dropped.Should().Be(1);
        recorder.Summarize(1_000_000).Max.Should().Be(2);
    }

    [Fact]
    public void An_empty_recorder_summarizes_to_not_a_number()
    {
        var summary = new LatencyRecorder(4).Summarize(1_000_000);
        summary.Count.Should().Be(0);
        double.IsNaN(summary.P50).Should().BeTrue();
    }

    [Fact]
    public void A_fractional_interval_keeps_the_schedule_exact()
    {
        var schedule = FixedRateSchedule.PerSecond(startTicks: 1_000, ratePerSecond: 3, ticksPerSecond: 10);
        schedule.IntendedAt(0).Should().Be(1_000);
        schedule.IntendedAt(1).Should().Be(1_003);
        schedule.IntendedAt(3).Should().Be(1_010);
        schedule.IntendedAt(300).Should().Be(2_000);
    }
}
