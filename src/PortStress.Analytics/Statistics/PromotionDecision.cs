namespace PortStress.Analytics.Statistics;

/// <summary>The promotion gate's verdict, the reasons a person reads, and the figures behind them.</summary>
/// <param name="Promote">True only when tail cost falls with an interval excluding zero and completion does not regress.</param>
/// <param name="Reasons">One sentence per rule (and per data problem), in the order they were checked.</param>
/// <param name="TailChange">The deciding figure: q95 IS of stressed-decided children, controlled − shadow, bps (matched when <see cref="PromotionGateOptions.MatchArms"/>).</param>
/// <param name="RawTailChange">The same without matching.</param>
/// <param name="MeanChange">Mean IS of stressed-decided children, controlled − shadow, bps (matched when matching).</param>
/// <param name="CompletionChange">Completion rate (filled / intended quantity) of stressed-decided children, controlled − shadow.</param>
/// <param name="ShadowCompletion">Shadow arm's completion rate.</param>
/// <param name="ControlledCompletion">Controlled arm's completion rate.</param>
/// <param name="ShadowStressed">Out-of-sample stressed-decided children in the shadow arm.</param>
/// <param name="ControlledStressed">The same in the controlled arm.</param>
/// <param name="ShadowWindows">Out-of-sample windows in the shadow arm.</param>
/// <param name="ControlledWindows">The same in the controlled arm.</param>
/// <param name="InSampleExcluded">Children left out as in-sample (before the evaluation start).</param>
/// <param name="Matching">The arm-matching result (balance, counts) when the arms were matched; null otherwise.</param>
public sealed record PromotionDecision(
    bool Promote,
    IReadOnlyList<string> Reasons,
    Interval TailChange,
    Interval RawTailChange,
    Interval MeanChange,
    Interval CompletionChange,
    double ShadowCompletion,
    double ControlledCompletion,
    int ShadowStressed,
    int ControlledStressed,
    int ShadowWindows,
    int ControlledWindows,
    int InSampleExcluded,
    MatchedCohortResult? Matching)
{
    /// <summary>"PROMOTE" or "DO NOT PROMOTE", then the reasons, one per line.</summary>
    public override string ToString() =>
        (Promote ? "PROMOTE" : "DO NOT PROMOTE") + Environment.NewLine + string.Join(Environment.NewLine, Reasons.Select(r => "- " + r));
}
