using System.Diagnostics;
using PortStress.Analytics.Measures;
using PortStress.Analytics.Statistics;
using PortStress.Analytics.Storage;

namespace PortStress.Analytics.Reporting;

/// <summary>What <c>portstress report</c> does.</summary>
public sealed record ReportOptions
{
    /// <summary>The records directory (one run, or one run per subdirectory).</summary>
    public required string Records { get; init; }

    /// <summary>The output directory: <c>report.html</c>, the PNGs and <c>records.duckdb</c>.</summary>
    public required string Out { get; init; }

    /// <summary>Where to export Parquet; null for no export.</summary>
    public string? Parquet { get; init; }

    /// <summary>Measure options (fees).</summary>
    public MeasureOptions Measures { get; init; } = new();

    /// <summary>Bootstrap replicates of the matched estimates.</summary>
    public int Replicates { get; init; } = 200;

    /// <summary>Bootstrap seed.</summary>
    public int Seed { get; init; } = 20261124;

    /// <summary>Replicates of the q95 interaction model, which refits per replicate (at most <see cref="Replicates"/>).</summary>
    public int RefitReplicates { get; init; } = 100;

    /// <summary>Rows per q95 refit: larger runs refit on a parent resample of about this size (m-out-of-n, intervals rescaled).</summary>
    public int MaxRowsPerRefit { get; init; } = 20_000;
}

/// <summary>The statistics of one run: the matched port term and the urgency × stress models, or why there are none.</summary>
/// <param name="Run">The run.</param>
/// <param name="Result">The matched estimate; null when matching was not possible.</param>
/// <param name="Reason">Why not (null when there is a result).</param>
/// <param name="Interactions">IS on urgency, stress and urgency × stress (OLS and q95); null when they could not be fitted.</param>
public sealed record RunEstimate(string Run, MatchedCohortResult? Result, string? Reason, InteractionModelResult? Interactions = null);

/// <summary>What the report found and wrote.</summary>
/// <param name="HtmlPath">The report.</param>
/// <param name="Plots">The PNG files beside it.</param>
/// <param name="Database">The DuckDB file.</param>
/// <param name="ParquetFiles">Exported Parquet files (empty without <see cref="ReportOptions.Parquet"/>).</param>
/// <param name="Summaries">Per-run headline measures.</param>
/// <param name="Parents">Per-parent costs.</param>
/// <param name="Costs">Per-run child costs.</param>
/// <param name="Estimates">Per-run matched estimates.</param>
/// <param name="LoadTime">Loading and building the measures.</param>
/// <param name="TotalTime">Everything.</param>
public sealed record ReportResult(
    string HtmlPath, IReadOnlyList<string> Plots, string Database, IReadOnlyList<string> ParquetFiles, IReadOnlyList<RunSummary> Summaries,
    IReadOnlyList<ParentCost> Parents, IReadOnlyList<RunCosts> Costs, IReadOnlyList<RunEstimate> Estimates, TimeSpan LoadTime, TimeSpan TotalTime);

/// <summary>
/// Loads a records directory into DuckDB, computes the measures and the port term per run, and writes a single-file
/// HTML report (PNGs embedded as base64, and also written beside it).
/// </summary>
public static class AnalyticsReport
{
    /// <summary>The report's file name.</summary>
    public const string FileName = "report.html";

    /// <summary>Runs the report.</summary>
    /// <param name="options">What to do.</param>
    /// <param name="progress">Told after each step; null for none.</param>
    /// <exception cref="RecordsException">The records are missing or malformed.</exception>
    public static ReportResult Run(ReportOptions options, IProgress<LoadStep>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var runs = RecordRuns.Discover(options.Records);
        var output = Path.GetFullPath(options.Out);
        Directory.CreateDirectory(output);
        var loadSteps = (runs.Count * RecordStreams.All.Count) + MeasureSql.Steps.Count;
        var total = loadSteps + 1 + (options.Parquet is null ? 0 : 1) + runs.Count + 5 + 1;
        var done = loadSteps;
        void Step(string stage) => progress?.Report(new LoadStep(stage, ++done, total));

        using var store = RecordStore.Create(Path.Combine(output, RecordStore.DefaultFileName));
        store.Load(runs, options.Measures, progress is null ? null : new Rescaled(progress, total));
        var costs = CostReader.Children(store);
        var parents = CostReader.Parents(store);
        var summaries = RunSummary.Read(store);
        var loadTime = clock.Elapsed;
        Step("child costs read");
        IReadOnlyList<string> parquet = [];
        if (options.Parquet is not null)
        {
            parquet = store.ExportParquet(options.Parquet);
            Step("parquet export");
        }

        var estimates = new List<RunEstimate>();
        foreach (var run in costs)
        {
            estimates.Add(Estimate(run, options));
            Step($"matched cohorts {run.Run}");
        }

        var plots = new List<string>();
        void Plot(string name, Action<string> draw)
        {
            var path = Path.Combine(output, name);
            draw(path);
            plots.Add(path);
            Step(name);
        }

        Plot(ReportPlots.StateTimeline, p => ReportPlots.WriteStateTimeline(store, p));
        Plot(ReportPlots.LaunchCadence, p => ReportPlots.WriteLaunchCadence(store, p));
        Plot(ReportPlots.ShortfallDistribution, p => ReportPlots.WriteShortfallDistribution(costs, p));
        Plot(ReportPlots.MarkoutCurves, p => ReportPlots.WriteMarkouts(costs, p));
        Plot(ReportPlots.EffectIntervals, p => ReportPlots.WriteEffectIntervals(estimates.Select(e => (e.Run, e.Result)).ToList(), p));

        var html = Path.Combine(output, FileName);
        var result = new ReportResult(html, plots, store.Path, parquet, summaries, parents, costs, estimates, loadTime, TimeSpan.Zero);
        HtmlReport.Write(html, store, options, result);
        Step(FileName);
        return result with { TotalTime = clock.Elapsed };
    }

    /// <summary>The port term of one run: stressed vs matched baseline children.</summary>
    /// <param name="run">The run's children.</param>
    /// <param name="options">Bootstrap settings.</param>
    public static RunEstimate Estimate(RunCosts run, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(options);
        var finite = run.Children.Where(c => double.IsFinite(c.ShortfallBps)).ToList();
        var stressed = finite.Count(c => c.Stressed);
        if (stressed == 0 || stressed == finite.Count)
            return new RunEstimate(run.Run, null, $"needs stressed and baseline children ({stressed} stressed of {finite.Count})");
        var bootstrap = new BootstrapOptions
        {
            Replicates = options.Replicates,
            Seed = options.Seed,
            RefitReplicates = Math.Max(20, options.RefitReplicates),
            MaxRowsPerRefit = options.MaxRowsPerRefit,
        };
        InteractionModelResult? interactions = null;
        try
        {
            interactions = InteractionModels.Fit(finite, bootstrap);
        }
        catch (ArgumentException)
        {
            // e.g. a single urgency: the models are not identified; the matched estimate still stands.
        }

        try
        {
            return new RunEstimate(run.Run, MatchedCohorts.Estimate(finite, new MatchingOptions { Bootstrap = bootstrap }), null, interactions);
        }
        catch (ArgumentException e)
        {
            return new RunEstimate(run.Run, null, e.Message, interactions);
        }
    }

    private sealed class Rescaled(IProgress<LoadStep> inner, int total) : IProgress<LoadStep>
    {
        public void Report(LoadStep value) => inner.Report(value with { Total = total });
    }
}
