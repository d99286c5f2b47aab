using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using PortStress.Control.Classification;
using PortStress.Control.Internal;

namespace PortStress.Control;

/// <summary>
/// Checks <see cref="ControlOptions"/> as a whole: the DataAnnotations ranges (source-generated), the tick and
/// window lengths, classifier coefficients, every decoder exit threshold below its entry threshold, and the policy
/// table. Every problem is listed with its configuration key, e.g.
/// <c>PortStress:Control:Decoder:YellowExitProbability (0.6) must be below PortStress:Control:Decoder:YellowEntryProbability (0.5)</c>.
/// </summary>
public sealed partial class ControlOptionsValidator : IValidateOptions<ControlOptions>
{
    private const string Prefix = ControlOptions.SectionName + ":";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ControlOptions options)
    {
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every problem when <paramref name="options"/> are invalid.</summary>
    /// <param name="options">The options.</param>
    public static void ThrowIfInvalid(ControlOptions options)
    {
        var errors = Errors(options);
        if (errors.Count > 0)
            throw new OptionsValidationException(Options.DefaultName, typeof(ControlOptions), errors);
    }

    /// <summary>Every problem with <paramref name="options"/>, empty when valid.</summary>
    /// <param name="options">The options.</param>
    public static IReadOnlyList<string> Errors(ControlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var annotations = new ControlOptionsAnnotations().Validate(null, options);
        if (annotations.Failed)
            errors.AddRange(annotations.Failures.Select(Rephrase));
        if (options.TickInterval < TimeSpan.FromMilliseconds(10) || options.TickInterval > TimeSpan.FromMinutes(1))
            errors.Add($"{Prefix}TickInterval must be between 00:00:00.010 and 00:01:00 (got {options.TickInterval})");
        if (options.RingCapacity < 2 || !BitOperations.IsPow2(options.RingCapacity))
            errors.Add($"{Prefix}RingCapacity must be a power of two, at least 2 (got {options.RingCapacity})");
        if (options.RingWakeBacklog < 1 || options.RingWakeBacklog > options.RingCapacity)
            errors.Add($"{Prefix}RingWakeBacklog must be between 1 and RingCapacity ({options.RingCapacity}) (got {options.RingWakeBacklog})");
        if (options.Baseline is null || options.Classifier is null || options.Decoder is null || options.Policy is null || options.Signals is null || options.Sampler is null)
        {
            errors.Add($"{Prefix}Baseline, Classifier, Decoder, Policy, Signals and Sampler must all be present");
            return errors;
        }
        if (options.Baseline.HalfLife <= TimeSpan.Zero)
            errors.Add($"{Prefix}Baseline:HalfLife must be positive (got {options.Baseline.HalfLife})");
        if (options.Signals.CountWindow <= TimeSpan.Zero || options.Signals.LatencyWindow <= TimeSpan.Zero || options.Signals.ReconnectWindow <= TimeSpan.Zero)
            errors.Add($"{Prefix}Signals:CountWindow, LatencyWindow and ReconnectWindow must be positive");
        if (!double.IsFinite(options.Classifier.Intercept))
            errors.Add($"{Prefix}Classifier:Intercept must be a finite number (got {options.Classifier.Intercept.ToString(CultureInfo.InvariantCulture)})");
        for (var i = 0; i < StressClassifier.InputCount; i++)
        {
            var input = (ClassifierInput)i;
            var c = options.Classifier.Coefficient(input);
            if (c is null)
                errors.Add($"{Prefix}Classifier:{input} is missing");
            else if (!(c.Scale > 0) || !double.IsFinite(c.Scale) || !double.IsFinite(c.Mean) || !double.IsFinite(c.Weight))
                errors.Add($"{Prefix}Classifier:{input}: Scale must be a finite number above 0 and Mean and Weight finite (got Mean {F(c.Mean)}, Scale {F(c.Scale)}, Weight {F(c.Weight)})");
        }
        errors.AddRange(options.Decoder.Check(Prefix + "Decoder:"));
        errors.AddRange(options.Policy.Check(Prefix + "Policy:"));
        return errors.Distinct().ToList();
    }

    private static string F(double value) => value.ToString("G", CultureInfo.InvariantCulture);

    /// <summary>
    /// Turns the generated validator's "DataAnnotation validation failed for 'ControlOptions' members: 'X' with the
    /// error: 'The field ControlOptions.Decoder.X must be between 1 and 3.'" into
    /// "PortStress:Control:Decoder:X must be between 1 and 3".
    /// </summary>
    private static string Rephrase(string failure)
    {
        var match = AnnotationFailure().Match(failure);
        return match.Success
            ? $"{Prefix}{match.Groups["path"].Value.Replace('.', ':')} {match.Groups["rest"].Value}"
            : Prefix + failure;
    }

    [GeneratedRegex(@"The field ControlOptions\.(?<path>[\w.]+) (?<rest>.*?)\.?'?\.?$")]
    private static partial Regex AnnotationFailure();
}
