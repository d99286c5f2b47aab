namespace PortStress.Gateway.Conformance;

/// <summary>Where and why a script failed.</summary>
/// <param name="Step">1-based step number (non-blank, non-comment lines counted in order).</param>
/// <param name="Line">1-based line in the script file.</param>
/// <param name="Reason">The first mismatch or what went wrong, in one line.</param>
/// <param name="Expected">The expected message ('|' for SOH), when the step expected one.</param>
/// <param name="Received">What arrived instead ('|' for SOH), when something did.</param>
internal sealed record ScriptFailure(int Step, int Line, string Reason, string? Expected = null, string? Received = null)
{
    /// <summary><c>step N (line L): reason</c>.</summary>
    public override string ToString() => $"step {Step} (line {Line}): {Reason}";
}

/// <summary>The outcome of one script: passed, or the first failing step.</summary>
/// <param name="Name">The script's name.</param>
/// <param name="Failure">Null when every step passed.</param>
internal sealed record ScriptResult(string Name, ScriptFailure? Failure)
{
    /// <summary>True when every step passed.</summary>
    public bool Passed => Failure is null;
}
