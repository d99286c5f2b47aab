using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PortStress.Fix.Engine.Internal;

namespace PortStress.Fix.Engine;

/// <summary>
/// Checks <see cref="FixEngineOptions"/> as a whole: every session goes through the same parser
/// and rules as a QuickFIX file (<see cref="FixEngineOptionsMapper"/>), sessions are checked against
/// each other, and, when the options were bound from configuration, keys that bind to nothing are
/// reported. Every problem is listed, each naming the session (options path and SessionId) and the
/// key, e.g. <c>Sessions[1] FIX.4.4:GW-&gt;VENUE: SocketConnectPort must be 1..65535 (got '0')</c>.
/// The DataAnnotations on the engine-wide options are checked by a generated validator registered beside this one.
/// </summary>
public sealed class FixEngineOptionsValidator : IValidateOptions<FixEngineOptions>
{
    private readonly IConfiguration? _configuration;

    /// <summary>Creates the validator.</summary>
    /// <param name="configuration">The section the options are bound from, to report unknown keys; null when configured in code.</param>
    public FixEngineOptionsValidator(IConfiguration? configuration = null)
    {
        _configuration = configuration;
    }

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, FixEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new SettingsErrorSink();
        if (_configuration is not null)
        {
            ConfigurationKeyCheck.Check(_configuration, options, errors);
        }

        foreach (var error in FixEngineOptionsMapper.Map(options).Errors)
        {
            errors.Add(error);
        }

        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Errors.Select(e => e.ToString()));
    }
}
