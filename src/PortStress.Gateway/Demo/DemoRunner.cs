using System.Globalization;
using PortStress.Analytics;
using PortStress.Analytics.Storage;
using PortStress.Fix.Protocol.Dictionary;
using PortStress.Gateway.Decoding;

namespace PortStress.Gateway.Demo;

/// <summary>What the demo produced.</summary>
/// <param name="Table">The comparison table.</param>
/// <param name="ReportDirectory">The report folder.</param>
/// <param name="Off">The controller-off run.</param>
/// <param name="On">The controller-on run.</param>
/// <param name="OffMetrics">Its metrics.</param>
/// <param name="OnMetrics">Its metrics.</param>
internal sealed record DemoOutcome(ComparisonTable Table, string ReportDirectory, RunResult Off, RunResult On, RunMetrics OffMetrics, RunMetrics OnMetrics);

/// <summary>
/// <c>portstress demo</c>: runs the scenario twice with the same seed (controller off in shadow mode, then on), shows
/// each run live, computes the comparison from the records the runs wrote and writes the report folder.
/// </summary>
internal sealed class DemoRunner
{
    private readonly DemoOptions _options;
    private readonly TextWriter _output;
    private readonly TextWriter _error;

    /// <summary>Creates the runner.</summary>
    /// <param name="options">The options.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    public DemoRunner(DemoOptions options, TextWriter output, TextWriter error)
    {
        _options = options;
        _output = output;
        _error = error;
    }

    /// <summary>Runs the demo; returns the exit code (0 success, 1 a run failed, 2 bad options or set-up, 130 cancelled).</summary>
    /// <param name="progress">How runs are shown; null for the default of <see cref="DemoOptions.Progress"/>.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public async Task<int> RunAsync(IRunProgress? progress, CancellationToken cancellationToken)
    {
        var (code, _) = await RunWithOutcomeAsync(progress, cancellationToken).ConfigureAwait(false);
        return code;
    }

    /// <summary>Runs the demo and returns the exit code with what it produced (null unless it completed).</summary>
    /// <param name="progress">How runs are shown.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public async Task<(int Code, DemoOutcome? Outcome)> RunWithOutcomeAsync(IRunProgress? progress, CancellationToken cancellationToken)
    {
        var scenario = _options.Scenario.Validate();
        var report = Path.GetFullPath(_options.Out ?? $"portstress-demo-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
        var records = Path.GetFullPath(_options.Records ?? report);
        var offRecords = Path.Combine(records, "run-off");
        var onRecords = Path.Combine(records, "run-on");
        foreach (var directory in new[] { offRecords, onRecords })
        {
            if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
            {
                _error.WriteLine($"demo: {directory} already holds records (record files are appended to); choose another --records or --out");
                return (2, null);
            }
        }

        DataDictionary dictionary;
        var dictionaryPath = Path.Combine(DictionaryCatalog.DefaultFolder, "FIX44.xml");
        try
        {
            dictionary = DataDictionary.Load(dictionaryPath);
        }
        catch (Exception e) when (e is DictionaryException or IOException)
        {
            _error.WriteLine($"demo: cannot load {dictionaryPath}: {e.Message}");
            return (2, null);
        }

        if (!WindowPressureSampler.Available)
        {
            _error.WriteLine("demo: needs Linux (/proc/thread-self/net/tcp) to measure the port window");
            return (2, null);
        }

        if (PortWindow.Choose(scenario.PortWindow) is not { } window)
        {
            _error.WriteLine($"demo: no room for a {scenario.PortWindow}-port source window below the kernel's ephemeral range");
            return (2, null);
        }

        Directory.CreateDirectory(report);
        var workload = DemoWorkload.Create(scenario, _options.Seed);
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"portstress demo ({scenario.Name}, seed {_options.Seed}): {workload.Parents.Count} TWAP parents, two runs of {scenario.RunLength.TotalSeconds:F0} s "
            + $"(stress {scenario.StressStart.TotalSeconds:F0}-{scenario.StressEnd.TotalSeconds:F0} s), source ports {window.First}-{window.Last}"));
        _output.WriteLine($"report: {report}");
        _output.Flush();
        progress ??= new PlainProgress(_output, scenario == DemoScenario.Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(5));

