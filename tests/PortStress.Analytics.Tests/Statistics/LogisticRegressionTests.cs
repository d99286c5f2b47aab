using PortStress.Analytics.Statistics.Internal;

namespace PortStress.Analytics.Tests.Statistics;

public sealed class LogisticRegressionTests
{
    [Fact]
    public void Recovers_known_log_odds_from_simulated_data()
    {
        var random = new Random(17);
        const int N = 40_000;
        double[] truth = [-1.0, 1.5, -0.7];
        var design = new double[N * 3];
        var y = new bool[N];
        for (var i = 0; i < N; i++)
        {
            design[i * 3] = 1;
            design[(i * 3) + 1] = (random.NextDouble() * 4) - 2;
            design[(i * 3) + 2] = random.Next(2);
            var eta = (truth[0] * design[i * 3]) + (truth[1] * design[(i * 3) + 1]) + (truth[2] * design[(i * 3) + 2]);
            y[i] = random.NextDouble() < LogisticRegression.Sigmoid(eta);
        }

        var beta = LogisticRegression.Fit(design, 3, y);

        for (var j = 0; j < 3; j++)
            beta[j].Should().BeApproximately(truth[j], 0.08);
        LogisticRegression.Logits(design, 3, beta, N)[0].Should().BeApproximately((beta[0] * design[0]) + (beta[1] * design[1]) + (beta[2] * design[2]), 1e-12);
    }

    [Fact]
    public void A_perfectly_separating_indicator_stays_finite()
    {
        // Indicator 1 always treated: without the ridge its coefficient would run to infinity.
        var design = new double[200 * 2];
        var y = new bool[200];
        for (var i = 0; i < 200; i++)
        {
            design[i * 2] = 1;
            design[(i * 2) + 1] = i % 4 == 0 ? 1 : 0;
            y[i] = i % 4 == 0 || i % 3 == 0;
        }

        var beta = LogisticRegression.Fit(design, 2, y);

        beta.Should().OnlyContain(b => double.IsFinite(b));
        beta[1].Should().BeGreaterThan(2);
    }
}
