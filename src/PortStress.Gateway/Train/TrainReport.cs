using System.Globalization;
using PortStress.Control.Classification;
using PortStress.Control.Training;

namespace PortStress.Gateway.Train;

/// <summary>Prints what <c>portstress train</c> fitted: the data, the label rule, fit quality and the coefficients.</summary>
internal static class TrainReport
{
    public static void Write(TextWriter output, string ticksPath, int ticks, TrainerOptions options, TrainingResult result, string fragmentPath)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"ticks      {ticks} from {ticksPath}"));
        output.WriteLine(string.Create(c, $"labels     stressed when any of {options.Labels} (PPR, TWR, CFR, CTL95 over baseline)"));
        output.WriteLine(string.Create(c, $"split      oldest {result.Training.Count} to fit, newest {result.Holdout.Count} held out ({options.HoldoutFraction * 100:G3}%)"));
        output.WriteLine(string.Create(c, $"fit        L2 logistic regression (IRLS), L2 {options.L2:G}, {result.Iterations} iterations, {(result.Converged ? "converged" : "NOT converged")}"));
        output.WriteLine();
        output.WriteLine($"{"",-9} {"ticks",7} {"stressed",8} {"log-loss",9} {"AUC",7} {"accuracy",9} {"precision",9} {"recall",7} {"Brier",7}");
        Row(output, "train", result.Training);
        Row(output, "held-out", result.Holdout);
        output.WriteLine();
        output.WriteLine($"{"input",-24} {"mean",11} {"scale",11} {"weight",9}");
        output.WriteLine(string.Create(c, $"{"(intercept)",-24} {"",11} {"",11} {result.Classifier.Intercept,9:F4}"));
        foreach (var input in Enum.GetValues<ClassifierInput>())
        {
            var k = result.Classifier.Coefficient(input);
            output.WriteLine(string.Create(c, $"{input,-24} {k.Mean,11:G5} {k.Scale,11:G5} {k.Weight,9:F4}"));
        }
        output.WriteLine();
        output.WriteLine($"wrote {fragmentPath} (section PortStress:Control:Classifier; add it to the gateway's configuration)");
    }

    private static void Row(TextWriter output, string name, FitQuality q) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-9} {q.Count,7} {q.Positives,8} {F(q.LogLoss),9} {F(q.Auc),7} {F(q.Accuracy),9} {F(q.Precision),9} {F(q.Recall),7} {F(q.Brier),7}"));

    private static string F(double value) => double.IsFinite(value) ? value.ToString("F4", CultureInfo.InvariantCulture) : "n/a";
}
