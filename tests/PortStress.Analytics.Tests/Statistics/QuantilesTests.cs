using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortStress.Analytics.Statistics.Internal;

namespace PortStress.Analytics.Tests.Statistics;

public sealed class QuantilesTests
{
    [Fact]
    public void Type_7_quantile_interpolates_between_order_statistics()
    {
        double[] sorted = [1, 2, 3, 4, 10];

        Quantiles.OfSorted(sorted, 0.5).Should().Be(3);
        Quantiles.OfSorted(sorted, 0.95).Should().BeApproximately(4 + (0.8 * 6), 1e-12);
        Quantiles.OfSorted(sorted, 1).Should().Be(10);
        Quantiles.OfSorted([], 0.5).Should().Be(double.NaN);
    }

    /// <summary>The multiplicity-weighted quantile equals the plain quantile of the expanded (duplicated) sample.</summary>
    [Property(MaxTest = 300)]
    public void Weighted_quantile_equals_the_quantile_of_the_expanded_sample(int seed, PositiveInt size, bool upper)
    {
        var random = new Random(seed);
        var n = Math.Min(size.Get, 60);
        var values = Enumerable.Range(0, n).Select(_ => Math.Round(random.NextDouble() * 100, 1)).ToArray();
        Array.Sort(values);
        var clusters = Enumerable.Range(0, n).Select(_ => random.Next(5)).ToArray();
        var multiplicity = Enumerable.Range(0, 5).Select(_ => random.Next(4)).ToArray();
        var q = upper ? 0.5 + (random.NextDouble() * 0.5) : random.NextDouble() * 0.5;

        var expanded = values.SelectMany((v, i) => Enumerable.Repeat(v, multiplicity[clusters[i]])).ToArray();
        var total = expanded.LongLength;
        var weighted = Quantiles.OfSortedWeighted(values, q, total, new ClusterWeight(clusters, multiplicity));

        if (total == 0)
            weighted.Should().Be(double.NaN);
        else
            weighted.Should().BeApproximately(Quantiles.OfSorted(expanded, q), 1e-9);
    }
}
