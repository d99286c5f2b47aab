using System.CommandLine;
using System.Globalization;
using PortStress.Analytics.Measures;
using PortStress.Analytics.Reporting;
using PortStress.Analytics.Storage;
using PortStress.Gateway.Demo;
using Spectre.Console;

namespace PortStress.Gateway.Commands;

/// <summary>
/// <c>portstress report --records DIR --out DIR [--parquet DIR] [--fees SPEC] [--replicates N] [--progress auto|plain|live]</c>:
/// loads record streams into DuckDB, measures IS (decomposed), markouts, completion and the port term, and writes a
/// single-file HTML report with PNG plots (see docs/analytics.md).
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var records = new Option<DirectoryInfo>("--records") { Description = "Records: one run's folder, or a folder of runs (the demo's run-off/ and run-on/).", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder: report.html, the PNG plots and records.duckdb.", Required = true };
        var parquet = new Option<DirectoryInfo?>("--parquet") { Description = "Also export every table as Parquet into this folder." };
        var fees = new Option<string?>("--fees") { Description = "Fees in bps of fill notional: 'bps' for every venue or 'VENUE=bps,...,*=bps'. Default: none (the records carry no fees)." };
        var replicates = new Option<int>("--replicates") { Description = "Bootstrap replicates of the matched estimates.", DefaultValueFactory = _ => 200 };
        var progress = new Option<ProgressMode>("--progress") { Description = "auto: a progress bar on a terminal, plain lines otherwise; plain; live.", DefaultValueFactory = _ => ProgressMode.Auto };
        var command = new Command("report", "Load record streams into DuckDB and write an HTML report: IS decomposed, markouts, completion, the port term with intervals, plots.")
        {
            records, output, parquet, fees, replicates, progress,
        };
        command.SetAction((parse, _) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            if (!AnalyticsCommand.TryMeasures(parse.GetValue(fees), stderr, "report", out var measures))
                return Task.FromResult(2);
            if (parse.GetValue(replicates) < 10)
            {
                stderr.WriteLine("report: --replicates must be 10 or more");
                return Task.FromResult(2);
            }

            var options = new ReportOptions
            {
                Records = parse.GetValue(records)!.FullName,
                Out = parse.GetValue(output)!.FullName,
                Parquet = parse.GetValue(parquet)?.FullName,
                Measures = measures,
                Replicates = parse.GetValue(replicates),
            };
            return Task.FromResult(AnalyticsCommand.Run("report", parse.GetValue(progress), stdout, stderr, (reporter, stdout) =>
            {
                var result = AnalyticsReport.Run(options, reporter);
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"report: {result.Costs.Sum(c => c.Children.Count):N0} children in {result.Costs.Count} run(s); loaded in {result.LoadTime.TotalSeconds:F1} s, done in {result.TotalTime.TotalSeconds:F1} s"));
                foreach (var s in result.Summaries)
                {
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {s.Run}: child IS q95 {s.Q95ShortfallBps:F2} bps (mean {s.MeanShortfallBps:F2}), completion {s.Completion:P1}, DSD p95 {s.DecisionToSend95Ms:F1} ms"));
                }

                foreach (var e in result.Estimates)
                {
                    stdout.WriteLine(e.Result switch
                    {
                        null => $"  {e.Run}: no port-term estimate: {e.Reason}",
                        { Counts.MatchedPairs: 0 } r => string.Create(CultureInfo.InvariantCulture,
                            $"  {e.Run}: no matched pairs ({r.Counts.Treated} stressed, {r.Counts.Controls} baseline children share no propensity range); naive q95 difference {r.NaiveTailEffect.Estimate:F2} bps"),
                        { } r => string.Create(CultureInfo.InvariantCulture,
                            $"  {e.Run}: port term on q95 IS {r.TailEffect.Estimate:F2} bps [{r.TailEffect.Lower:F2}, {r.TailEffect.Upper:F2}], on the mean {r.MeanEffect.Estimate:F2} bps"),
                    });
                }

                stdout.WriteLine($"report: {result.HtmlPath}");
                stdout.WriteLine($"database: {result.Database}");
                if (result.ParquetFiles.Count > 0)
                    stdout.WriteLine($"parquet: {result.ParquetFiles.Count} files in {options.Parquet}");
                return 0;
            }));
        });
        return command;
    }
}

/// <summary>What <c>report</c> and <c>promote</c> share: options, progress display, error handling.</summary>
internal static class AnalyticsCommand
{
    /// <summary>Parses <c>--fees</c>; false (with a message) when it does not parse.</summary>
    /// <param name="fees">The option's value.</param>
    /// <param name="stderr">Where the message goes.</param>
    /// <param name="name">The command's name.</param>
    /// <param name="measures">The measure options.</param>
    public static bool TryMeasures(string? fees, TextWriter stderr, string name, out MeasureOptions measures)
    {
        measures = new MeasureOptions();
        if (fees is null)
            return true;
        try
        {
            measures = MeasureOptions.WithFees(fees);
            return true;
        }
        catch (FormatException e)
        {
            stderr.WriteLine($"{name}: --fees: {e.Message}");
            return false;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> with a progress display (a Spectre.Console bar when live, one line per step
    /// otherwise); bad records are exit code 2 with the reason.
    /// </summary>
    /// <param name="name">The command's name.</param>
    /// <param name="mode">The progress mode.</param>
    /// <param name="stdout">Standard output.</param>
    /// <param name="stderr">Standard error.</param>
    /// <param name="work">The work, given the progress and where its results go (held back until the bar is gone when live); returns the exit code.</param>
    public static int Run(string name, ProgressMode mode, TextWriter stdout, TextWriter stderr, Func<IProgress<LoadStep>, TextWriter, int> work)
    {
        try
        {
            if (!DemoProgress.IsLive(mode, stdout))
                return work(new PlainSteps(stdout, name), stdout);
            var code = 0;
            using var results = new StringWriter();
            try
            {
                LiveProgress.ConsoleFor(stdout).Progress().AutoClear(true).Start(context =>
                {
                    var task = context.AddTask(name, maxValue: 1);
                    code = work(new BarSteps(task), results);
                });
            }
            finally
            {
                stdout.Write(results.ToString());
                stdout.Flush();
            }

            return code;
        }
        catch (RecordsException e)
        {
            stderr.WriteLine($"{name}: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{name}: {e.Message}");
            return 2;
        }
    }

    private sealed class PlainSteps(TextWriter output, string name) : IProgress<LoadStep>
    {
        public void Report(LoadStep value)
        {
            output.WriteLine($"{name}: [{value.Done}/{value.Total}] {value.Stage}");
            output.Flush();
        }
    }

    private sealed class BarSteps(ProgressTask task) : IProgress<LoadStep>
    {
        public void Report(LoadStep value)
        {
            task.MaxValue = value.Total;
            task.Value = value.Done;
            task.Description = Markup.Escape(value.Stage);
        }
    }
}
