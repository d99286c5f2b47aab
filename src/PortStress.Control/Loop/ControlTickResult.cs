using PortStress.Control.Decoding;

namespace PortStress.Control.Loop;

/// <summary>What one control tick computed and decided.</summary>
/// <param name="Timestamp">The tick's timestamp.</param>
/// <param name="Features">The features.</param>
/// <param name="StressProbability">P(stress).</param>
/// <param name="Decision">The decoder's decision (from, to, rule).</param>
/// <param name="EventsDrained">Ring events drained by this tick.</param>
public readonly record struct ControlTickResult(long Timestamp, ControlFeatures Features, double StressProbability, StateDecision Decision, int EventsDrained);
