using System.CommandLine;
using PortStress.Testing.Records;

namespace PortStress.Gateway.Tests.Analytics;

/// <summary><c>portstress report</c> and <c>portstress promote</c> invoked as the executable parses them.</summary>
public sealed class AnalyticsCommandTests : IClassFixture<GeneratedRecordSet>, IDisposable
{
    private readonly GeneratedRecordSet _records;
    private readonly string _directory = Directory.CreateTempSubdirectory("portstress-commands-out-").FullName;

    public AnalyticsCommandTests(GeneratedRecordSet records) => _records = records;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<(int Exit, string Output, string Error)> InvokeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Program.BuildRoot().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Report_writes_the_html_the_plots_the_database_and_parquet_with_plain_progress()
    {
        var report = Path.Combine(_directory, "report");
        var parquet = Path.Combine(_directory, "parquet");

        var (exit, output, error) = await InvokeAsync("report", "--records", _records.Records, "--out", report, "--parquet", parquet, "--replicates", "50", "--fees", "SIM=0.5");

        exit.Should().Be(0, error);
        File.Exists(Path.Combine(report, "report.html")).Should().BeTrue();
        File.Exists(Path.Combine(report, "records.duckdb")).Should().BeTrue();
        Directory.EnumerateFiles(report, "*.png").Should().HaveCount(5);
        File.Exists(Path.Combine(parquet, "orders.parquet")).Should().BeTrue();
        output.Should().Contain("report: [1/").And.Contain("run-off: port term on q95 IS").And.Contain("run-on: child IS q95");
        File.ReadAllText(Path.Combine(report, "report.html")).Should().Contain("SIM 0.50 bps");
    }

    [Fact]
    public async Task Report_with_a_live_progress_bar_prints_its_results_after_the_bar()
    {
        var (exit, output, error) = await InvokeAsync("report", "--records", _records.Records, "--out", Path.Combine(_directory, "live"), "--replicates", "20", "--progress", "live");

        exit.Should().Be(0, error);
        output.Should().Contain("100%").And.NotContain("report: [1/");
        output.LastIndexOf("100%", StringComparison.Ordinal).Should().BeLessThan(output.IndexOf("report: 12,000 children", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Report_on_a_folder_that_does_not_exist_is_exit_code_2_with_the_reason()
    {
        var (exit, _, error) = await InvokeAsync("report", "--records", Path.Combine(_directory, "missing"), "--out", Path.Combine(_directory, "r"));

        exit.Should().Be(2);
        error.Should().Contain("report:").And.Contain("does not exist");
    }

    [Fact]
    public async Task Report_on_a_folder_without_records_is_exit_code_2_with_the_reason()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "empty", "run-x"));

        var (exit, _, error) = await InvokeAsync("report", "--records", Path.Combine(_directory, "empty"), "--out", Path.Combine(_directory, "r"));

        exit.Should().Be(2);
        error.Should().Contain("no order.jsonl");
    }

    [Fact]
    public async Task Report_with_a_bad_fee_schedule_is_exit_code_2()
    {
        var (exit, _, error) = await InvokeAsync("report", "--records", _records.Records, "--out", Path.Combine(_directory, "r"), "--fees", "SIM=-1");

        exit.Should().Be(2);
        error.Should().Contain("--fees");
    }

    [Fact]
    public async Task Promote_says_promote_with_its_reasons_and_exit_code_0_when_tail_cost_falls()
    {
        var (exit, output, error) = await InvokeAsync("promote", "--records", _records.Records, "--replicates", "50");

        exit.Should().Be(0, output + error);
        output.Should().Contain("PROMOTE" + Environment.NewLine + "- Promote:").And.Contain("Tail cost falls").And.Contain("Completion does not regress");
    }

    [Fact]
    public async Task Promote_without_a_controller_on_run_is_exit_code_2()
    {
        var shadowOnly = Path.Combine(_directory, "shadow-only");
        Directory.CreateDirectory(shadowOnly);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(_records.Records, "run-off")))
            File.Copy(file, Path.Combine(shadowOnly, Path.GetFileName(file)));

        var (exit, _, error) = await InvokeAsync("promote", "--records", shadowOnly);

        exit.Should().Be(2);
        error.Should().Contain("found only one kind");
    }

    [Fact]
    public async Task Promote_with_a_completion_that_regresses_says_do_not_promote_with_exit_code_1()
    {
        // The same records, but every controller-on parent lost a tenth of its fills: completion regresses.
        var degraded = Path.Combine(_directory, "degraded");
        foreach (var run in new[] { "run-off", "run-on" })
        {
            Directory.CreateDirectory(Path.Combine(degraded, run));
            foreach (var file in Directory.EnumerateFiles(Path.Combine(_records.Records, run)))
            {
                var target = Path.Combine(degraded, run, Path.GetFileName(file));
                if (run == "run-on" && Path.GetFileName(file) == "order_event.jsonl")
                    File.WriteAllLines(target, File.ReadLines(file).Where((line, i) => !(line.Contains("\"event\":\"filled\"", StringComparison.Ordinal) && i % 10 == 0)));
                else
                    File.Copy(file, target);
            }
        }

        var (exit, output, _) = await InvokeAsync("promote", "--records", degraded, "--replicates", "50");

        exit.Should().Be(1);
        output.Should().Contain("DO NOT PROMOTE").And.Contain("Completion regresses");
    }
}
