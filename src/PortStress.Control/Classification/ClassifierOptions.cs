namespace PortStress.Control.Classification;

/// <summary>
/// The coefficients of one classifier input: the input is standardized as <c>(x - Mean) / Scale</c> and
/// multiplied by <see cref="Weight"/>.
/// </summary>
public sealed class FeatureCoefficient
{
    /// <summary>Creates a coefficient with mean 0, scale 1 and weight 0 (the input is ignored).</summary>
    public FeatureCoefficient()
    {
        Scale = 1;
    }

    /// <summary>Creates a coefficient.</summary>
    /// <param name="mean">The mean subtracted before scaling.</param>
    /// <param name="scale">The scale divided by (greater than 0).</param>
    /// <param name="weight">The weight of the standardized input.</param>
    public FeatureCoefficient(double mean, double scale, double weight)
    {
        Mean = mean;
        Scale = scale;
        Weight = weight;
    }

    /// <summary>The mean subtracted before scaling.</summary>
    public double Mean { get; set; }

    /// <summary>The scale (a standard deviation) divided by; greater than 0.</summary>
    public double Scale { get; set; }

    /// <summary>The weight of the standardized input (log-odds per scale unit).</summary>
    public double Weight { get; set; }
}

/// <summary>
/// Coefficients of the logistic P(PORT_STRESS) model: <c>P = σ(Intercept + Σ Weight·(x − Mean)/Scale)</c>.
/// Defaults are set by hand for a calm host (low pressure, no failures, latencies at baseline) so that P stays
/// near 0 when calm and passes 0.5 when one strong signal (PPR ≈ 0.5, CFR ≈ 0.2) or several moderate ones show.
/// <c>portstress train</c> fits them from recorded ticks and writes this section.
/// </summary>
public sealed class ClassifierOptions
{
    /// <summary>The log-odds of stress when every input is at its mean. Default −5.3 (a fully calm host scores P ≈ 0.001).</summary>
    public double Intercept { get; set; } = -5.3;

    /// <summary>PPR. Default mean 0.05, scale 0.1, weight 1.5.</summary>
    public FeatureCoefficient PortPressure { get; set; } = new(0.05, 0.1, 1.5);

    /// <summary>TWR. Default mean 0.05, scale 0.1, weight 1.0.</summary>
    public FeatureCoefficient TimeWaitRatio { get; set; } = new(0.05, 0.1, 1.0);

    /// <summary>CFR. Default mean 0.01, scale 0.05, weight 2.</summary>
    public FeatureCoefficient ConnectFailureRatio { get; set; } = new(0.01, 0.05, 2);

    /// <summary>CTL95 over baseline. Default mean 1, scale 0.5, weight 0.6.</summary>
    public FeatureCoefficient ConnectLatencyRelative { get; set; } = new(1, 0.5, 0.6);

    /// <summary>RBI. Default mean 0.1, scale 0.2, weight 0.5.</summary>
    public FeatureCoefficient RetryBurstIndex { get; set; } = new(0.1, 0.2, 0.5);

    /// <summary>DSD95 over baseline. Default mean 1, scale 0.5, weight 0.5.</summary>
    public FeatureCoefficient DecisionToSendRelative { get; set; } = new(1, 0.5, 0.5);

    /// <summary>Retry queue depth. Default mean 0, scale 10, weight 0.3.</summary>
    public FeatureCoefficient RetryQueueDepth { get; set; } = new(0, 10, 0.3);

    /// <summary>Reconnects per minute. Default mean 0.5, scale 2, weight 0.4.</summary>
    public FeatureCoefficient ReconnectsPerMinute { get; set; } = new(0.5, 2, 0.4);

    /// <summary>The coefficient of one input.</summary>
    /// <param name="input">The input.</param>
    public FeatureCoefficient Coefficient(ClassifierInput input) => input switch
    {
        ClassifierInput.PortPressure => PortPressure,
        ClassifierInput.TimeWaitRatio => TimeWaitRatio,
        ClassifierInput.ConnectFailureRatio => ConnectFailureRatio,
        ClassifierInput.ConnectLatencyRelative => ConnectLatencyRelative,
        ClassifierInput.RetryBurstIndex => RetryBurstIndex,
        ClassifierInput.DecisionToSendRelative => DecisionToSendRelative,
        ClassifierInput.RetryQueueDepth => RetryQueueDepth,
        ClassifierInput.ReconnectsPerMinute => ReconnectsPerMinute,
        _ => throw new ArgumentOutOfRangeException(nameof(input), input, "Unknown classifier input."),
    };

    /// <summary>Replaces the coefficient of one input.</summary>
    /// <param name="input">The input.</param>
    /// <param name="coefficient">The coefficient.</param>
    public void SetCoefficient(ClassifierInput input, FeatureCoefficient coefficient)
    {
        ArgumentNullException.ThrowIfNull(coefficient);
        switch (input)
        {
            case ClassifierInput.PortPressure: PortPressure = coefficient; break;
            case ClassifierInput.TimeWaitRatio: TimeWaitRatio = coefficient; break;
            case ClassifierInput.ConnectFailureRatio: ConnectFailureRatio = coefficient; break;
            case ClassifierInput.ConnectLatencyRelative: ConnectLatencyRelative = coefficient; break;
            case ClassifierInput.RetryBurstIndex: RetryBurstIndex = coefficient; break;
            case ClassifierInput.DecisionToSendRelative: DecisionToSendRelative = coefficient; break;
            case ClassifierInput.RetryQueueDepth: RetryQueueDepth = coefficient; break;
            case ClassifierInput.ReconnectsPerMinute: ReconnectsPerMinute = coefficient; break;
            default: throw new ArgumentOutOfRangeException(nameof(input), input, "Unknown classifier input.");
        }
    }
}
