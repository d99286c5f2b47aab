namespace PortStress.Gateway.Bench;

/// <summary>One target of issue 3 and whether the run met it.</summary>
internal sealed record TargetVerdict(string Name, string Goal, double Value, bool Met);
