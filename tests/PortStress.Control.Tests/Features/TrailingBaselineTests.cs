using PortStress.Control.Features;

namespace PortStress.Control.Tests.Features;

public class TrailingBaselineTests
{
    [Fact]
    public void Relative_is_zero_until_warm_then_value_over_baseline()
    {
        var baseline = new TrailingBaseline(alpha: 0.1, minimumSamples: 3, clamp: 2, floor: 0);
        baseline.Learn(0.010);
        baseline.Relative(0.020).Should().Be(0);
        baseline.Learn(0.010);
        baseline.Learn(0.010);
        baseline.IsWarm.Should().BeTrue();
        baseline.Relative(0.020).Should().BeApproximately(2, 1e-12);
        baseline.Relative(double.NaN).Should().Be(0, "an empty window is unknown, not zero latency");
    }

    [Fact]
    public void A_spike_counts_for_at_most_the_clamp_times_the_baseline()
    {
        var baseline = new TrailingBaseline(alpha: 0.5, minimumSamples: 1, clamp: 2, floor: 0);
        baseline.Learn(0.010);
        baseline.Learn(10.0);
        baseline.Value.Should().BeApproximately(0.010 + 0.5 * (0.020 - 0.010), 1e-12, "10 s counts as 2 x 10 ms");
    }

    [Fact]
    public void The_floor_keeps_tiny_loopback_latencies_from_reading_as_growth()
    {
        var baseline = new TrailingBaseline(alpha: 0.1, minimumSamples: 1, clamp: 2, floor: 0.0002);
        baseline.Learn(0.00005);
        baseline.Relative(0.0001).Should().BeApproximately(0.5, 1e-12, "100 µs over a 200 µs floor, not 2x a 50 µs baseline");
    }

    [Fact]
    public void A_seed_counts_as_learned()
    {
        var baseline = new TrailingBaseline(alpha: 0.1, minimumSamples: 20, clamp: 2, floor: 0, seed: 0.004);
        baseline.IsWarm.Should().BeTrue();
        baseline.Relative(0.008).Should().BeApproximately(2, 1e-12);
    }

    [Fact]
    public void Alpha_follows_the_half_life()
    {
        var alpha = TrailingBaseline.AlphaFor(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
        var baseline = new TrailingBaseline(alpha, 1, 1000, 0);
        baseline.Learn(1);
        for (var i = 0; i < 40; i++)
            baseline.Learn(3); // 40 ticks of 250 ms = one half-life
        baseline.Value.Should().BeApproximately(2, 1e-9, "half the way from 1 to 3 after one half-life");
    }
}
