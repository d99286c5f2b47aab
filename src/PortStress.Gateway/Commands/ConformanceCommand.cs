using System.CommandLine;
using System.Text.RegularExpressions;
using PortStress.Fix.Protocol.Dictionary;
using PortStress.Gateway.Conformance;

namespace PortStress.Gateway.Commands;

/// <summary>
/// <c>portstress conformance</c>: runs the QuickFIX session acceptance scripts (<c>.def</c>) of a
/// folder against a fresh acceptor per script and prints <c>PASS name</c> or
/// <c>FAIL name: step N (line L): first mismatch</c> with the expected and received messages,
/// then <c>N passed, M failed</c>. Exit code 0 when all pass, 1 when any fails, 2 on bad input.
/// </summary>
internal static class ConformanceCommand
{
    /// <summary>Builds the command around the engine under test.</summary>
    /// <param name="target">Starts an acceptor per script.</param>
    public static Command Create(IConformanceTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var definitions = new Option<DirectoryInfo>("--definitions") { Description = "Folder of .def scripts (e.g. ../shared/conformance/quickfix-acceptance/fix44).", Required = true };
        var dictionary = new Option<FileInfo>("--dictionary") { Description = "The session's data dictionary (FIX44.xml; the application dictionary on FIXT).", Required = true };
        var transport = new Option<FileInfo?>("--transport-dictionary") { Description = "The transport dictionary (FIXT11.xml) for FIXT.1.1 sessions." };
        var beginString = new Option<string?>("--begin-string") { Description = "BeginString of the session; default: the (transport) dictionary's." };
        var timeout = new Option<int>("--timeout-ms") { Description = "How long each expected message or disconnect may take (the scripts use HeartBtInt up to 30 s and wait for a 2.4x silence timeout on 6 s).", DefaultValueFactory = _ => 20000 };
        var filter = new Option<string?>("--filter") { Description = "Run only scripts whose name matches this glob (* and ?), e.g. '2*' or '*Resend*'." };
        var command = new Command("conformance", "Run the QuickFIX session acceptance scripts against the engine's acceptor.")
        {
            definitions, dictionary, transport, beginString, timeout, filter,
        };
        command.SetAction((parse, cancellation) => RunAsync(
            new ConformanceOptions(parse.GetRequiredValue(definitions), parse.GetRequiredValue(dictionary), parse.GetValue(transport), parse.GetValue(beginString), parse.GetValue(timeout), parse.GetValue(filter)),
            target, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellation));
        return command;
    }

    /// <summary>Runs the scripts and prints the report.</summary>
    /// <param name="options">What to run.</param>
    /// <param name="target">Starts an acceptor per script.</param>
    /// <param name="output">Report lines.</param>
    /// <param name="error">Problems with the input.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    internal static async Task<int> RunAsync(ConformanceOptions options, IConformanceTarget target, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (options.TimeoutMs <= 0)
        {
            await error.WriteLineAsync("conformance: --timeout-ms must be positive").ConfigureAwait(false);
            return 2;
        }

        if (!options.Definitions.Exists)
        {
            await error.WriteLineAsync($"conformance: no folder {options.Definitions.FullName}").ConfigureAwait(false);
            return 2;
        }

        string beginString;
        try
        {
            var application = DataDictionary.Load(options.Dictionary.FullName);
            var transport = options.TransportDictionary is null ? null : DataDictionary.Load(options.TransportDictionary.FullName);
            beginString = options.BeginString ?? (transport ?? application).BeginString;
        }
        catch (Exception e) when (e is DictionaryException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"conformance: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        var glob = options.Filter is null ? null : GlobToRegex(options.Filter);
        var files = options.Definitions.GetFiles("*.def")
            .Where(f => glob is null || glob.IsMatch(Path.GetFileNameWithoutExtension(f.Name)) || glob.IsMatch(f.Name))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            await error.WriteLineAsync($"conformance: no .def scripts{(options.Filter is null ? string.Empty : $" matching '{options.Filter}'")} in {options.Definitions.FullName}").ConfigureAwait(false);
            return 2;
        }

        var runner = new ScriptRunner(new ScriptRunnerOptions { StepTimeout = TimeSpan.FromMilliseconds(options.TimeoutMs) });
        int passed = 0, failed = 0;
        foreach (var file in files)
        {
            var name = Path.GetFileNameWithoutExtension(file.Name);
            var report = await RunOneAsync(file, name, beginString, options, target, runner, cancellationToken).ConfigureAwait(false);
            if (report is null)
            {
                passed++;
                await output.WriteLineAsync($"PASS {name}").ConfigureAwait(false);
            }
            else
            {
                failed++;
                await output.WriteLineAsync($"FAIL {name}: {report}").ConfigureAwait(false);
            }
        }

        await output.WriteLineAsync($"{passed} passed, {failed} failed").ConfigureAwait(false);
        return failed == 0 ? 0 : 1;
    }

    /// <summary>Runs one script on a fresh acceptor; null when it passed, else the failure text (possibly several lines).</summary>
    private static async Task<string?> RunOneAsync(FileInfo file, string name, string beginString, ConformanceOptions options, IConformanceTarget target, ScriptRunner runner, CancellationToken cancellationToken)
    {
        ConformanceScript script;
        try
        {
            script = ScriptParser.ParseFile(file.FullName);
        }
        catch (Exception e) when (e is ScriptFormatException or IOException or UnauthorizedAccessException)
        {
            return $"cannot read the script: {e.Message}";
        }

        var session = new ConformanceSession(name, beginString, options.Dictionary.FullName, options.TransportDictionary?.FullName);
        IConformanceAcceptor acceptor;
        try
        {
            acceptor = await target.StartAsync(session, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return $"the acceptor did not start: {e.Message}";
        }

        ScriptResult result;
        await using (acceptor.ConfigureAwait(false))
        {
            result = await runner.RunAsync(script, acceptor.EndPoint, cancellationToken).ConfigureAwait(false);
        }

        if (result.Failure is not { } failure)
        {
            return null;
        }

        var text = failure.ToString();
        if (failure.Expected is not null)
        {
            text += $"{Environment.NewLine}  expected: {failure.Expected}";
        }

        if (failure.Received is not null)
        {
            text += $"{Environment.NewLine}  received: {failure.Received}";
        }

        return text;
    }

    private static Regex GlobToRegex(string glob) =>
        new("^" + Regex.Escape(glob).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant);
}

/// <summary>The options of <c>portstress conformance</c>.</summary>
/// <param name="Definitions">Folder of .def scripts.</param>
/// <param name="Dictionary">The session (application) dictionary.</param>
/// <param name="TransportDictionary">The FIXT transport dictionary, or null.</param>
/// <param name="BeginString">BeginString override, or null for the dictionary's.</param>
/// <param name="TimeoutMs">Per-step timeout in milliseconds.</param>
/// <param name="Filter">Glob on script names, or null for all.</param>
internal sealed record ConformanceOptions(DirectoryInfo Definitions, FileInfo Dictionary, FileInfo? TransportDictionary, string? BeginString, int TimeoutMs, string? Filter);
