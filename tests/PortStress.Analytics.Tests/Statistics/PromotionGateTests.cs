using PortStress.Analytics.Statistics;
using PortStress.Analytics.Synthetic;

namespace PortStress.Analytics.Tests.Statistics;

public sealed class PromotionGateTests
{
    private static readonly long Day = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000;
    private const long DayMicros = 86_400_000_000;

    private static PromotionGateOptions Options(double tolerance = 0) => new()
    {
        CompletionTolerance = tolerance,
        Bootstrap = new BootstrapOptions { Replicates = 400, Seed = 5 },
    };

    [Fact]
    public void Promotes_when_the_controller_cuts_the_tail_and_completion_holds()
    {
        var (shadow, controlled) = Arms(tailFactor: 0.2);

        var decision = PromotionGate.Decide(shadow, controlled, Options());

        decision.Promote.Should().BeTrue(decision.ToString());
        decision.TailChange.Upper.Should().BeLessThan(0);
        decision.CompletionChange.Estimate.Should().BeApproximately(0, 0.01);
        decision.Reasons[0].Should().StartWith("Promote");
        decision.Reasons.Should().Contain(r => r.StartsWith("Tail cost falls", StringComparison.Ordinal));
        decision.Reasons.Should().Contain(r => r.StartsWith("Completion does not regress", StringComparison.Ordinal));
        decision.Matching.Should().NotBeNull();
        decision.ShadowWindows.Should().BeGreaterThanOrEqualTo(10);
    }

    [Fact]
    public void Does_not_promote_when_completion_regresses_even_if_the_tail_falls()
    {
        var (shadow, controlled) = Arms(tailFactor: 0.2, fillFactor: 0.85);

        var decision = PromotionGate.Decide(shadow, controlled, Options());

        decision.Promote.Should().BeFalse();
        decision.TailChange.Upper.Should().BeLessThan(0, "the tail still falls; completion alone blocks");
        decision.CompletionChange.Estimate.Should().BeLessThan(-0.05);
        decision.Reasons[0].Should().Be("Do not promote: completion regresses.");
        decision.Reasons.Should().Contain(r => r.StartsWith("Completion regresses", StringComparison.Ordinal));
    }

    [Fact]
    public void A_small_completion_loss_within_the_tolerance_does_not_block()
    {
        var (shadow, controlled) = Arms(tailFactor: 0.2, fillFactor: 0.99);

        PromotionGate.Decide(shadow, controlled, Options()).Promote.Should().BeFalse("the default tolerance is zero");
        PromotionGate.Decide(shadow, controlled, Options(tolerance: 0.02)).Promote.Should().BeTrue();
    }

    [Fact]
    public void Does_not_promote_when_the_tail_interval_straddles_zero()
    {
        var (shadow, controlled) = Arms(tailFactor: 1.0, parents: 300);

        // A generous completion tolerance, so that the tail alone decides.
        var decision = PromotionGate.Decide(shadow, controlled, Options(tolerance: 0.05));

        decision.Promote.Should().BeFalse();
        decision.TailChange.Lower.Should().BeLessThan(0);
        decision.TailChange.Upper.Should().BeGreaterThan(0);
        decision.Reasons[0].Should().Be("Do not promote: no tail improvement that excludes zero.");
    }

    [Fact]
    public void Only_out_of_sample_windows_count_and_too_few_refuse_a_verdict()
    {
        var (shadow, controlled) = Arms(tailFactor: 0.2);
        var options = Options();
        options.EvaluationStartMicros = Day + (2 * DayMicros) + (19L * 3_600_000_000);

        var decision = PromotionGate.Decide(shadow, controlled, options);

        decision.Promote.Should().BeFalse();
        decision.InSampleExcluded.Should().BeGreaterThan(shadow.Count);
        decision.Reasons.Should().ContainSingle().Which.Should().StartWith("Not enough out-of-sample evidence");
    }

    [Fact]
    public void Unmatched_comparison_is_available_and_reported_alongside()
    {
        var (shadow, controlled) = Arms(tailFactor: 0.2);
        var options = Options();
        options.MatchArms = false;

        var decision = PromotionGate.Decide(shadow, controlled, options);

        decision.Matching.Should().BeNull();
        decision.TailChange.Should().Be(decision.RawTailChange);
        decision.Promote.Should().BeTrue();
    }

    /// <summary>
    /// The controller does nothing, but the controlled arm ran on a calmer day: its stressed children cost less
    /// because the market was quieter. The raw comparison credits the controller; matching the arms on the market
    /// covariates does not.
    /// </summary>
    [Fact]
    public void Matching_the_arms_keeps_a_calmer_evaluation_day_from_passing_for_an_effect()
    {
        var (shadow, controlled) = Arms(tailFactor: 1.0, parents: 1500, controlledVolatility: 0.8);
        var raw = Options(tolerance: 0.05);
        raw.MatchArms = false;

        var unmatched = PromotionGate.Decide(shadow, controlled, raw);
        var matched = PromotionGate.Decide(shadow, controlled, Options(tolerance: 0.05));

        unmatched.TailChange.Upper.Should().BeLessThan(0, "a calmer day looks like a tail improvement");
        unmatched.Promote.Should().BeTrue();
        matched.Promote.Should().BeFalse(matched.ToString());
        matched.TailChange.Contains(0).Should().BeTrue();
    }

    /// <summary>Shadow on day 1, control on day 2 (different seeds, so different markets), same desk otherwise.</summary>
    private static (List<ChildCost> Shadow, List<ChildCost> Controlled) Arms(double tailFactor, double fillFactor = 1, int parents = 1500,
        double controlledVolatility = 1)
    {
        var shadow = SyntheticChildren.Generate(new SyntheticOptions { Seed = 21, Parents = parents, DayMicros = Day });
        var controlled = SyntheticChildren.Generate(new SyntheticOptions
        {
            Seed = 22,
            Parents = parents,
            DayMicros = Day + DayMicros,
            FirstOrderId = 10_000_000,
            FirstParentId = 1_000_000,
            Controlled = true,
            ControlledTailFactor = tailFactor,
            ControlledFillFactor = fillFactor,
            VolatilityLevel = controlledVolatility,
        });
        return (shadow.Children.ToList(), controlled.Children.ToList());
    }
}
