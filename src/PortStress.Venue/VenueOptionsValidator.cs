using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;

namespace PortStress.Venue;

/// <summary>Checks <see cref="VenueOptions"/>; every failure names its key (e.g. <c>Symbols[1].TickSize</c>).</summary>
public sealed class VenueOptionsValidator : IValidateOptions<VenueOptions>
{
    private static readonly string[] BeginStrings = ["FIX.4.2", "FIX.4.4"];

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, VenueOptions options)
    {
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem with <paramref name="options"/>, one message each; empty when they are usable.</summary>
    /// <param name="options">The options.</param>
    public static IReadOnlyList<string> Errors(VenueOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        void Fail(string key, string problem) => errors.Add($"{key}: {problem}");

        if (!IPAddress.TryParse(options.ListenAddress ?? string.Empty, out _))
            Fail("ListenAddress", $"'{options.ListenAddress}' is not an IP address");
        if (options.Port is < 0 or > 65535)
            Fail("Port", $"{options.Port} is not a port (0 picks a free one)");
        if (options.Sessions is null || options.Sessions.Count == 0)
            Fail("Sessions", "at least one session is required");
        else
            CheckSessions(options.Sessions, Fail);
        if (options.Symbols is null || options.Symbols.Count == 0)
            Fail("Symbols", "at least one symbol is required");
        else
            CheckSymbols(options.Symbols, Fail);
        if (options.StepInterval <= TimeSpan.Zero || options.StepInterval > TimeSpan.FromMinutes(1))
            Fail("StepInterval", $"{options.StepInterval} must be greater than 0 and at most 1 minute");
        if (options.MidRecordInterval <= TimeSpan.Zero)
            Fail("MidRecordInterval", $"{options.MidRecordInterval} must be greater than 0");
        if (options.FillModel is null)
            Fail("FillModel", "is required");
        else if (options.FillModel.DisplayedSize <= 0)
            Fail("FillModel.DisplayedSize", $"{Num(options.FillModel.DisplayedSize)} must be greater than 0");
        if (!double.IsFinite(options.MaxOrdersPerSecond) || options.MaxOrdersPerSecond < 0)
            Fail("MaxOrdersPerSecond", $"{Num(options.MaxOrdersPerSecond)} must be 0 (no limit) or more");
        if (options.LogonTimeout <= TimeSpan.Zero)
            Fail("LogonTimeout", $"{options.LogonTimeout} must be greater than 0");
        if (options.Faults is null)
        {
            Fail("Faults", "is required");
        }
        else
        {
            if (options.Faults.LogonDelay < TimeSpan.Zero)
                Fail("Faults.LogonDelay", $"{options.Faults.LogonDelay} must not be negative");
            if (options.Faults.AckDelay < TimeSpan.Zero)
                Fail("Faults.AckDelay", $"{options.Faults.AckDelay} must not be negative");
            if (options.Faults.DropSessionsEvery is { } every && every <= TimeSpan.Zero)
                Fail("Faults.DropSessionsEvery", $"{every} must be greater than 0 (or null: never)");
        }

        return errors;
    }

    private static void CheckSessions(IList<VenueSessionOptions> sessions, Action<string, string> fail)
    {
        var seen = new HashSet<(string, string, string)>();
        for (var i = 0; i < sessions.Count; i++)
        {
            var key = $"Sessions[{i}]";
            var s = sessions[i];
            if (s is null)
            {
                fail(key, "is empty");
                continue;
            }

            if (!BeginStrings.Contains(s.BeginString))
                fail($"{key}.BeginString", $"'{s.BeginString}' is not supported (FIX.4.2 or FIX.4.4)");
            if (string.IsNullOrWhiteSpace(s.SenderCompId))
                fail($"{key}.SenderCompId", "is required");
            if (s.TargetCompIds is null || s.TargetCompIds.Count == 0)
            {
                fail($"{key}.TargetCompIds", "at least one counterparty CompID is required");
                continue;
            }

            for (var j = 0; j < s.TargetCompIds.Count; j++)
            {
                var target = s.TargetCompIds[j];
                if (string.IsNullOrWhiteSpace(target))
                    fail($"{key}.TargetCompIds[{j}]", "is empty");
                else if (!seen.Add((s.BeginString, s.SenderCompId, target)))
                    fail($"{key}.TargetCompIds[{j}]", $"session {s.BeginString}:{s.SenderCompId}->{target} is configured twice");
            }
        }
    }

    private static void CheckSymbols(IList<VenueSymbolOptions> symbols, Action<string, string> fail)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < symbols.Count; i++)
        {
            var key = $"Symbols[{i}]";
            var s = symbols[i];
            if (s is null)
            {
                fail(key, "is empty");
                continue;
            }

            if (string.IsNullOrWhiteSpace(s.Symbol))
                fail($"{key}.Symbol", "is required");
            else if (!seen.Add(s.Symbol))
                fail($"{key}.Symbol", $"'{s.Symbol}' is configured twice");
            if (s.TickSize <= 0)
                fail($"{key}.TickSize", $"{Num(s.TickSize)} must be greater than 0");
            if (s.InitialPrice <= 0)
                fail($"{key}.InitialPrice", $"{Num(s.InitialPrice)} must be greater than 0");
            else if (s.TickSize > 0 && s.InitialPrice < s.TickSize * Math.Max(1, s.SpreadTicks))
                fail($"{key}.InitialPrice", $"{Num(s.InitialPrice)} must be at least the spread ({Math.Max(1, s.SpreadTicks)} ticks of {Num(s.TickSize)})");
            if (!double.IsFinite(s.Volatility) || s.Volatility < 0 || s.Volatility > 0.1)
                fail($"{key}.Volatility", $"{Num(s.Volatility)} must be between 0 and 0.1 (per √second)");
            if (s.SpreadTicks < 1)
                fail($"{key}.SpreadTicks", $"{s.SpreadTicks} must be at least 1");
            if (!double.IsFinite(s.VolumePerSecond) || s.VolumePerSecond < 0)
                fail($"{key}.VolumePerSecond", $"{Num(s.VolumePerSecond)} must be 0 or more");
        }
    }

    private static string Num(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Num(double value) => value.ToString(CultureInfo.InvariantCulture);
}
