using PortStress.Analytics.Statistics;
using PortStress.Analytics.Synthetic;

namespace PortStress.Analytics.Tests.Statistics;

public sealed class InteractionModelsTests
{
    private static readonly BootstrapOptions Bootstrap = new() { Replicates = 400, RefitReplicates = 60, Seed = 8, MaxRowsPerRefit = 100_000 };

    /// <summary>
    /// A location-shift model: IS = 5 + 2·urgency + 4·stressed + 3·urgency·stressed + parent effect + noise, the
    /// error's law the same in every cell, so the mean and every quantile regression share the slopes (2, 4, 3) and
    /// only the intercept moves (to 5 + the error's 95th percentile).
    /// </summary>
    [Fact]
    public void Mean_and_tail_models_recover_known_slopes_and_the_interaction()
    {
        var children = LocationShift(seed: 4, parents: 1500);

        var result = InteractionModels.Fit(children, Bootstrap);

        result.Mean.Select(c => c.Term).Should().Equal(InteractionModelResult.Terms);
        double[] slopes = [2, 4, 3];
        for (var j = 1; j < 4; j++)
        {
            result.Mean[j].Value.Contains(slopes[j - 1]).Should().BeTrue($"mean {result.Mean[j].Term} {result.Mean[j].Value}");
            result.Tail[j].Value.Contains(slopes[j - 1]).Should().BeTrue($"q95 {result.Tail[j].Term} {result.Tail[j].Value}");
        }
        result.Mean[0].Value.Contains(5).Should().BeTrue();
        result.Tail[0].Value.Estimate.Should().BeGreaterThan(result.Mean[0].Value.Estimate + 10, "the 95th percentile sits well above the mean");
        result.ByUrgency.Select(e => e.Mean.Contains(4 + (3 * e.Urgency))).Should().AllBeEquivalentTo(true);
        result.ByUrgency.Select(e => e.Tail.Contains(4 + (3 * e.Urgency))).Should().AllBeEquivalentTo(true);
        result.TailRefitClusters.Should().Be(result.Clusters);
    }

    [Fact]
    public void Cluster_robust_errors_agree_with_the_parent_bootstrap()
    {
        var result = InteractionModels.Fit(LocationShift(seed: 6, parents: 800), Bootstrap);

        foreach (var c in result.Mean)
        {
            var bootstrapSe = c.Value.Width / (2 * 1.96);
            c.ClusterRobustStandardError.Should().BeInRange(0.75 * bootstrapSe, 1.33 * bootstrapSe, c.Term);
        }
    }

    /// <summary>
    /// Large data: each tail replicate refits on proportionally fewer parents and the interval is rescaled; it still
    /// covers the truth and is about as wide as the full-size bootstrap's.
    /// </summary>
    [Fact]
    public void Large_data_refit_on_fewer_parents_and_rescale_the_tail_intervals()
    {
        var children = LocationShift(seed: 4, parents: 1000);
        var capped = new BootstrapOptions { Replicates = 400, RefitReplicates = 60, Seed = 8, MaxRowsPerRefit = 4000 };

        var full = InteractionModels.Fit(children, Bootstrap);
        var subsampled = InteractionModels.Fit(children, capped);

        subsampled.TailRefitClusters.Should().BeLessThan(subsampled.Clusters / 3);
        subsampled.Tail[3].Value.Estimate.Should().Be(full.Tail[3].Value.Estimate);
        subsampled.Tail[3].Value.Contains(3).Should().BeTrue();
        subsampled.Tail[3].Value.Width.Should().BeInRange(0.6 * full.Tail[3].Value.Width, 1.6 * full.Tail[3].Value.Width);
    }

    [Fact]
    public void Injected_urgency_interaction_in_the_synthetic_desk_is_recovered_by_the_mean_model()
    {
        var sample = SyntheticChildren.Generate(new SyntheticOptions { Seed = 12, Parents = 1000, InjectedPerUrgencyBps = 2, InjectedTailProbability = 0 });

        var result = InteractionModels.Fit(sample.Children, Bootstrap);

        result.Mean[3].Value.Contains(2).Should().BeTrue($"{result.Mean[3].Value}");
        result.Mean[3].Value.ExcludesZero.Should().BeTrue();
    }

    [Fact]
    public void Too_little_variation_is_refused()
    {
        var children = LocationShift(seed: 1, parents: 20).Where(c => !c.Stressed).ToList();

        var act = () => InteractionModels.Fit(children, Bootstrap);

        act.Should().Throw<ArgumentException>();
    }

    internal static List<ChildCost> LocationShift(int seed, int parents)
    {
        var sample = SyntheticChildren.Generate(new SyntheticOptions { Seed = seed, Parents = parents, StressLogOdds = -0.5 });
        var random = new Random(seed);
        var parentEffect = new Dictionary<long, double>();
        return sample.Children.Select(c =>
        {
            if (!parentEffect.TryGetValue(c.ParentId, out var effect))
                parentEffect[c.ParentId] = effect = 4 * Normal(random);
            var s = c.Stressed ? 1 : 0;
            var cost = 5 + (2 * c.Urgency) + (4 * s) + (3 * c.Urgency * s) + effect + (6 * Normal(random));
            return c with { ShortfallBps = cost };
        }).ToList();
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
