using System.ComponentModel.DataAnnotations;

namespace PortStress.Control.Decoding;

/// <summary>
/// Entry and exit thresholds and minimum dwell of the state decoder (defaults follow DESIGN.md's state table).
/// A state is entered when its entry rule fires and held while any exit ("stay") rule of it or a worse state
/// holds; every exit threshold must be below (less strict than) its entry threshold. Ratios are 0..1; latency
/// thresholds are multiples of the trailing baseline.
/// </summary>
public sealed class DecoderOptions
{
    /// <summary>YELLOW entry on P(stress) at or above this. Default 0.5.</summary>
    [Range(0.0, 1.0)]
    public double YellowEntryProbability { get; set; } = 0.5;

    /// <summary>YELLOW is held while P(stress) is at or above this. Default 0.3.</summary>
    [Range(0.0, 1.0)]
    public double YellowExitProbability { get; set; } = 0.3;

    /// <summary>YELLOW entry on PPR at or above this. Default 0.3.</summary>
    [Range(0.0, 1.0)]
    public double YellowEntryPortPressure { get; set; } = 0.3;

    /// <summary>YELLOW is held while PPR is at or above this. Default 0.2.</summary>
    [Range(0.0, 1.0)]
    public double YellowExitPortPressure { get; set; } = 0.2;

    /// <summary>YELLOW entry on TWR at or above this. Default 0.3.</summary>
    [Range(0.0, 1.0)]
    public double YellowEntryTimeWait { get; set; } = 0.3;

    /// <summary>YELLOW is held while TWR is at or above this. Default 0.2.</summary>
    [Range(0.0, 1.0)]
    public double YellowExitTimeWait { get; set; } = 0.2;

    /// <summary>YELLOW entry on CTL95 at or above this multiple of its baseline (mild growth). Default 1.5.</summary>
    [Range(1.0, 1000.0)]
    public double YellowEntryConnectLatency { get; set; } = 1.5;

    /// <summary>YELLOW is held while CTL95 is at or above this multiple. Default 1.25.</summary>
    [Range(1.0, 1000.0)]
    public double YellowExitConnectLatency { get; set; } = 1.25;

    /// <summary>ORANGE entry on P(stress) at or above this. Default 0.9.</summary>
    [Range(0.0, 1.0)]
    public double OrangeEntryProbability { get; set; } = 0.9;

    /// <summary>ORANGE is held while P(stress) is at or above this. Default 0.75.</summary>
    [Range(0.0, 1.0)]
    public double OrangeExitProbability { get; set; } = 0.75;

    /// <summary>ORANGE entry (with the RBI and DSD conditions): CFR at or above this. Default 0.05.</summary>
    [Range(0.0, 1.0)]
    public double OrangeEntryConnectFailureRatio { get; set; } = 0.05;

    /// <summary>ORANGE stay signal: CFR at or above this. Default 0.03.</summary>
    [Range(0.0, 1.0)]
    public double OrangeExitConnectFailureRatio { get; set; } = 0.03;

    /// <summary>ORANGE entry (with CFR and DSD): RBI at or above this (uniform retries give 0.2). Default 0.5.</summary>
    [Range(0.0, 1.0)]
    public double OrangeEntryRetryBurst { get; set; } = 0.5;

    /// <summary>ORANGE stay signal: RBI at or above this. Default 0.35.</summary>
    [Range(0.0, 1.0)]
    public double OrangeExitRetryBurst { get; set; } = 0.35;

    /// <summary>ORANGE entry (with CFR and RBI): DSD95 at or above this multiple of its baseline. Default 1.5.</summary>
    [Range(1.0, 1000.0)]
    public double OrangeEntryDecisionToSend { get; set; } = 1.5;

    /// <summary>ORANGE stay signal: DSD95 at or above this multiple. Default 1.25.</summary>
    [Range(1.0, 1000.0)]
    public double OrangeExitDecisionToSend { get; set; } = 1.25;

    /// <summary>ORANGE is held while at least this many of its three stay signals (CFR, RBI, DSD) hold. Default 2.</summary>
    [Range(1, 3)]
    public int OrangeExitMinimumSignals { get; set; } = 2;

    /// <summary>RED entry (with the CFR condition): at least this many connect failures in the window. Default 10.</summary>
    [Range(1, int.MaxValue)]
    public int RedEntryConnectFailures { get; set; } = 10;

    /// <summary>RED stay: at least this many failures (with the CFR stay condition). Default 5.</summary>
    [Range(1, int.MaxValue)]
    public int RedExitConnectFailures { get; set; } = 5;

    /// <summary>RED entry (with the failure count): CFR at or above this. Default 0.25.</summary>
    [Range(0.0, 1.0)]
    public double RedEntryConnectFailureRatio { get; set; } = 0.25;

