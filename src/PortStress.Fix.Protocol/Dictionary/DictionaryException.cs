namespace PortStress.Fix.Protocol.Dictionary;

/// <summary>A data dictionary could not be loaded; the message names the file and the element.</summary>
public sealed class DictionaryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DictionaryException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong, and where.</param>
    public DictionaryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong, and where.</param>
    /// <param name="innerException">The cause.</param>
    public DictionaryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
