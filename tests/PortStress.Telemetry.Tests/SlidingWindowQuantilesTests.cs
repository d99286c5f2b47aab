using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using PortStress.Telemetry.Signals;
using PortStress.Testing;

namespace PortStress.Telemetry.Tests;

public class SlidingWindowQuantilesTests
{
    private static readonly double[] Quantiles = [0, 0.5, 0.9, 0.95, 0.99, 0.999, 1];

    private static double Exact(double[] sorted, double q) => sorted[(int)Math.Floor(q * (sorted.Length - 1))];

    [Fact]
    public void Quantiles_are_within_one_percent_of_exact_sorting_on_a_heavy_tail()
    {
        var time = new FakeTimeProvider();
        var estimator = new SlidingWindowQuantiles(TimeSpan.FromSeconds(60), 6, time.TimestampFrequency);
        var random = new Random(42);
        var values = new double[50_000];
        for (var i = 0; i < values.Length; i++)
        {
            // log-normal around 300 µs with occasional multi-second stalls
            values[i] = Math.Exp(Math.Log(300e-6) + (1.5 * Gaussian(random))) * (random.Next(100) == 0 ? 1000 : 1);
            estimator.Record(time.GetTimestamp(), values[i]);
        }
        Array.Sort(values);

        foreach (var q in Quantiles)
        {
            var exact = Exact(values, q);
            estimator.Quantile(time.GetTimestamp(), q).Should().BeApproximately(exact, exact * 0.01, $"q={q}");
        }
    }

    [Property(MaxTest = 200)]
    public bool Any_sample_is_answered_within_the_relative_accuracy(PositiveInt[] raw, NormalFloat q)
    {
        if (raw.Length == 0)
            return true;
        var quantile = Math.Abs(q.Get) % 1.0;
        var time = new FakeTimeProvider();
        var estimator = new SlidingWindowQuantiles(TimeSpan.FromSeconds(10), 5, time.TimestampFrequency);
        var values = raw.Select(v => v.Get * 1e-5).ToArray();
        foreach (var v in values)
            estimator.Record(time.GetTimestamp(), v);
        Array.Sort(values);
        var exact = Exact(values, quantile);
        return Math.Abs(estimator.Quantile(time.GetTimestamp(), quantile) - exact) <= exact * 0.01;
    }

    [Fact]
    public void Values_leave_with_their_sub_window()
    {
        var time = new FakeTimeProvider();
        var estimator = new SlidingWindowQuantiles(TimeSpan.FromSeconds(60), 6, time.TimestampFrequency);
        estimator.Record(time.GetTimestamp(), 5.0);
        time.Advance(TimeSpan.FromSeconds(30));
        estimator.Record(time.GetTimestamp(), 0.001);

        estimator.Quantile(time.GetTimestamp(), 1).Should().BeApproximately(5.0, 0.05);
        time.Advance(TimeSpan.FromSeconds(30));
        estimator.Count(time.GetTimestamp()).Should().Be(1);
        estimator.Quantile(time.GetTimestamp(), 1).Should().BeApproximately(0.001, 0.00001);
        time.Advance(TimeSpan.FromSeconds(30));
        estimator.Quantile(time.GetTimestamp(), 0.5).Should().Be(double.NaN);
    }

    [Fact]
    public void Recording_does_not_allocate()
    {
        var time = new FakeTimeProvider();
        var estimator = new SlidingWindowQuantiles(TimeSpan.FromSeconds(60), 6, time.TimestampFrequency);
        estimator.Record(time.GetTimestamp(), 1);
        Allocations.LeastPerRound(() =>
        {
            for (var i = 0; i < 10_000; i++)
                estimator.Record(time.GetTimestamp() + (i * 1000), i * 1e-6);
            _ = estimator.Quantile(time.GetTimestamp(), 0.99);
        }).Should().Be(0);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
