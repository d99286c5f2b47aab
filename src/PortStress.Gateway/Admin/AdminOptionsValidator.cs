using System.Net;
using Microsoft.Extensions.Options;

namespace PortStress.Gateway.Admin;

/// <summary>
/// Checks <see cref="AdminOptions"/> on start: the URLs parse, a token (when set) has at least
/// <see cref="MinimumTokenLength"/> characters, and a non-loopback listener has a token.
/// </summary>
public sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    /// <summary>The shortest token accepted.</summary>
    public const int MinimumTokenLength = 16;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var hasToken = !string.IsNullOrEmpty(options.Token);
        if (hasToken && options.Token!.Length < MinimumTokenLength)
            failures.Add($"{AdminOptions.SectionName}:Token must have at least {MinimumTokenLength} characters (got {options.Token.Length}).");
        foreach (var url in SplitUrls(options.Urls))
        {
            if (!TryGetHost(url, out var host))
            {
                failures.Add($"{AdminOptions.SectionName}:Urls: '{url}' is not an http(s) URL.");
                continue;
            }
            if (!hasToken && !IsLoopback(host))
            {
                failures.Add($"{AdminOptions.SectionName}:Urls: '{url}' is not a loopback address; set {AdminOptions.SectionName}:Token " +
                    "before exposing the admin API beyond this host.");
            }
        }
        if (options.ReadyTickAge <= TimeSpan.Zero)
            failures.Add($"{AdminOptions.SectionName}:ReadyTickAge must be positive (got {options.ReadyTickAge}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The URLs of a <c>;</c>-separated list.</summary>
    /// <param name="urls">The list.</param>
    public static IEnumerable<string> SplitUrls(string? urls) =>
        (urls ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>True for <c>localhost</c>, 127.0.0.0/8 and ::1. Wildcards (<c>*</c>, <c>+</c>, 0.0.0.0, [::]) are not loopback.</summary>
    /// <param name="host">A host name or address.</param>
    public static bool IsLoopback(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
            return true;
        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    private static bool TryGetHost(string url, out string host)
    {
        host = string.Empty;
        // Kestrel accepts http://*:port and http://+:port, which Uri does not parse.
        var normalized = url.Replace("://*", "://wildcard.invalid", StringComparison.Ordinal).Replace("://+", "://wildcard.invalid", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return false;
        host = uri.Host;
        return true;
    }
}
