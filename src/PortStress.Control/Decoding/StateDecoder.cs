namespace PortStress.Control.Decoding;

/// <summary>What one <see cref="StateDecoder.Decode"/> call decided.</summary>
/// <param name="From">The state before the call.</param>
/// <param name="To">The state after it.</param>
/// <param name="Rule">The rule that fired (<see cref="TransitionRule.None"/> when the state did not change).</param>
/// <param name="PreviousEnteredAt">When <paramref name="From"/> had been entered (timestamp ticks).</param>
public readonly record struct StateDecision(StressState From, StressState To, TransitionRule Rule, long PreviousEnteredAt)
{
    /// <summary>True when the state changed.</summary>
    public bool Changed => From != To;
}

/// <summary>
/// Turns P(stress) and the features into GREEN / YELLOW / ORANGE / RED with hysteresis:
/// <list type="bullet">
/// <item>Escalation is immediate and may skip levels: the worst state whose entry rule fires is entered on the same tick.</item>
/// <item>A state is held while a stay rule (exit thresholds, below the entry thresholds) of it or of a worse state holds.</item>
/// <item>When nothing holds it and its minimum dwell has passed, the state steps down one level; the lower state
///   starts its own dwell, so each level is held at least its dwell on the way down.</item>
/// </list>
/// All rules are "at or above a threshold", so inputs that only worsen never lower the state. Not thread-safe;
/// allocation-free.
/// </summary>
public sealed class StateDecoder
{
    private readonly DecoderOptions _o;
    private readonly long[] _dwellTicks = new long[4];
    private readonly long _tailPersistenceTicks;
    private long _tailSince = long.MinValue;

    /// <summary>Creates a decoder in GREEN.</summary>
    /// <param name="options">Thresholds and dwell; checked with <see cref="DecoderOptions.Check"/>.</param>
    /// <param name="timestampFrequency">Timestamp ticks per second of the clock that stamps <see cref="Decode"/> calls.</param>
    /// <param name="start">The timestamp at which GREEN is entered.</param>
    public StateDecoder(DecoderOptions options, long timestampFrequency, long start = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timestampFrequency);
        var problems = options.Check().ToList();
        if (problems.Count > 0)
            throw new ArgumentException("Invalid decoder options: " + string.Join("; ", problems), nameof(options));
        _o = options;
        for (var s = StressState.Green; s <= StressState.Red; s++)
            _dwellTicks[(int)s] = ToTicks(options.MinimumDwell(s), timestampFrequency);
        _tailPersistenceTicks = ToTicks(options.RedTailPersistence, timestampFrequency);
        EnteredAt = start;
    }

    /// <summary>The current state.</summary>
    public StressState State { get; private set; }

    /// <summary>When the current state was entered (timestamp ticks).</summary>
    public long EnteredAt { get; private set; }

    /// <summary>Decodes one tick.</summary>
    /// <param name="features">The tick's features.</param>
    /// <param name="stressProbability">The tick's P(stress).</param>
    /// <param name="now">The tick's timestamp (non-decreasing from call to call).</param>
    public StateDecision Decode(in ControlFeatures features, double stressProbability, long now)
    {
        var tail = Math.Max(features.ConnectLatencyRelative, features.DecisionToSendRelative);
        if (tail >= _o.RedEntryTailRelative)
        {
            if (_tailSince == long.MinValue)
                _tailSince = now;
        }
        else
        {
            _tailSince = long.MinValue;
        }

        var from = State;
        var enteredAt = EnteredAt;
        var (target, rule) = Entry(features, stressProbability, now);
        if (target > from)
            return Move(from, target, rule, enteredAt, now);
        if (from != StressState.Green && !Holds(from, features, stressProbability) && now - enteredAt >= _dwellTicks[(int)from])
            return Move(from, from - 1, TransitionRule.Recovered, enteredAt, now);
        return new StateDecision(from, from, TransitionRule.None, enteredAt);
    }

    /// <summary>The worst state whose entry rule fires, and the rule.</summary>
    private (StressState State, TransitionRule Rule) Entry(in ControlFeatures f, double p, long now)
    {
        if (f.ConnectFailures >= _o.RedEntryConnectFailures && f.ConnectFailureRatio >= _o.RedEntryConnectFailureRatio)
            return (StressState.Red, TransitionRule.RepeatedConnectFailures);
        if (_tailSince != long.MinValue && now - _tailSince >= _tailPersistenceTicks)
            return (StressState.Red, TransitionRule.PersistentTailBlowOut);
        if (p >= _o.OrangeEntryProbability)
            return (StressState.Orange, TransitionRule.OrangeProbability);
        if (f.ConnectFailureRatio >= _o.OrangeEntryConnectFailureRatio && f.RetryBurstIndex >= _o.OrangeEntryRetryBurst
            && f.DecisionToSendRelative >= _o.OrangeEntryDecisionToSend)
            return (StressState.Orange, TransitionRule.RetryBurst);
        if (p >= _o.YellowEntryProbability)
            return (StressState.Yellow, TransitionRule.YellowProbability);
        if (f.PortPressure >= _o.YellowEntryPortPressure)
            return (StressState.Yellow, TransitionRule.PortPressureDrift);
        if (f.TimeWaitRatio >= _o.YellowEntryTimeWait)
            return (StressState.Yellow, TransitionRule.TimeWaitDrift);
        if (f.ConnectLatencyRelative >= _o.YellowEntryConnectLatency)
            return (StressState.Yellow, TransitionRule.ConnectLatencyGrowth);
        return (StressState.Green, TransitionRule.None);
    }

    /// <summary>True while a stay rule of <paramref name="state"/> or of a worse state holds.</summary>
    private bool Holds(StressState state, in ControlFeatures f, double p)
    {
        var red = (f.ConnectFailures >= _o.RedExitConnectFailures && f.ConnectFailureRatio >= _o.RedExitConnectFailureRatio)
            || Math.Max(f.ConnectLatencyRelative, f.DecisionToSendRelative) >= _o.RedExitTailRelative;
        if (red)
            return true;
        if (state == StressState.Red)
            return false;
        var signals = (f.ConnectFailureRatio >= _o.OrangeExitConnectFailureRatio ? 1 : 0)
            + (f.RetryBurstIndex >= _o.OrangeExitRetryBurst ? 1 : 0)
            + (f.DecisionToSendRelative >= _o.OrangeExitDecisionToSend ? 1 : 0);
        if (p >= _o.OrangeExitProbability || signals >= _o.OrangeExitMinimumSignals)
            return true;
        if (state == StressState.Orange)
            return false;
        return p >= _o.YellowExitProbability || f.PortPressure >= _o.YellowExitPortPressure
            || f.TimeWaitRatio >= _o.YellowExitTimeWait || f.ConnectLatencyRelative >= _o.YellowExitConnectLatency;
    }

    private StateDecision Move(StressState from, StressState to, TransitionRule rule, long previousEnteredAt, long now)
    {
        State = to;
        EnteredAt = now;
        return new StateDecision(from, to, rule, previousEnteredAt);
    }

    private static long ToTicks(TimeSpan span, long frequency) => (long)Math.Ceiling(span.TotalSeconds * frequency);
}
