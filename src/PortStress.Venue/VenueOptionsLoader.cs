using System.Text.Json;
using System.Text.Json.Serialization;

namespace PortStress.Venue;

/// <summary>Reads <see cref="VenueOptions"/> from a JSON file (see <c>config/venue.sample.json</c>) and validates them.</summary>
public static class VenueOptionsLoader
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Loads and validates the file.</summary>
    /// <param name="path">The JSON file.</param>
    /// <exception cref="VenueConfigurationException">The file is missing, is not readable JSON, has an unknown key, or fails validation; the message says which.</exception>
    public static VenueOptions Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VenueConfigurationException($"{path}: cannot be read: {e.Message}", e);
        }

        return Parse(text, path);
    }

    /// <summary>Parses and validates JSON text.</summary>
    /// <param name="json">The JSON.</param>
    /// <param name="source">Where it came from, for messages.</param>
    /// <exception cref="VenueConfigurationException">The text is not readable JSON, has an unknown key, or fails validation.</exception>
    public static VenueOptions Parse(string json, string source = "venue options")
    {
        ArgumentNullException.ThrowIfNull(json);
        VenueOptions? options;
        try
        {
            options = JsonSerializer.Deserialize<VenueOptions>(json, Json);
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 0 } p ? $" at {p.TrimStart('$', '.')}" : string.Empty;
            var line = e.LineNumber is { } l ? $" (line {l + 1})" : string.Empty;
            var problem = e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "unknown key (not a venue option)" : FirstSentence(e.Message);
            throw new VenueConfigurationException($"{source}{where}{line}: {problem}", e);
        }

        if (options is null)
            throw new VenueConfigurationException($"{source}: the file holds no options object");
        var errors = VenueOptionsValidator.Errors(options);
        if (errors.Count > 0)
            throw new VenueConfigurationException($"{source}: " + string.Join("; ", errors));
        return options;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}

/// <summary>The venue's configuration is unusable; the message names the file and key.</summary>
public sealed class VenueConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public VenueConfigurationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong, naming the file and key.</param>
    public VenueConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public VenueConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
