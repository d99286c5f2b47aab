using PortStress.Control.Classification;

namespace PortStress.Control.Training;

/// <summary>Settings of <see cref="LogisticRegressionTrainer"/>.</summary>
public sealed record TrainerOptions
{
    /// <summary>The labelling rule.</summary>
    public LabelRule Labels { get; init; } = new();

    /// <summary>L2 penalty on the standardized weights (not the intercept); keeps separable data finite. Default 1.</summary>
    public double L2 { get; init; } = 1;

    /// <summary>The newest share of ticks held out for evaluation (time-ordered split). Default 0.25.</summary>
    public double HoldoutFraction { get; init; } = 0.25;

    /// <summary>Newton (IRLS) iterations at most. Default 100.</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>Stop when no coefficient moves more than this. Default 1e-9.</summary>
    public double Tolerance { get; init; } = 1e-9;
}

/// <summary>A fitted classifier and how well it does.</summary>
/// <param name="Classifier">The coefficients (means and scales from the training ticks), ready to bind into options.</param>
/// <param name="Training">Quality on the training ticks.</param>
/// <param name="Holdout">Quality on the held-out (newest) ticks.</param>
/// <param name="Iterations">IRLS iterations run.</param>
/// <param name="Converged">True when the coefficients settled within the tolerance.</param>
public sealed record TrainingResult(ClassifierOptions Classifier, FitQuality Training, FitQuality Holdout, int Iterations, bool Converged);

/// <summary>
/// Fits P(PORT_STRESS) to labelled ticks: inputs as the classifier reads them (<see cref="StressClassifier.Fill"/>),
/// standardized with the training ticks' means and standard deviations (a constant input gets scale 1), then
/// L2-penalized logistic regression by iteratively reweighted least squares (Newton's method). The newest
/// <see cref="TrainerOptions.HoldoutFraction"/> of the ticks, by time, is held out and scored.
/// </summary>
public static class LogisticRegressionTrainer
{
    private const int Inputs = StressClassifier.InputCount;

