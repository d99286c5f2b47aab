namespace PortStress.Analytics.Synthetic;

/// <summary>Generated children and the truth injected into them.</summary>
/// <param name="Children">The children, parent by parent.</param>
/// <param name="Truth">What the estimators should recover.</param>
public sealed record SyntheticSample(IReadOnlyList<ChildCost> Children, SyntheticTruth Truth);

/// <summary>
/// The injected effects on the stressed children of this sample (effects on the treated), computed from each
/// child's two potential costs: with and without port stress.
/// </summary>
/// <param name="MeanEffectBps">Mean over stressed children of (cost with stress − cost without).</param>
/// <param name="Q95EffectBps">q95 of stressed children's costs with stress − q95 of the same children's costs without.</param>
/// <param name="MarkoutGapBps">The injected markout gap.</param>
/// <param name="Stressed">Stressed children.</param>
/// <param name="CompletionRate">Filled over intended quantity, all children.</param>
public sealed record SyntheticTruth(double MeanEffectBps, double Q95EffectBps, double MarkoutGapBps, int Stressed, double CompletionRate);
