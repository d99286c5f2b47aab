namespace PortStress.Control.Decoding;

/// <summary>Why the decoder changed state (recorded with every transition).</summary>
public enum TransitionRule : byte
{
    /// <summary>No transition.</summary>
    None = 0,

    /// <summary>YELLOW entry: P(stress) at or above the YELLOW entry probability.</summary>
    YellowProbability,

    /// <summary>YELLOW entry: PPR drifted up to the entry threshold.</summary>
    PortPressureDrift,

    /// <summary>YELLOW entry: TWR drifted up to the entry threshold.</summary>
    TimeWaitDrift,

    /// <summary>YELLOW entry: CTL95 grew to the entry multiple of its baseline.</summary>
    ConnectLatencyGrowth,

    /// <summary>ORANGE entry: P(stress) at or above the ORANGE entry probability.</summary>
    OrangeProbability,

    /// <summary>ORANGE entry: CFR up, an RBI spike and DSD95 worse, together.</summary>
    RetryBurst,

    /// <summary>RED entry: repeated connect failures (count and CFR both at their entry thresholds).</summary>
    RepeatedConnectFailures,

    /// <summary>RED entry: CTL95 or DSD95 at the blow-out multiple of its baseline for the persistence time.</summary>
    PersistentTailBlowOut,

    /// <summary>Step down one level: nothing holds the state any more and its minimum dwell has passed.</summary>
    Recovered,
}

/// <summary>Names of rules and states as records and logs write them.</summary>
public static class DecoderNames
{
    /// <summary>The record name of a state: GREEN, YELLOW, ORANGE, RED.</summary>
    /// <param name="state">The state.</param>
    public static string Of(StressState state) => state switch
    {
        StressState.Green => "GREEN",
        StressState.Yellow => "YELLOW",
        StressState.Orange => "ORANGE",
        StressState.Red => "RED",
        _ => "UNKNOWN",
    };

    /// <summary>The record name of a rule (camelCase).</summary>
    /// <param name="rule">The rule.</param>
    public static string Of(TransitionRule rule) => rule switch
    {
        TransitionRule.None => "none",
        TransitionRule.YellowProbability => "yellowProbability",
        TransitionRule.PortPressureDrift => "portPressureDrift",
        TransitionRule.TimeWaitDrift => "timeWaitDrift",
        TransitionRule.ConnectLatencyGrowth => "connectLatencyGrowth",
        TransitionRule.OrangeProbability => "orangeProbability",
        TransitionRule.RetryBurst => "retryBurst",
        TransitionRule.RepeatedConnectFailures => "repeatedConnectFailures",
        TransitionRule.PersistentTailBlowOut => "persistentTailBlowOut",
        TransitionRule.Recovered => "recovered",
        _ => "unknown",
    };

    /// <summary>Parses a state name written by <see cref="Of(StressState)"/> (case-insensitive).</summary>
    /// <param name="name">The name.</param>
    /// <param name="state">The state.</param>
    public static bool TryParseState(string? name, out StressState state)
    {
        for (var s = StressState.Green; s <= StressState.Red; s++)
        {
            if (string.Equals(name, Of(s), StringComparison.OrdinalIgnoreCase))
            {
                state = s;
                return true;
            }
        }
        state = StressState.Green;
        return false;
    }
}