    /// <summary>RED stay: CFR at or above this (with the failure count). Default 0.15.</summary>
    [Range(0.0, 1.0)]
    public double RedExitConnectFailureRatio { get; set; } = 0.15;

    /// <summary>RED entry on tail blow-out: CTL95 or DSD95 at or above this multiple of its baseline for <see cref="RedTailPersistence"/>. Default 4.</summary>
    [Range(1.0, 1000.0)]
    public double RedEntryTailRelative { get; set; } = 4;

    /// <summary>How long the tail must stay at <see cref="RedEntryTailRelative"/> before RED is entered. Default 2 s.</summary>
    public TimeSpan RedTailPersistence { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>RED stay: CTL95 or DSD95 at or above this multiple. Default 3.</summary>
    [Range(1.0, 1000.0)]
    public double RedExitTailRelative { get; set; } = 3;

    /// <summary>Least time in YELLOW before stepping down to GREEN. Default 5 s.</summary>
    public TimeSpan YellowMinimumDwell { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Least time in ORANGE before stepping down to YELLOW. Default 10 s.</summary>
    public TimeSpan OrangeMinimumDwell { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Least time in RED before stepping down to ORANGE. Default 30 s.</summary>
    public TimeSpan RedMinimumDwell { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The minimum dwell of a state (zero for GREEN, which is never stepped down from).</summary>
    /// <param name="state">The state.</param>
    public TimeSpan MinimumDwell(StressState state) => state switch
    {
        StressState.Yellow => YellowMinimumDwell,
        StressState.Orange => OrangeMinimumDwell,
        StressState.Red => RedMinimumDwell,
        _ => TimeSpan.Zero,
    };

    /// <summary>Cross-field rules: every exit threshold below its entry threshold, non-negative times.</summary>
    /// <param name="prefix">Prepended to each key in the messages (e.g. <c>PortStress:Control:Decoder:</c>).</param>
    /// <returns>One message per broken rule.</returns>
    public IEnumerable<string> Check(string prefix = "")
    {
        static string F(double v) => v.ToString("G", System.Globalization.CultureInfo.InvariantCulture);
        IEnumerable<string> Below(string exit, double exitValue, string entry, double entryValue) =>
            exitValue < entryValue ? [] : [$"{prefix}{exit} ({F(exitValue)}) must be below {prefix}{entry} ({F(entryValue)}): exit thresholds sit below entry thresholds"];
        IEnumerable<string> NonNegative(string key, TimeSpan value) =>
            value >= TimeSpan.Zero ? [] : [$"{prefix}{key} ({value}) must not be negative"];

        return Below(nameof(YellowExitProbability), YellowExitProbability, nameof(YellowEntryProbability), YellowEntryProbability)
            .Concat(Below(nameof(YellowExitPortPressure), YellowExitPortPressure, nameof(YellowEntryPortPressure), YellowEntryPortPressure))
            .Concat(Below(nameof(YellowExitTimeWait), YellowExitTimeWait, nameof(YellowEntryTimeWait), YellowEntryTimeWait))
            .Concat(Below(nameof(YellowExitConnectLatency), YellowExitConnectLatency, nameof(YellowEntryConnectLatency), YellowEntryConnectLatency))
            .Concat(Below(nameof(OrangeExitProbability), OrangeExitProbability, nameof(OrangeEntryProbability), OrangeEntryProbability))
            .Concat(Below(nameof(OrangeExitConnectFailureRatio), OrangeExitConnectFailureRatio, nameof(OrangeEntryConnectFailureRatio), OrangeEntryConnectFailureRatio))
            .Concat(Below(nameof(OrangeExitRetryBurst), OrangeExitRetryBurst, nameof(OrangeEntryRetryBurst), OrangeEntryRetryBurst))
            .Concat(Below(nameof(OrangeExitDecisionToSend), OrangeExitDecisionToSend, nameof(OrangeEntryDecisionToSend), OrangeEntryDecisionToSend))
            .Concat(Below(nameof(RedExitConnectFailureRatio), RedExitConnectFailureRatio, nameof(RedEntryConnectFailureRatio), RedEntryConnectFailureRatio))
            .Concat(Below(nameof(RedExitTailRelative), RedExitTailRelative, nameof(RedEntryTailRelative), RedEntryTailRelative))
            .Concat(RedExitConnectFailures <= RedEntryConnectFailures ? [] :
                [$"{prefix}{nameof(RedExitConnectFailures)} ({RedExitConnectFailures}) must not exceed {prefix}{nameof(RedEntryConnectFailures)} ({RedEntryConnectFailures})"])
            .Concat(NonNegative(nameof(RedTailPersistence), RedTailPersistence))
            .Concat(NonNegative(nameof(YellowMinimumDwell), YellowMinimumDwell))
            .Concat(NonNegative(nameof(OrangeMinimumDwell), OrangeMinimumDwell))
            .Concat(NonNegative(nameof(RedMinimumDwell), RedMinimumDwell));
    }
}
