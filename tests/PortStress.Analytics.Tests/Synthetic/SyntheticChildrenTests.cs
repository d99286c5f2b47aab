using PortStress.Analytics.Synthetic;

namespace PortStress.Analytics.Tests.Synthetic;

public sealed class SyntheticChildrenTests
{
    [Fact]
    public void Same_seed_gives_the_same_children_and_another_seed_does_not()
    {
        var a = SyntheticChildren.Generate(new SyntheticOptions { Seed = 4, Parents = 50 });
        var b = SyntheticChildren.Generate(new SyntheticOptions { Seed = 4, Parents = 50 });
        var c = SyntheticChildren.Generate(new SyntheticOptions { Seed = 5, Parents = 50 });

        a.Children.Should().Equal(b.Children);
        a.Truth.Should().Be(b.Truth);
        c.Children.Select(x => x.ShortfallBps).Should().NotEqual(a.Children.Select(x => x.ShortfallBps));
    }

    [Fact]
    public void Injected_effect_is_the_configured_mean_plus_the_expected_tail_and_stress_follows_volatility()
    {
        var options = new SyntheticOptions { Seed = 7, Parents = 3000 };
        var sample = SyntheticChildren.Generate(options);
        var children = sample.Children;

        var expected = options.InjectedMeanBps + (options.InjectedTailProbability * options.InjectedTailMeanBps);
        sample.Truth.MeanEffectBps.Should().BeApproximately(expected, 0.5);
        sample.Truth.Q95EffectBps.Should().BeGreaterThan(sample.Truth.MeanEffectBps, "the tail cost is heavier than the mean shift");
        sample.Truth.Stressed.Should().Be(children.Count(c => c.Stressed));
        children.Count(c => c.Stressed).Should().BeInRange(children.Count / 6, children.Count / 3);

        // The confounding: stressed children sit in more volatile markets.
        var volatileStressed = children.Where(c => c.Stressed).Average(c => c.VolatilityBps);
        var calmBaseline = children.Where(c => !c.Stressed).Average(c => c.VolatilityBps);
        volatileStressed.Should().BeGreaterThan(calmBaseline + 5);
    }

    [Fact]
    public void Shadow_runs_apply_green_and_controlled_runs_apply_the_decided_state()
    {
        var shadow = SyntheticChildren.Generate(new SyntheticOptions { Seed = 1, Parents = 100 });
        var controlled = SyntheticChildren.Generate(new SyntheticOptions { Seed = 1, Parents = 100, Controlled = true, ControlledTailFactor = 0 });

        shadow.Children.Should().OnlyContain(c => c.Shadow && c.AppliedState == "GREEN" && c.Stressed == (c.DecidedState != "GREEN"));
        controlled.Children.Should().OnlyContain(c => !c.Shadow && c.AppliedState == c.DecidedState);
        controlled.Truth.MeanEffectBps.Should().BeApproximately(3, 1e-9, "with the tail removed only the injected mean remains");
    }

    [Fact]
    public void Ids_start_where_asked_and_unfilled_children_have_no_markout()
    {
        var sample = SyntheticChildren.Generate(new SyntheticOptions { Seed = 2, Parents = 200, FirstOrderId = 500, FirstParentId = 90 });

        sample.Children[0].OrderId.Should().Be(500);
        sample.Children[0].ParentId.Should().Be(90);
        sample.Children.Select(c => c.OrderId).Should().OnlyHaveUniqueItems();
        sample.Children.Where(c => c.FilledQuantity == 0).Should().OnlyContain(c => double.IsNaN(c.Markout1sBps));
        sample.Children.Where(c => c.FilledQuantity > 0).Should().OnlyContain(c => double.IsFinite(c.Markout60sBps));
    }
}
