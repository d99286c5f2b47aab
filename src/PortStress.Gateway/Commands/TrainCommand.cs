using System.CommandLine;
using PortStress.Control.Training;
using PortStress.Gateway.Train;

namespace PortStress.Gateway.Commands;

/// <summary>
/// <c>portstress train --records DIR [--out FILE] [--labels RULE] [--l2 X] [--holdout F]</c>: fits the stress
/// classifier's coefficients from the control loop's recorded ticks, prints fit quality on held-out ticks and writes
/// the classifier settings fragment.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var records = new Option<DirectoryInfo>("--records") { Description = "Records directory holding ticks.jsonl (written by the control loop).", Required = true };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Settings fragment to write. Default: classifier.settings.json in the records directory." };
        var labels = new Option<string?>("--labels") { Description = "Labelling rule: a tick is stressed when any threshold is met, e.g. \"ppr=0.5,twr=0.5,cfr=0.1,ctl95=3\" (the default); 'off' disables one." };
        var l2 = new Option<double>("--l2") { Description = "L2 penalty on the standardized weights.", DefaultValueFactory = _ => 1.0 };
        var holdout = new Option<double>("--holdout") { Description = "Newest share of ticks held out for evaluation.", DefaultValueFactory = _ => 0.25 };
        var command = new Command("train", "Fit the port-stress classifier from recorded control ticks; print held-out fit quality; write a settings fragment.")
        {
            records, output, labels, l2, holdout,
        };
        command.SetAction((parse, _) => Task.FromResult(Run(
            parse.GetValue(records)!, parse.GetValue(output), parse.GetValue(labels), parse.GetValue(l2), parse.GetValue(holdout),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error)));
        return command;
    }

    internal static int Run(DirectoryInfo records, FileInfo? output, string? labels, double l2, double holdout, TextWriter stdout, TextWriter stderr)
    {
        if (!(holdout > 0 && holdout < 1))
        {
            stderr.WriteLine($"train: --holdout must be above 0 and below 1 (got {holdout})");
            return 2;
        }
        if (!(l2 >= 0) || !double.IsFinite(l2))
        {
            stderr.WriteLine($"train: --l2 must be 0 or more (got {l2})");
            return 2;
        }
        LabelRule rule;
        try
        {
            rule = labels is null ? new LabelRule() : LabelRule.Parse(labels);
        }
        catch (FormatException e)
        {
            stderr.WriteLine($"train: --labels: {e.Message}");
            return 2;
        }

        var options = new TrainerOptions { Labels = rule, L2 = l2, HoldoutFraction = holdout };
        try
        {
            var samples = TickDataset.Load(records.FullName);
            var result = LogisticRegressionTrainer.Fit(samples, options);
            var fragment = output?.FullName ?? Path.Combine(records.FullName, "classifier.settings.json");
            ClassifierFragment.Write(fragment, result.Classifier);
            TrainReport.Write(stdout, Path.Combine(records.FullName, TickDataset.FileName), samples.Count, options, result, fragment);
            if (!result.Converged)
                stderr.WriteLine("train: warning: the fit did not converge; try a larger --l2");
            return 0;
        }
        catch (TrainingDataException e)
        {
            stderr.WriteLine($"train: {e.Message}");
            return 2;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"train: {e.Message}");
            return 2;
        }
        catch (UnauthorizedAccessException e)
        {
            stderr.WriteLine($"train: {e.Message}");
            return 2;
        }
    }
}
