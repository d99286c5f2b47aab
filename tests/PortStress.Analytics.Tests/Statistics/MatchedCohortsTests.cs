using PortStress.Analytics.Statistics;
using PortStress.Analytics.Synthetic;

namespace PortStress.Analytics.Tests.Statistics;

public sealed class MatchedCohortsTests
{
    private static readonly MatchingOptions Options = new() { Bootstrap = new BootstrapOptions { Replicates = 400, Seed = 11 } };

    // One confounded sample shared by the tests that only read it (generation and matching are the slow part).
    private static readonly Lazy<(SyntheticSample Sample, MatchedCohortResult Result)> Confounded = new(() =>
    {
        var sample = SyntheticChildren.Generate(new SyntheticOptions { Seed = 3, Parents = 2000 });
        return (sample, MatchedCohorts.Estimate(sample.Children, Options));
    });

    /// <summary>
    /// The validation on known truth. Stress is likelier when volatility is high and cost grows with
    /// volatility, so the naive difference is biased upwards and its interval misses the injected effect; the matched
    /// estimate's interval covers it. If matching were removed (or made blind to the propensity) the matched estimate
    /// would be the naive one and this test fails on the first assertion.
    /// </summary>
    [Fact]
    public void Matched_estimate_recovers_the_injected_effect_where_the_naive_difference_does_not()
    {
        var (sample, result) = Confounded.Value;
        var truth = sample.Truth;

        result.MeanEffect.Contains(truth.MeanEffectBps).Should().BeTrue($"matched mean {result.MeanEffect} should cover the injected {truth.MeanEffectBps:0.00}");
        result.TailEffect.Contains(truth.Q95EffectBps).Should().BeTrue($"matched q95 {result.TailEffect} should cover the injected {truth.Q95EffectBps:0.00}");

        result.NaiveMeanEffect.Contains(truth.MeanEffectBps).Should().BeFalse($"naive mean {result.NaiveMeanEffect} is confounded");
        result.NaiveMeanEffect.Lower.Should().BeGreaterThan(truth.MeanEffectBps, "confounding by volatility inflates the naive difference");
        result.NaiveTailEffect.Lower.Should().BeGreaterThan(truth.Q95EffectBps);
        result.MeanEffect.ExcludesZero.Should().BeTrue("the injected cost is real");
    }

    [Fact]
    public void Matching_balances_every_covariate_below_a_tenth_of_an_SD()
    {
        var result = Confounded.Value.Result;

        var volatility = result.Balance.Single(b => b.Covariate == "volatility_bps");
        volatility.SmdBefore.Should().BeGreaterThan(0.5, "stress is likelier when volatility is high");
        result.Balance.Should().OnlyContain(b => Math.Abs(b.SmdAfter) < 0.1);
        result.IsBalanced().Should().BeTrue();
        result.Balance.Select(b => b.Covariate).Should().Contain(["spread_bps", "time_of_day_h", "log_clip_qty", "log_remaining_qty"]);
        result.Balance.Should().Contain(b => b.Covariate.StartsWith("symbol=", StringComparison.Ordinal));
    }

    [Fact]
    public void Pairs_share_venue_and_urgency_lie_within_the_caliper_and_use_each_control_once()
    {
        var (sample, result) = Confounded.Value;
        var byId = sample.Children.ToDictionary(c => c.OrderId);
        var counts = result.Counts;

        counts.MatchedPairs.Should().Be(result.Pairs.Count);
        (counts.MatchedPairs + counts.UnmatchedTreated).Should().Be(counts.Treated);
        counts.Treated.Should().Be(sample.Truth.Stressed);
        (counts.Treated + counts.Controls + counts.Excluded).Should().Be(counts.Children);
        counts.DistinctControls.Should().Be(counts.MatchedPairs, "matching is without replacement by default");
        counts.MatchedPairs.Should().BeGreaterThan(counts.Treated * 8 / 10, "the confounding is strong but overlap is wide");
        foreach (var pair in result.Pairs)
        {
            var t = byId[pair.TreatedOrderId];
            var c = byId[pair.ControlOrderId];
            t.Stressed.Should().BeTrue();
            c.Stressed.Should().BeFalse();
            (t.Venue, t.Urgency).Should().Be((c.Venue, c.Urgency));
            Math.Abs(pair.TreatedLogit - pair.ControlLogit).Should().BeLessThanOrEqualTo(result.Caliper);
        }
    }

