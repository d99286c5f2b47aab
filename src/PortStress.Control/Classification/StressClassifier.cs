namespace PortStress.Control.Classification;

/// <summary>
/// Logistic P(PORT_STRESS) over standardized inputs. The coefficients are copied into arrays once, so
/// <see cref="Probability"/> allocates nothing. Immutable and thread-safe.
/// </summary>
public sealed class StressClassifier
{
    /// <summary>The number of inputs (<see cref="ClassifierInput"/> values).</summary>
    public const int InputCount = 8;

    private readonly double[] _means = new double[InputCount];
    private readonly double[] _inverseScales = new double[InputCount];
    private readonly double[] _weights = new double[InputCount];
    private readonly double _intercept;

    /// <summary>Creates the classifier from its coefficients.</summary>
    /// <param name="options">The coefficients; every scale must be greater than 0.</param>
    public StressClassifier(ClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _intercept = options.Intercept;
        for (var i = 0; i < InputCount; i++)
        {
            var c = options.Coefficient((ClassifierInput)i);
            if (!(c.Scale > 0) || !double.IsFinite(c.Scale) || !double.IsFinite(c.Mean) || !double.IsFinite(c.Weight))
                throw new ArgumentException($"Classifier:{(ClassifierInput)i}: scale must be a finite number above 0 and mean and weight finite (got mean {c.Mean}, scale {c.Scale}, weight {c.Weight}).", nameof(options));
            _means[i] = c.Mean;
            _inverseScales[i] = 1 / c.Scale;
            _weights[i] = c.Weight;
        }
        if (!double.IsFinite(_intercept))
            throw new ArgumentException($"Classifier:Intercept must be finite (got {_intercept}).", nameof(options));
    }

    /// <summary>The classifier with the default coefficients.</summary>
    public static StressClassifier Default { get; } = new(new ClassifierOptions());

    /// <summary>Writes the classifier inputs of <paramref name="features"/> into <paramref name="inputs"/> (length at least <see cref="InputCount"/>).</summary>
    /// <param name="features">The features.</param>
    /// <param name="inputs">Receives the inputs in <see cref="ClassifierInput"/> order.</param>
    /// <remarks>A relative latency of 0 means "unknown" (no sample or no baseline yet) and is read as 1, "at baseline".</remarks>
    public static void Fill(in ControlFeatures features, Span<double> inputs)
    {
        inputs[(int)ClassifierInput.PortPressure] = features.PortPressure;
        inputs[(int)ClassifierInput.TimeWaitRatio] = features.TimeWaitRatio;
        inputs[(int)ClassifierInput.ConnectFailureRatio] = features.ConnectFailureRatio;
        inputs[(int)ClassifierInput.ConnectLatencyRelative] = features.ConnectLatencyRelative > 0 ? features.ConnectLatencyRelative : 1;
        inputs[(int)ClassifierInput.RetryBurstIndex] = features.RetryBurstIndex;
        inputs[(int)ClassifierInput.DecisionToSendRelative] = features.DecisionToSendRelative > 0 ? features.DecisionToSendRelative : 1;
        inputs[(int)ClassifierInput.RetryQueueDepth] = features.RetryQueueDepth;
        inputs[(int)ClassifierInput.ReconnectsPerMinute] = features.ReconnectsPerMinute;
    }

    /// <summary>The log-odds of stress for <paramref name="features"/>.</summary>
    /// <param name="features">The features.</param>
    public double LogOdds(in ControlFeatures features)
    {
        Span<double> x = stackalloc double[InputCount];
        Fill(features, x);
        var z = _intercept;
        for (var i = 0; i < InputCount; i++)
            z += _weights[i] * (x[i] - _means[i]) * _inverseScales[i];
        return z;
    }

    /// <summary>P(PORT_STRESS) for <paramref name="features"/>, in [0, 1].</summary>
    /// <param name="features">The features.</param>
    public double Probability(in ControlFeatures features) => Sigmoid(LogOdds(features));

    /// <summary>The logistic function, computed without overflow for any argument (NaN gives 0: no evidence of stress).</summary>
    /// <param name="z">The log-odds.</param>
    public static double Sigmoid(double z)
    {
        if (double.IsNaN(z))
            return 0;
        if (z >= 0)
            return 1 / (1 + Math.Exp(-z));
        var e = Math.Exp(z);
        return e / (1 + e);
    }
}
