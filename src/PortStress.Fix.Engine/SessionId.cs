namespace PortStress.Fix.Engine;

/// <summary>Identifies a session by BeginString and CompIDs (from this side's point of view), plus an optional qualifier.</summary>
/// <param name="BeginString">FIX.4.2, FIX.4.4 or FIXT.1.1.</param>
/// <param name="SenderCompId">Our CompID (49 on what we send).</param>
/// <param name="TargetCompId">The counterparty's CompID (56 on what we send).</param>
/// <param name="Qualifier">Distinguishes sessions with the same CompIDs; empty when unused.</param>
public readonly record struct SessionId(string BeginString, string SenderCompId, string TargetCompId, string Qualifier = "")
{
    /// <inheritdoc />
    public override string ToString() =>
        Qualifier.Length == 0 ? $"{BeginString}:{SenderCompId}->{TargetCompId}" : $"{BeginString}:{SenderCompId}->{TargetCompId}:{Qualifier}";
}
