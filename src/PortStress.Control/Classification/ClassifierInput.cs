namespace PortStress.Control.Classification;

/// <summary>
/// The inputs of the stress classifier, in the order of its coefficient vector. Each is read from
/// <see cref="ControlFeatures"/> by <see cref="StressClassifier.Fill"/>.
/// </summary>
public enum ClassifierInput
{
    /// <summary>PPR, maximum over destinations.</summary>
    PortPressure = 0,

    /// <summary>TWR, maximum over destinations.</summary>
    TimeWaitRatio,

    /// <summary>CFR.</summary>
    ConnectFailureRatio,

    /// <summary>CTL95 over its baseline (1 when unknown).</summary>
    ConnectLatencyRelative,

    /// <summary>RBI (0 below its minimum count).</summary>
    RetryBurstIndex,

    /// <summary>DSD95 over its baseline (1 when unknown).</summary>
    DecisionToSendRelative,

    /// <summary>Retry queue depth.</summary>
    RetryQueueDepth,

    /// <summary>Reconnects per minute.</summary>
    ReconnectsPerMinute,
}
