using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PortStress.Control.Classification;
using PortStress.Control.Training;

namespace PortStress.Control.Tests.Training;

public class TrainingTests
{
    [Fact]
    public async Task Training_on_recorded_ticks_recovers_a_separating_model_and_its_fragment_binds_back()
    {
        var directory = await SyntheticTicks.WriteAsync(SyntheticTicks.Generate(4000, seed: 7));
        try
        {
            var samples = TickDataset.Load(directory);
            samples.Should().HaveCount(4000);
            var result = LogisticRegressionTrainer.Fit(samples);

            result.Converged.Should().BeTrue();
            result.Holdout.Count.Should().Be(1000);
            result.Holdout.Positives.Should().BeGreaterThan(100);
            result.Holdout.Auc.Should().BeGreaterThan(0.98);
            result.Holdout.Accuracy.Should().BeGreaterThan(0.95);
            result.Holdout.Recall.Should().BeGreaterThan(0.9);
            result.Holdout.Precision.Should().BeGreaterThan(0.9);
            result.Holdout.LogLoss.Should().BeLessThan(0.2);
            result.Holdout.Brier.Should().BeLessThan(0.05);
            result.Classifier.PortPressure.Weight.Should().BeGreaterThan(0);
            result.Classifier.ConnectFailureRatio.Weight.Should().BeGreaterThan(0);

            var path = Path.Combine(directory, "classifier.json");
            ClassifierFragment.Write(path, result.Classifier);
            var configuration = new ConfigurationBuilder().AddJsonFile(path).Build();
            using var provider = new ServiceCollection()
                .AddPortStressControl(configuration.GetSection(ControlOptions.SectionName))
                .BuildServiceProvider();
            var bound = provider.GetRequiredService<IOptions<ControlOptions>>().Value.Classifier;
            bound.Intercept.Should().Be(result.Classifier.Intercept);
            foreach (var input in Enum.GetValues<ClassifierInput>())
                bound.Coefficient(input).Should().BeEquivalentTo(result.Classifier.Coefficient(input), $"{input} round-trips");

            var fitted = new StressClassifier(bound);
            fitted.Probability(new ControlFeatures { PortPressure = 0.8, ConnectFailureRatio = 0.3, ConnectLatencyRelative = 4 }).Should().BeGreaterThan(0.95);
            fitted.Probability(new ControlFeatures { PortPressure = 0.1, ConnectLatencyRelative = 1, DecisionToSendRelative = 1 }).Should().BeLessThan(0.05);
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    [Fact]
    public void The_fit_is_the_penalized_maximum_likelihood_the_gradient_vanishes()
    {
        var samples = SyntheticTicks.Generate(1200, seed: 3).Select(t => new TrainingSample(t.TimeUnixMicros, t.Features)).ToList();
        var options = new TrainerOptions { L2 = 2 };
        var result = LogisticRegressionTrainer.Fit(samples, options);
        var classifier = new StressClassifier(result.Classifier);
        var trainCount = 900;
        var gradient = new double[StressClassifier.InputCount + 1];
        Span<double> x = stackalloc double[StressClassifier.InputCount];
        for (var i = 0; i < trainCount; i++)
        {
            var residual = (options.Labels.IsStressed(samples[i].Features) ? 1 : 0) - classifier.Probability(samples[i].Features);
            StressClassifier.Fill(samples[i].Features, x);
            gradient[0] += residual;
            for (var j = 0; j < x.Length; j++)
            {
                var c = result.Classifier.Coefficient((ClassifierInput)j);
                gradient[j + 1] += residual * (x[j] - c.Mean) / c.Scale;
            }
        }
        for (var j = 0; j < x.Length; j++)
            gradient[j + 1] -= options.L2 * result.Classifier.Coefficient((ClassifierInput)j).Weight;
        gradient.Should().AllSatisfy(g => Math.Abs(g).Should().BeLessThan(1e-6));
    }

    [Fact]
    public void Fit_quality_figures_match_hand_computed_values()
    {
        var q = FitQuality.Of([0.1, 0.4, 0.35, 0.8], [false, false, true, true]);
        q.Auc.Should().BeApproximately(0.75, 1e-12);
        q.Accuracy.Should().Be(0.75);
        q.Precision.Should().Be(1);
        q.Recall.Should().Be(0.5);
        q.Brier.Should().BeApproximately((0.01 + 0.16 + 0.4225 + 0.04) / 4, 1e-12);
        q.LogLoss.Should().BeApproximately(-(Math.Log(0.9) + Math.Log(0.6) + Math.Log(0.35) + Math.Log(0.8)) / 4, 1e-12);
        FitQuality.Of([0.5, 0.5], [true, false]).Auc.Should().Be(0.5, "ties count half");
        FitQuality.Of([0.2, 0.3], [false, false]).Auc.Should().Be(double.NaN);
    }

    [Fact]
    public void One_class_only_is_a_clear_error()
    {
        var samples = SyntheticTicks.Generate(500, seed: 1, withStress: false).Select(t => new TrainingSample(t.TimeUnixMicros, t.Features)).ToList();
        var act = () => LogisticRegressionTrainer.Fit(samples);
        act.Should().Throw<TrainingDataException>().WithMessage("all 500 ticks are labelled calm by the rule ppr=0.5,twr=0.5,cfr=0.1,ctl95=3: a classifier needs both classes*");
    }

    [Fact]
    public void Stress_only_in_the_held_out_part_is_a_clear_error()
    {
        var samples = SyntheticTicks.Generate(400, seed: 1).Select(t => new TrainingSample(t.TimeUnixMicros, t.Features)).ToList();
        var act = () => LogisticRegressionTrainer.Fit(samples);
        act.Should().Throw<TrainingDataException>().WithMessage("the training part (the oldest 300 ticks) holds only calm ticks*");
    }

    [Fact]
    public void Missing_directory_missing_file_and_garbage_lines_are_clear_errors()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"portstress-none-{Guid.NewGuid():N}");
        FluentActions.Invoking(() => TickDataset.Load(missing)).Should().Throw<TrainingDataException>().WithMessage($"records directory '{missing}' does not exist");
        Directory.CreateDirectory(missing);
        try
        {
            FluentActions.Invoking(() => TickDataset.Load(missing)).Should().Throw<TrainingDataException>().WithMessage("*ticks.jsonl' does not exist*");
            File.WriteAllText(Path.Combine(missing, "ticks.jsonl"), "\n\n");
            FluentActions.Invoking(() => TickDataset.Load(missing)).Should().Throw<TrainingDataException>().WithMessage("*holds no tick records");
            File.WriteAllText(Path.Combine(missing, "ticks.jsonl"), "{\"type\":\"ticks\",\"time\":1}\n{oops\n");
            FluentActions.Invoking(() => TickDataset.Load(missing)).Should().Throw<TrainingDataException>().WithMessage("*line 2: not JSON*");
        }
        finally
        {
            Directory.Delete(missing, true);
        }
    }

    [Fact]
    public void Label_rules_parse_print_and_apply()
    {
        var rule = LabelRule.Parse("ppr=0.4, cfr=off,ctl95=2.5");
        rule.ToString().Should().Be("ppr=0.4,twr=0.5,cfr=off,ctl95=2.5");
        rule.IsStressed(new ControlFeatures { PortPressure = 0.4 }).Should().BeTrue();
        rule.IsStressed(new ControlFeatures { ConnectFailureRatio = 1 }).Should().BeFalse("cfr is off");
        rule.IsStressed(new ControlFeatures { ConnectLatencyRelative = 2.5 }).Should().BeTrue();
        LabelRule.Parse(rule.ToString()).Should().Be(rule);
        FluentActions.Invoking(() => LabelRule.Parse("rbi=0.5")).Should().Throw<FormatException>().WithMessage("label rule key 'rbi' is unknown*");
        FluentActions.Invoking(() => LabelRule.Parse("ppr=high")).Should().Throw<FormatException>().WithMessage("*'high' is not a number*");
        FluentActions.Invoking(() => LabelRule.Parse("ppr=off,twr=off,cfr=off,ctl95=off")).Should().Throw<FormatException>();
    }
}
