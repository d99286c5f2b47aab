using System.CommandLine;

namespace PortStress.Gateway.Tests.Analytics;

/// <summary><c>portstress report</c> and <c>promote</c> on the records of a real <c>demo --quick</c> run.</summary>
public sealed class DemoRecordsReportTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("demo-report-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<(int Exit, string Output, string Error)> InvokeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Program.BuildRoot().Parse(args).InvokeAsync(new InvocationConfiguration { Output = TextWriter.Synchronized(output), Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task The_records_of_a_quick_demo_load_with_their_parents_and_report()
    {
        var records = Path.Combine(_directory, "records");
        var (demoExit, _, demoError) = await InvokeAsync("demo", "--quick", "--seed", "3", "--out", Path.Combine(_directory, "demo"), "--records", records, "--progress", "plain");
        demoExit.Should().Be(0, demoError);
        foreach (var run in new[] { "run-off", "run-on" })
            File.ReadAllLines(Path.Combine(records, run, "parent.jsonl")).Should().NotBeEmpty($"{run} records its parents");

        var report = Path.Combine(_directory, "report");
        var (exit, output, error) = await InvokeAsync("report", "--records", records, "--out", report, "--replicates", "20");

        exit.Should().Be(0, error);
        output.Should().Contain("run-off: child IS q95").And.Contain("run-on: child IS q95");
        var html = File.ReadAllText(Path.Combine(report, "report.html"));
        html.Should().Contain("<td>run-off</td>").And.Contain("<td>run-on</td>");
        using (var database = new DuckDB.NET.Data.DuckDBConnection($"Data Source={Path.Combine(report, "records.duckdb")}"))
        {
            database.Open();
            using var query = database.CreateCommand();
            query.CommandText = "SELECT count(*) FILTER (WHERE derived), count(*) FROM parent_costs";
            using var row = query.ExecuteReader();
            row.Read().Should().BeTrue();
            row.GetInt64(0).Should().Be(0, "every parent comes from parent.jsonl");
            row.GetInt64(1).Should().Be(16, "8 parents per run in the quick scenario");
        }

        var (promoteExit, promoteOutput, _) = await InvokeAsync("promote", "--records", records, "--replicates", "20");
        promoteExit.Should().BeOneOf([0, 1], "a verdict either way, not bad input");
        promoteOutput.Should().MatchRegex("(?m)^(PROMOTE|DO NOT PROMOTE)$");
    }
}
