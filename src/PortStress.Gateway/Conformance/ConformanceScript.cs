namespace PortStress.Gateway.Conformance;

/// <summary>A parsed acceptance script (<c>.def</c>): its name and its steps in order.</summary>
/// <param name="Name">The file name without <c>.def</c>, e.g. <c>1a_ValidLogonWithCorrectMsgSeqNum</c>.</param>
/// <param name="Steps">The steps, one per non-blank, non-comment line.</param>
internal sealed record ConformanceScript(string Name, IReadOnlyList<ScriptStep> Steps)
{
    /// <summary>Number of steps that wait for the engine (Expect and ExpectDisconnect).</summary>
    public int ExpectationCount => Steps.Count(s => s.Kind is ScriptStepKind.Expect or ScriptStepKind.ExpectDisconnect);
}
