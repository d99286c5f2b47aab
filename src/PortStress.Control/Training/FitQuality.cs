namespace PortStress.Control.Training;

/// <summary>
/// How well predicted probabilities match labels on a set of ticks. Classification figures use the threshold 0.5.
/// A figure that is undefined on the set (AUC with one class, precision with no predicted positives) is NaN.
/// </summary>
/// <param name="Count">Ticks.</param>
/// <param name="Positives">Ticks labelled stressed.</param>
/// <param name="LogLoss">Mean negative log-likelihood (natural log; probabilities clipped to [1e-15, 1 − 1e-15]).</param>
/// <param name="Auc">Area under the ROC curve (ties count half).</param>
/// <param name="Accuracy">Share of correct labels.</param>
/// <param name="Precision">Stressed among those predicted stressed.</param>
/// <param name="Recall">Predicted stressed among the stressed.</param>
/// <param name="Brier">Mean squared error of the probabilities.</param>
public sealed record FitQuality(int Count, int Positives, double LogLoss, double Auc, double Accuracy, double Precision, double Recall, double Brier)
{
    /// <summary>Computes the figures.</summary>
    /// <param name="probabilities">Predicted P(stress).</param>
    /// <param name="labels">The labels.</param>
    public static FitQuality Of(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        if (probabilities.Count != labels.Count)
            throw new ArgumentException("One probability per label.", nameof(probabilities));
        var n = labels.Count;
        if (n == 0)
            return new FitQuality(0, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        double logLoss = 0, brier = 0;
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < n; i++)
        {
            var p = Math.Clamp(probabilities[i], 1e-15, 1 - 1e-15);
            var y = labels[i] ? 1.0 : 0.0;
            logLoss -= y * Math.Log(p) + (1 - y) * Math.Log(1 - p);
            brier += (probabilities[i] - y) * (probabilities[i] - y);
            var predicted = probabilities[i] >= 0.5;
            if (predicted && labels[i]) tp++;
            else if (predicted) fp++;
            else if (labels[i]) fn++;
            else tn++;
        }
        var positives = tp + fn;
        return new FitQuality(n, positives, logLoss / n, AreaUnderRoc(probabilities, labels), (double)(tp + tn) / n,
            tp + fp == 0 ? double.NaN : (double)tp / (tp + fp),
            positives == 0 ? double.NaN : (double)tp / positives,
            brier / n);
    }

    /// <summary>AUC as the Mann–Whitney statistic with average ranks for ties; NaN with one class.</summary>
    private static double AreaUnderRoc(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        var order = Enumerable.Range(0, labels.Count).OrderBy(i => probabilities[i]).ToArray();
        double rankSumPositives = 0;
        long positives = 0;
        var i = 0;
        while (i < order.Length)
        {
            var j = i;
            while (j + 1 < order.Length && probabilities[order[j + 1]] == probabilities[order[i]])
                j++;
            var averageRank = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++)
            {
                if (labels[order[k]])
                {
                    rankSumPositives += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        var negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0)
            return double.NaN;
        return (rankSumPositives - positives * (positives + 1) / 2.0) / (positives * (double)negatives);
    }
}
