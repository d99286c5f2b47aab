using System.Globalization;
using System.Numerics;
using Microsoft.Extensions.Options;

namespace PortStress.Execution.Gate;

/// <summary>
/// Checks <see cref="GateOptions"/> as a whole: the DataAnnotations ranges (source-generated) and the rules that span
/// fields or venues. Every problem is listed with its configuration key, e.g.
/// <c>PortStress:Gate:Venues:XNAS:MinimumQuantity (50) must be a multiple of the lot size (100)</c>.
/// </summary>
public sealed class GateOptionsValidator : IValidateOptions<GateOptions>
{
    private const string Prefix = GateOptions.SectionName + ":";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, GateOptions options)
    {
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every problem when <paramref name="options"/> are invalid.</summary>
    /// <param name="options">The options.</param>
    public static void ThrowIfInvalid(GateOptions options)
    {
        var errors = Errors(options);
        if (errors.Count > 0)
            throw new OptionsValidationException(Options.DefaultName, typeof(GateOptions), errors);
    }

    /// <summary>Every problem with <paramref name="options"/>, empty when valid.</summary>
    /// <param name="options">The options.</param>
    public static IReadOnlyList<string> Errors(GateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var annotations = new GateOptionsAnnotations().Validate(null, options);
        if (annotations.Failed)
        {
            foreach (var failure in annotations.Failures)
                errors.Add(Prefix + failure.Replace("DataAnnotation validation failed for 'GateOptions' members: ", "", StringComparison.Ordinal));
        }
        Positive(errors, nameof(GateOptions.TimerTick), options.TimerTick, TimeSpan.FromMilliseconds(0.1), TimeSpan.FromSeconds(1));
        Positive(errors, nameof(GateOptions.RetryBaseDelay), options.RetryBaseDelay, TimeSpan.FromTicks(1), TimeSpan.FromHours(1));
        Positive(errors, nameof(GateOptions.RetryMaxDelay), options.RetryMaxDelay, TimeSpan.FromTicks(1), TimeSpan.FromHours(1));
        Positive(errors, nameof(GateOptions.ContainmentMaxHold), options.ContainmentMaxHold, TimeSpan.FromTicks(1), TimeSpan.FromDays(1));
        Positive(errors, nameof(GateOptions.ApprovalTimeout), options.ApprovalTimeout, TimeSpan.FromTicks(1), TimeSpan.FromDays(1));
        Positive(errors, nameof(GateOptions.CatchUpWindow), options.CatchUpWindow, TimeSpan.FromTicks(1), TimeSpan.FromHours(1));
        Positive(errors, nameof(GateOptions.SessionWarmAge), options.SessionWarmAge, TimeSpan.FromTicks(1), TimeSpan.FromDays(1));
        Positive(errors, nameof(GateOptions.SessionFailureHalfLife), options.SessionFailureHalfLife, TimeSpan.FromTicks(1), TimeSpan.FromDays(1));
        Positive(errors, nameof(GateOptions.SessionAckLatencyReference), options.SessionAckLatencyReference, TimeSpan.FromTicks(1), TimeSpan.FromHours(1));
        if (options.RetryMaxDelay < options.RetryBaseDelay)
            errors.Add($"{Prefix}RetryMaxDelay ({options.RetryMaxDelay}) must not be below RetryBaseDelay ({options.RetryBaseDelay})");
        if (!BitOperations.IsPow2(options.WheelSlots))
            errors.Add($"{Prefix}WheelSlots must be a power of two (got {options.WheelSlots})");
        if (options.ApprovalCredentials is null)
            errors.Add($"{Prefix}ApprovalCredentials must be present (may be empty)");
        else
        {
            for (var i = 0; i < options.ApprovalCredentials.Count; i++)
            {
                if (string.IsNullOrEmpty(options.ApprovalCredentials[i]) || options.ApprovalCredentials[i].Length < 16)
                    errors.Add($"{Prefix}ApprovalCredentials:{i} must be at least 16 characters");
            }
        }
        if (options.Venues is null)
        {
            errors.Add($"{Prefix}Venues must be present (may be empty)");
            return errors;
        }
        foreach (var (venue, v) in options.Venues)
        {
            var key = $"{Prefix}Venues:{venue}:";
            if (string.IsNullOrEmpty(venue))
                errors.Add($"{Prefix}Venues has an empty venue name");
            if (v is null)
            {
                errors.Add($"{key} has no settings");
                continue;
            }
            if (v.LotSize is { } lot && lot <= 0)
                errors.Add($"{key}LotSize must be positive (got {Text(lot)})");
            if (v.MinimumQuantity is { } min && min < 0)
                errors.Add($"{key}MinimumQuantity must not be negative (got {Text(min)})");
            if (v.MessagesPerSecond is { } rate && (rate < 0 || rate > 1_000_000))
                errors.Add($"{key}MessagesPerSecond must be between 0 and 1000000 (got {rate})");
            if (v.MessageBurst is { } burst && (burst < 0 || burst > 1_000_000))
                errors.Add($"{key}MessageBurst must be between 0 and 1000000 (got {burst})");
        }
        return errors;
    }

    private static void Positive(List<string> errors, string name, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
            errors.Add($"{Prefix}{name} must be between {min} and {max} (got {value})");
    }

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Checks the DataAnnotations on <see cref="GateOptions"/> (source-generated, no reflection).</summary>
[OptionsValidator]
internal sealed partial class GateOptionsAnnotations : IValidateOptions<GateOptions>
{
}