    [Fact]
    public void Psmg_recovers_the_injected_markout_gap_at_every_horizon()
    {
        var (sample, result) = Confounded.Value;

        result.Markouts.Select(m => m.Horizon).Should().Equal("1s", "5s", "60s");
        foreach (var gap in result.Markouts)
        {
            gap.Pairs.Should().BeGreaterThan(1000);
            gap.Gap.Contains(sample.Truth.MarkoutGapBps).Should().BeTrue($"{gap.Horizon} gap {gap.Gap} should cover {sample.Truth.MarkoutGapBps}");
        }
    }

    /// <summary>
    /// Costs and the port tax share a per-parent part, so children of one parent are not independent: resampling
    /// parents must give wider intervals than resampling children as if they were (ParentId 0 makes every child its
    /// own cluster).
    /// </summary>
    [Fact]
    public void Intervals_resample_parents_and_are_wider_than_an_iid_bootstrap_when_parents_share_cost()
    {
        var sample = SyntheticChildren.Generate(new SyntheticOptions { Seed = 5, Parents = 400, MinChildren = 30, MaxChildren = 50, ParentEffectSdBps = 2, InjectedParentSdBps = 10, NoiseSdBps = 4 });
        var options = new MatchingOptions { Bootstrap = new BootstrapOptions { Replicates = 300, Seed = 2 } };

        var clustered = MatchedCohorts.Estimate(sample.Children, options);
        var iid = MatchedCohorts.Estimate(sample.Children.Select(c => c with { ParentId = 0 }).ToList(), options);

        iid.MeanEffect.Estimate.Should().BeApproximately(clustered.MeanEffect.Estimate, 1e-9, "the clustering changes intervals, not the matching");
        clustered.MeanEffect.Width.Should().BeGreaterThan(1.5 * iid.MeanEffect.Width);
        clustered.NaiveMeanEffect.Width.Should().BeGreaterThan(1.5 * iid.NaiveMeanEffect.Width);
    }

    [Fact]
    public void Same_data_and_seed_give_the_same_result()
    {
        var sample = SyntheticChildren.Generate(new SyntheticOptions { Seed = 9, Parents = 150 });
        var options = new MatchingOptions { Bootstrap = new BootstrapOptions { Replicates = 100, Seed = 4 } };

        var a = MatchedCohorts.Estimate(sample.Children, options);
        var b = MatchedCohorts.Estimate(sample.Children, options);

        a.MeanEffect.Should().Be(b.MeanEffect);
        a.TailEffect.Should().Be(b.TailEffect);
        a.Pairs.Should().Equal(b.Pairs);
    }

    [Fact]
    public void With_replacement_reuses_controls_and_matches_more_stressed_children_when_controls_are_scarce()
    {
        var sample = SyntheticChildren.Generate(new SyntheticOptions { Seed = 9, Parents = 300, StressLogOdds = 0 });
        var without = MatchedCohorts.Estimate(sample.Children, new MatchingOptions { Bootstrap = new BootstrapOptions { Replicates = 100 } });
        var with = MatchedCohorts.Estimate(sample.Children,
            new MatchingOptions { WithReplacement = true, Bootstrap = new BootstrapOptions { Replicates = 100 } });

        with.Counts.DistinctControls.Should().BeLessThan(with.Counts.MatchedPairs);
        with.Counts.MatchedPairs.Should().BeGreaterThan(without.Counts.MatchedPairs);
        with.IsBalanced().Should().BeTrue();
    }

    [Fact]
    public void Children_without_a_finite_cost_are_left_out_and_one_group_alone_is_refused()
    {
        var sample = SyntheticChildren.Generate(new SyntheticOptions { Seed = 2, Parents = 100 });
        var children = sample.Children.Select((c, i) => i % 10 == 0 ? c with { ShortfallBps = double.NaN } : c).ToList();
        var options = new MatchingOptions { Bootstrap = new BootstrapOptions { Replicates = 50 } };

        MatchedCohorts.Estimate(children, options).Counts.Excluded.Should().Be(children.Count(c => double.IsNaN(c.ShortfallBps)));
        var act = () => MatchedCohorts.Estimate(children.Where(c => c.Stressed).ToList(), options);
        act.Should().Throw<ArgumentException>();
    }
}
