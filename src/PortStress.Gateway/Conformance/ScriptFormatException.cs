namespace PortStress.Gateway.Conformance;

/// <summary>A script line the parser does not understand; the message names the script and line.</summary>
internal sealed class ScriptFormatException : Exception
{
    public ScriptFormatException()
    {
    }

    public ScriptFormatException(string message)
        : base(message)
    {
    }

    public ScriptFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ScriptFormatException(string script, int line, string reason)
        : base($"{script}: line {line}: {reason}")
    {
        Line = line;
    }

    /// <summary>The 1-based line at fault, or 0.</summary>
    public int Line { get; }
}
