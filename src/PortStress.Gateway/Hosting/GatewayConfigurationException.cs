namespace PortStress.Gateway.Hosting;

/// <summary>The gateway's configuration directory has problems; <see cref="Errors"/> lists every one, each naming file, session and key.</summary>
public sealed class GatewayConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GatewayConfigurationException()
        : this([])
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public GatewayConfigurationException(string message)
        : this([message])
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="inner">Why.</param>
    public GatewayConfigurationException(string message, Exception inner)
        : base(message, inner)
    {
        Errors = [message];
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="errors">Every problem found.</param>
    public GatewayConfigurationException(IReadOnlyList<string> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Every problem, one line each.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string Describe(IReadOnlyList<string> errors) =>
        errors.Count == 1 ? errors[0] : $"{errors.Count} configuration problems:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}";
}