        RunResult off, on;
        try
        {
            off = await RunOneAsync(new DemoRun(scenario, workload, _options.Seed, controllerOn: false, offRecords, window, dictionary), progress,
                scenario.RunLength + TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
                return Cancelled();
            on = await RunOneAsync(new DemoRun(scenario, workload, _options.Seed, controllerOn: true, onRecords, window, dictionary), progress,
                TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
                return Cancelled();
        }
        catch (DemoStartException e)
        {
            _error.WriteLine($"demo: could not start: {e.Message}");
            return (1, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            _error.WriteLine($"demo: a run failed: {e.GetType().Name}: {e.Message}");
            return (1, null);
        }

        DemoRecords offRecordsRead, onRecordsRead;
        IReadOnlyList<ChildCost> offCosts, onCosts;
        try
        {
            offRecordsRead = DemoRecords.Load(off.RecordsDirectory);
            onRecordsRead = DemoRecords.Load(on.RecordsDirectory);
            (offCosts, onCosts) = DemoShortfall.Load(off.RecordsDirectory, on.RecordsDirectory, report);
        }
        catch (Exception e) when (e is InvalidDataException or RecordsException)
        {
            _error.WriteLine($"demo: cannot read the records: {e.Message}");
            return (1, null);
        }

        var offMetrics = RunMetrics.From(offRecordsRead, offCosts);
        var onMetrics = RunMetrics.From(onRecordsRead, onCosts);
        var table = ComparisonTable.Create(offMetrics, onMetrics);
        var outcome = new DemoOutcome(table, report, off, on, offMetrics, onMetrics);
        var plots = DemoPlots.Write(report,
            new PlottedRun(off.Label, offRecordsRead, offMetrics, off.StartUnixMicros),
            new PlottedRun(on.Label, onRecordsRead, onMetrics, on.StartUnixMicros),
            scenario);
        DemoReport.Write(outcome, scenario, _options.Seed, window, plots);
        progress.ShowTable(table);
        _output.WriteLine($"report: {Path.Combine(report, DemoReport.FileName)}");
        _output.WriteLine($"records: {off.RecordsDirectory}, {on.RecordsDirectory}");
        _output.Flush();
        return (0, outcome);
    }

    private static async Task<RunResult> RunOneAsync(DemoRun run, IRunProgress progress, TimeSpan remainingAfter, CancellationToken cancellationToken)
    {
        var running = run.RunAsync(cancellationToken);
        await progress.ShowAsync(run, running, remainingAfter).ConfigureAwait(false);
        return await running.ConfigureAwait(false);
    }

    private (int, DemoOutcome?) Cancelled()
    {
        _error.WriteLine("demo: cancelled");
        return (130, null);
    }
}

/// <summary>Chooses the dependency's source-port window.</summary>
internal static class PortWindow
{
    /// <summary>
    /// A window of <paramref name="size"/> ports below the kernel's ephemeral range (so no port the kernel picks for
    /// another connection sits in it), at a random place so concurrent demos rarely share one (sharing is harmless:
    /// different destinations are different 4-tuples). Null when there is no room.
    /// </summary>
    /// <param name="size">Ports in the window.</param>
    public static (ushort First, ushort Last)? Choose(int size)
    {
        var low = 32768;
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            low = int.Parse(range[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // keep the usual default
        }

        const int floor = 10000;
        if (low - floor < size * 2)
            return null;
        var first = floor + Random.Shared.Next(low - floor - size);
        return ((ushort)first, (ushort)(first + size - 1));
    }
}
