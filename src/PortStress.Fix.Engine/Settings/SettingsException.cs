namespace PortStress.Fix.Engine;

/// <summary>Session settings could not be read; <see cref="Errors"/> lists every problem found, not just the first.</summary>
public sealed class SettingsException : Exception
{
    /// <summary>Creates the exception for a list of problems.</summary>
    /// <param name="errors">Every problem found.</param>
    public SettingsException(IReadOnlyList<SettingsError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception with a message and no listed problems.</summary>
    public SettingsException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a message and no listed problems.</summary>
    /// <param name="message">Why.</param>
    public SettingsException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Creates the exception with a message, a cause and no listed problems.</summary>
    /// <param name="message">Why.</param>
    /// <param name="innerException">The cause.</param>
    public SettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<SettingsError> Errors { get; }

    private static string Describe(IReadOnlyList<SettingsError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count == 0
            ? "The session settings are invalid."
            : $"The session settings have {errors.Count} problem(s):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors);
    }
}