    /// <summary>Fits the classifier.</summary>
    /// <param name="samples">The ticks, in time order.</param>
    /// <param name="options">Labels, penalty, split; defaults when null.</param>
    /// <exception cref="TrainingDataException">Too few ticks, or only one class in the data or in the training part.</exception>
    public static TrainingResult Fit(IReadOnlyList<TrainingSample> samples, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        options ??= new TrainerOptions();
        if (!(options.HoldoutFraction >= 0 && options.HoldoutFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.HoldoutFraction, "HoldoutFraction must be in [0, 1).");
        if (!(options.L2 >= 0) || !double.IsFinite(options.L2))
            throw new ArgumentOutOfRangeException(nameof(options), options.L2, "L2 must be a finite number, 0 or more.");

        var n = samples.Count;
        var x = new double[n][];
        var y = new bool[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = new double[Inputs];
            StressClassifier.Fill(samples[i].Features, x[i]);
            y[i] = options.Labels.IsStressed(samples[i].Features);
        }
        var positives = y.Count(l => l);
        if (n < 10)
            throw new TrainingDataException($"{n} ticks is too few to fit and evaluate a model (need at least 10)");
        if (positives == 0 || positives == n)
            throw new TrainingDataException($"all {n} ticks are labelled {(positives == 0 ? "calm" : "stressed")} by the rule {options.Labels}: a classifier needs both classes (record a stress episode, or change --labels)");
        var trainCount = n - (int)Math.Floor(n * options.HoldoutFraction);
        var trainPositives = y.Take(trainCount).Count(l => l);
        if (trainPositives == 0 || trainPositives == trainCount)
            throw new TrainingDataException($"the training part (the oldest {trainCount} ticks) holds only {(trainPositives == 0 ? "calm" : "stressed")} ticks under the rule {options.Labels}; every stressed tick is in the held-out part");

        // Standardize with the training part.
        var mean = new double[Inputs];
        var scale = new double[Inputs];
        for (var j = 0; j < Inputs; j++)
        {
            double sum = 0;
            for (var i = 0; i < trainCount; i++)
                sum += x[i][j];
            mean[j] = sum / trainCount;
            double squares = 0;
            for (var i = 0; i < trainCount; i++)
                squares += (x[i][j] - mean[j]) * (x[i][j] - mean[j]);
            var sd = Math.Sqrt(squares / trainCount);
            scale[j] = sd > 1e-12 ? sd : 1;
        }
        var z = new double[n][];
        for (var i = 0; i < n; i++)
        {
            z[i] = new double[Inputs + 1];
            z[i][0] = 1;
            for (var j = 0; j < Inputs; j++)
                z[i][j + 1] = (x[i][j] - mean[j]) / scale[j];
        }

        var (beta, iterations, converged) = Irls(z, y, trainCount, options);

        var classifier = new ClassifierOptions { Intercept = beta[0] };
        for (var j = 0; j < Inputs; j++)
            classifier.SetCoefficient((ClassifierInput)j, new FeatureCoefficient(mean[j], scale[j], beta[j + 1]));

        var fitted = new StressClassifier(classifier);
        var p = samples.Select(s => fitted.Probability(s.Features)).ToArray();
        var training = FitQuality.Of(p[..trainCount], y[..trainCount]);
        var holdout = FitQuality.Of(p[trainCount..], y[trainCount..]);
        return new TrainingResult(classifier, training, holdout, iterations, converged);
    }

    private static (double[] Beta, int Iterations, bool Converged) Irls(double[][] z, bool[] y, int count, TrainerOptions options)
    {
        const int d = Inputs + 1;
        var beta = new double[d];
        var hessian = new double[d, d];
        var gradient = new double[d];
        for (var iteration = 1; iteration <= options.MaxIterations; iteration++)
        {
            Array.Clear(hessian);
            Array.Clear(gradient);
            for (var i = 0; i < count; i++)
            {
                var row = z[i];
                double eta = 0;
                for (var j = 0; j < d; j++)
                    eta += beta[j] * row[j];
                var p = StressClassifier.Sigmoid(eta);
                var w = Math.Max(p * (1 - p), 1e-12);
                var residual = (y[i] ? 1 : 0) - p;
                for (var j = 0; j < d; j++)
                {
                    gradient[j] += residual * row[j];
                    for (var k = 0; k <= j; k++)
                        hessian[j, k] += w * row[j] * row[k];
                }
            }
            for (var j = 0; j < d; j++)
            {
                for (var k = j + 1; k < d; k++)
                    hessian[j, k] = hessian[k, j];
            }
            for (var j = 1; j < d; j++)
            {
                hessian[j, j] += options.L2;
                gradient[j] -= options.L2 * beta[j];
            }
            var step = Solve(hessian, gradient);
            var largest = 0.0;
            for (var j = 0; j < d; j++)
            {
                beta[j] += step[j];
                largest = Math.Max(largest, Math.Abs(step[j]));
            }
            if (largest < options.Tolerance)
                return (beta, iteration, true);
        }
        return (beta, options.MaxIterations, false);
    }

    /// <summary>Solves A·s = b by Gaussian elimination with partial pivoting (A is small and positive definite here).</summary>
    private static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = (double[,])a.Clone();
        var v = (double[])b.Clone();
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < n; r++)
            {
                if (Math.Abs(m[r, col]) > Math.Abs(m[pivot, col]))
                    pivot = r;
            }
            if (Math.Abs(m[pivot, col]) < 1e-300)
                throw new TrainingDataException("the inputs are degenerate (the Newton system is singular); use an L2 penalty above 0");
            if (pivot != col)
            {
                for (var k = 0; k < n; k++)
                    (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
                (v[col], v[pivot]) = (v[pivot], v[col]);
            }
            for (var r = col + 1; r < n; r++)
            {
                var factor = m[r, col] / m[col, col];
                if (factor == 0)
                    continue;
                for (var k = col; k < n; k++)
                    m[r, k] -= factor * m[col, k];
                v[r] -= factor * v[col];
            }
        }
        var s = new double[n];
        for (var r = n - 1; r >= 0; r--)
        {
            var sum = v[r];
            for (var k = r + 1; k < n; k++)
                sum -= m[r, k] * s[k];
            s[r] = sum / m[r, r];
        }
        return s;
    }
}
