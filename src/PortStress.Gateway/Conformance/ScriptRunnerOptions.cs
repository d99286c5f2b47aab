namespace PortStress.Gateway.Conformance;

/// <summary>Settings of a <see cref="ScriptRunner"/>.</summary>
internal sealed record ScriptRunnerOptions
{
    /// <summary>How long each expected message, expected disconnect or connect may take.</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a CONNECT step may take; separate from <see cref="StepTimeout"/>, which times the engine's answers.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock for <c>&lt;TIME&gt;</c> and <c>sleep(N)</c>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
