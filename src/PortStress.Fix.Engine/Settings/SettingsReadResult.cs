namespace PortStress.Fix.Engine;

/// <summary>What reading settings produced: the sessions that are complete and every problem found.</summary>
/// <param name="Sessions">The sessions read without a problem, in source order.</param>
/// <param name="Errors">Every problem found (empty when the settings are usable).</param>
public sealed record SettingsReadResult(IReadOnlyList<EngineSessionConfig> Sessions, IReadOnlyList<SettingsError> Errors)
{
    /// <summary>True when no problem was found.</summary>
    public bool Succeeded => Errors.Count == 0;

    /// <summary>The sessions, or a <see cref="SettingsException"/> listing every problem.</summary>
    /// <exception cref="SettingsException">At least one problem was found.</exception>
    public IReadOnlyList<EngineSessionConfig> GetSessionsOrThrow() =>
        Succeeded ? Sessions : throw new SettingsException(Errors);
}
