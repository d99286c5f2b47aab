using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PortStress.Gateway.Demo;

namespace PortStress.Gateway.Tests.Demo;

/// <summary><c>portstress demo --quick</c> end to end, in process, on loopback.</summary>
public sealed class DemoCommandTests : IDisposable
{
    private static readonly string[] Metrics =
    [
        "q95 implementation shortfall (bps)", "mean implementation shortfall (bps)", "filled children", "completion rate (filled / parent qty)",
        "DSD95 (ms, sent − decided)", "DSD95 without the controller's own holds (ms)", "CFR peak", "child orders", "orders contained",
        "orders refused", "time in GREEN", "time in YELLOW", "time in ORANGE", "time in RED",
    ];

    private static readonly string[] Streams = ["order", "order_event", "mid", "venue_fill", "ticks", "transitions"];

    private readonly string _directory = Directory.CreateTempSubdirectory("demo-command-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_quick_scenario_fits_in_30_seconds_and_the_default_in_3_minutes()
    {
        foreach (var (scenario, limit) in new[] { (DemoScenario.Quick, 30.0), (DemoScenario.Full, 180.0) })
        {
            scenario.Validate();
            var runs = 2 * (scenario.RunLength + scenario.Grace + scenario.Grace).TotalSeconds;
            runs.Should().BeLessThan(limit - 3, $"{scenario.Name}: two runs, their grace periods and a few seconds to start and report");
        }
    }

    [Fact]
    public async Task Demo_quick_runs_both_runs_and_writes_the_comparison_records_and_report()
    {
        var report = Path.Combine(_directory, "report");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var clock = Stopwatch.StartNew();

        var exit = await Program.BuildRoot().Parse(["demo", "--quick", "--seed", "11", "--out", report, "--progress", "plain"])
            .InvokeAsync(new InvocationConfiguration { Output = TextWriter.Synchronized(output), Error = error });

        clock.Stop();
        exit.Should().Be(0, $"stderr: {error}\nstdout: {output}");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(45), "the quick demo takes about 25 s; much longer means something hung");
        var text = output.ToString();
        text.Should().Contain("[controller off (shadow)]").And.Contain("[controller on]", "plain progress lines name each run");

        var table = ReadMarkdownTable(Path.Combine(report, DemoReport.FileName));
        table.Heading.Should().Equal("metric", ComparisonTable.OffHeading, ComparisonTable.OnHeading);
        table.Rows.Keys.Should().BeEquivalentTo(Metrics);
        foreach (var (metric, (off, on)) in table.Rows)
        {
            double.IsFinite(Number(off)).Should().BeTrue($"{metric} off = '{off}'");
            double.IsFinite(Number(on)).Should().BeTrue($"{metric} on = '{on}'");
        }

        Number(table.Rows["filled children"].Off).Should().BePositive();
        Number(table.Rows["filled children"].On).Should().BePositive();
        Number(table.Rows["completion rate (filled / parent qty)"].Off).Should().BeInRange(1, 100);
        Number(table.Rows["CFR peak"].Off).Should().BePositive("the dependency really exhausted its source-port window (EADDRNOTAVAIL) with the controller off");
        foreach (var run in new[] { "run-off", "run-on" })
        {
            var shares = new[] { "GREEN", "YELLOW", "ORANGE", "RED" }.Sum(s => Number(run == "run-off" ? table.Rows[$"time in {s}"].Off : table.Rows[$"time in {s}"].On));
            shares.Should().BeApproximately(100, 0.5);
            foreach (var stream in Streams)
            {
                var file = new FileInfo(Path.Combine(report, run, stream + ".jsonl"));
                file.Exists.Should().BeTrue($"{run}/{stream}.jsonl is written");
                file.Length.Should().BePositive($"{run}/{stream}.jsonl has records");
            }

            File.Exists(Path.Combine(report, run, "workload.json")).Should().BeTrue();
            var ticks = File.ReadLines(Path.Combine(report, run, "ticks.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("shadow").GetBoolean()).Distinct();
            ticks.Should().Equal([run == "run-off"], "the controller-off run is the shadow run");
        }

        foreach (var plot in new[] { DemoPlots.StateTimeline, DemoPlots.DecisionToSend, DemoPlots.ShortfallDistribution })
        {
            var bytes = File.ReadAllBytes(Path.Combine(report, plot));
            bytes.Take(8).Should().Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, $"{plot} is a PNG");
            File.ReadAllText(Path.Combine(report, DemoReport.FileName)).Should().Contain($"]({plot})");
        }
    }

    [Fact]
    public void A_records_folder_that_already_holds_a_run_is_refused_with_exit_code_2()
    {
        var records = Path.Combine(_directory, "records");
        Directory.CreateDirectory(Path.Combine(records, "run-off"));
        File.WriteAllText(Path.Combine(records, "run-off", "order.jsonl"), "{}\n");

        var (exit, _, error) = CommandRunner.Run("demo", "--quick", "--out", Path.Combine(_directory, "report"), "--records", records);

        exit.Should().Be(2);
        error.Should().Contain("already holds records");
    }

    private static double Number(string cell) =>
        double.Parse(cell.Replace("%", string.Empty, StringComparison.Ordinal).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static (string[] Heading, Dictionary<string, (string Off, string On)> Rows) ReadMarkdownTable(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.StartsWith('|')).ToList();
        lines.Should().HaveCountGreaterThan(2, "report.md holds the comparison table");
        static string[] Cells(string line) => line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
        var heading = Cells(lines[0]);
        var rows = new Dictionary<string, (string, string)>();
        foreach (var line in lines.Skip(2))
        {
            var cells = Cells(line);
            cells.Should().HaveCount(3, line);
            rows.Add(cells[0], (cells[1], cells[2]));
        }

        return (heading, rows);
    }
}
