using PortStress.Control.Classification;
using PortStress.Testing;

namespace PortStress.Control.Tests.Classification;

public class StressClassifierTests
{
    private static readonly ControlFeatures Calm = new() { ConnectLatencyRelative = 1, DecisionToSendRelative = 1 };

    [Fact]
    public void Default_coefficients_keep_a_calm_host_near_zero()
    {
        StressClassifier.Default.Probability(Calm).Should().BeLessThan(0.01);
        StressClassifier.Default.Probability(default).Should().BeLessThan(0.01, "unknown relative latencies read as 'at baseline'");
    }

    [Fact]
    public void One_strong_signal_or_several_moderate_ones_pass_one_half()
    {
        StressClassifier.Default.Probability(Calm with { PortPressure = 0.5 }).Should().BeGreaterThan(0.5);
        StressClassifier.Default.Probability(Calm with { ConnectFailureRatio = 0.2 }).Should().BeGreaterThan(0.5);
        StressClassifier.Default.Probability(Calm with { PortPressure = 0.25, TimeWaitRatio = 0.25, ConnectLatencyRelative = 2, RetryQueueDepth = 20 })
            .Should().BeGreaterThan(0.5);
        StressClassifier.Default.Probability(Calm with { PortPressure = 0.2 }).Should().BeLessThan(0.3);
    }

    [Fact]
    public void Probability_is_the_logistic_of_the_standardized_linear_score()
    {
        var options = new ClassifierOptions { Intercept = -1 };
        foreach (var input in Enum.GetValues<ClassifierInput>())
            options.SetCoefficient(input, new FeatureCoefficient());
        options.PortPressure = new FeatureCoefficient(0.1, 0.2, 2);
        options.RetryQueueDepth = new FeatureCoefficient(4, 2, -0.5);
        var classifier = new StressClassifier(options);
        var features = new ControlFeatures { PortPressure = 0.5, RetryQueueDepth = 10 };
        var z = -1 + 2 * (0.5 - 0.1) / 0.2 - 0.5 * (10 - 4) / 2.0;
        classifier.LogOdds(features).Should().BeApproximately(z, 1e-12);
        classifier.Probability(features).Should().BeApproximately(1 / (1 + Math.Exp(-z)), 1e-12);
    }

    [Theory]
    [InlineData(800, 1.0)]
    [InlineData(-800, 0.0)]
    [InlineData(0, 0.5)]
    public void Sigmoid_does_not_overflow(double z, double expected) =>
        StressClassifier.Sigmoid(z).Should().BeApproximately(expected, 1e-12);

    [Fact]
    public void A_zero_scale_is_refused()
    {
        var options = new ClassifierOptions();
        options.TimeWaitRatio.Scale = 0;
        var act = () => new StressClassifier(options);
        act.Should().Throw<ArgumentException>().WithMessage("*TimeWaitRatio*scale*");
    }

    [Fact]
    public void Scoring_allocates_nothing()
    {
        var features = Calm with { PortPressure = 0.4 };
        StressClassifier.Default.Probability(features);
        var sum = 0.0;
        Allocations.LeastPerRound(() =>
        {
            for (var i = 0; i < 1000; i++)
                sum += StressClassifier.Default.Probability(features);
        }).Should().Be(0);
        sum.Should().BeGreaterThan(0);
    }
}
