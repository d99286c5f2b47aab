using PortStress.Telemetry.Signals;

namespace PortStress.Control.Features;

/// <summary>
/// Reads the estimators of <see cref="TransportSignals"/> at one instant and turns them, with the latest OS sample,
/// into <see cref="ControlFeatures"/>; keeps the trailing baselines of CTL95 and DSD95. Reads the estimators
/// directly (not <see cref="TransportSignals.Snapshot"/>, which allocates), so a tick allocates nothing. Call it
/// from the ring's consumer thread only.
/// </summary>
public sealed class FeatureExtractor
{
    private readonly double _reconnectWindowSeconds;
    private readonly double _learnBelow;
    private readonly int _minimumAttempts;

    /// <summary>Creates the extractor.</summary>
    /// <param name="baseline">How the baselines learn.</param>
    /// <param name="tickInterval">The control tick (turns the baseline half-life into a per-tick weight).</param>
    /// <param name="signalOptions">The windows of the signals read (for the reconnect rate).</param>
    /// <param name="minimumConnectAttempts">CFR is reported as 0 while the window holds fewer attempts (one failed reconnect is not a failure rate).</param>
    public FeatureExtractor(BaselineOptions baseline, TimeSpan tickInterval, TransportSignalOptions signalOptions, int minimumConnectAttempts = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumConnectAttempts, 1);
        _minimumAttempts = minimumConnectAttempts;
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(signalOptions);
        var alpha = TrailingBaseline.AlphaFor(tickInterval, baseline.HalfLife);
        ConnectLatencyBaseline = new TrailingBaseline(alpha, baseline.MinimumSamples, baseline.LearnClamp, baseline.ConnectLatencyFloor, baseline.ConnectLatencySeed);
        DecisionToSendBaseline = new TrailingBaseline(alpha, baseline.MinimumSamples, baseline.LearnClamp, baseline.DecisionToSendFloor, baseline.DecisionToSendSeed);
        _reconnectWindowSeconds = signalOptions.ReconnectWindow.TotalSeconds;
        _learnBelow = baseline.LearnBelowProbability;
    }

    /// <summary>The CTL95 baseline.</summary>
    public TrailingBaseline ConnectLatencyBaseline { get; }

    /// <summary>The DSD95 baseline.</summary>
    public TrailingBaseline DecisionToSendBaseline { get; }

    /// <summary>CTL95 in seconds at the last extraction (NaN when its window was empty).</summary>
    public double LastConnectLatencyP95 { get; private set; } = double.NaN;

    /// <summary>DSD95 in seconds at the last extraction (NaN when its window was empty).</summary>
    public double LastDecisionToSendP95 { get; private set; } = double.NaN;

    /// <summary>Whether a tick with this previous state and P(stress) lets the baselines learn.</summary>
    /// <param name="state">The state before the tick.</param>
    /// <param name="previousProbability">P(stress) of the previous tick.</param>
    public bool MayLearn(StressState state, double previousProbability) => state == StressState.Green && previousProbability < _learnBelow;

    /// <summary>Computes the features at <paramref name="now"/>; the relative latencies use the baselines as they were before this call.</summary>
    /// <param name="signals">The estimators.</param>
    /// <param name="now">The tick's timestamp.</param>
    /// <param name="sockets">The latest OS sample.</param>
    /// <param name="ringDrops">Ring events dropped since the previous tick.</param>
    /// <param name="learn">Let the baselines learn this tick's CTL95 and DSD95 (see <see cref="MayLearn"/>).</param>
    public ControlFeatures Extract(TransportSignals signals, long now, SocketPressure sockets, long ringDrops, bool learn)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var attempts = signals.ConnectAttempts.Sum(now);
        var failures = signals.ConnectFailures.Sum(now);
        var ctl95 = signals.ConnectLatency.Quantile(now, 0.95);
        var dsd95 = signals.DecisionToSend.Quantile(now, 0.95);
        LastConnectLatencyP95 = ctl95;
        LastDecisionToSendP95 = dsd95;
        var features = new ControlFeatures
        {
            PortPressure = Finite(sockets.PortPressure),
            TimeWaitRatio = Finite(sockets.TimeWaitRatio),
            ConnectFailureRatio = attempts < _minimumAttempts ? 0 : Math.Min(1, (double)failures / attempts),
            ConnectFailures = failures,
            ConnectLatencyRelative = ConnectLatencyBaseline.Relative(ctl95),
            RetryBurstIndex = signals.RetryBurst.Value(now) ?? 0,
            DecisionToSendRelative = DecisionToSendBaseline.Relative(dsd95),
            RetryQueueDepth = signals.RetryQueueDepth,
            ReconnectsPerMinute = signals.Reconnects.Sum(now) * 60 / _reconnectWindowSeconds,
            RingDrops = ringDrops,
        };
        if (learn)
        {
            ConnectLatencyBaseline.Learn(ctl95);
            DecisionToSendBaseline.Learn(dsd95);
        }
        return features;
    }

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;
}
