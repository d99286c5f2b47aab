using System.Text.Json;

namespace PortStress.Gateway.Tests.Bench;

/// <summary>
/// Short, slow-rate runs of <c>bench gateway</c> over loopback (upstream simulator, the gateway in process, venue
/// simulator): they check that the run completes, prints its tables and accounts for every order; never the figures.
/// </summary>
public sealed class BenchGatewayCommandTests
{
    [Fact]
    public void A_short_run_prints_the_comparison_the_steps_and_the_verdicts()
    {
        var (exit, output, error) = CommandRunner.Run(
            "bench", "gateway", "--rate", "500", "--duration", "0.5", "--warmup", "0.2", "--pairs", "2", "--steps", "200", "400", "--step-duration", "0.5", "--window", "16");
        exit.Should().Be(0, error);
        output.Should().Contain("direct").And.Contain("gateway/direct").And.Contain("rate steps through the gateway").And.Contain("most sustained");
        output.Should().Contain("latency pairs").And.Contain("the pair with the median p99 ratio").And.Contain("reports upstream over the run");
        var rows = output.Split('\n').Where(line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^\s+[12]\s+\d")).ToList();
        rows.Should().HaveCount(2, "one row per pair");
        rows.Should().AllSatisfy(row => row.Split(' ', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(10, "each pair has its relay side: p50, p99 and both ratios"));
        output.Should().Contain("the floor: a byte relay in the gateway's place");
        output.Should().Contain("every order acknowledged exactly once").And.NotContain("NOT every order");
        var verdicts = output.Split('\n').Where(line => line.TrimStart().StartsWith("[met]", StringComparison.Ordinal) || line.TrimStart().StartsWith("[MISSED]", StringComparison.Ordinal));
        verdicts.Should().HaveCount(2, "throughput and p99 are judged; there is no soak");
    }

    [Fact]
    public void The_relay_side_carries_every_order_and_can_be_left_out()
    {
        var (exit, output, error) = CommandRunner.Run(
            "bench", "gateway", "--rate", "500", "--duration", "0.5", "--warmup", "0.2", "--pairs", "1", "--steps", "200", "--step-duration", "0.5", "--window", "16", "--json");
        exit.Should().Be(0, error);
        using (var document = JsonDocument.Parse(output))
        {
            var relay = document.RootElement.GetProperty("pairs")[0].GetProperty("relay");
            relay.GetProperty("orders").GetInt64().Should().BeGreaterThan(200, "half a second at 500/s went through the relay");
            relay.GetProperty("p99Micros").GetDouble().Should().BeGreaterThan(0);
            document.RootElement.GetProperty("ratios").GetProperty("relayP99").GetDouble().Should().BeGreaterThan(0);
        }

        (exit, output, error) = CommandRunner.Run(
            "bench", "gateway", "--rate", "500", "--duration", "0.5", "--warmup", "0.2", "--pairs", "1", "--steps", "200", "--step-duration", "0.5", "--window", "16", "--json", "--no-relay");
        exit.Should().Be(0, error);
        using (var document = JsonDocument.Parse(output))
        {
            document.RootElement.GetProperty("pairs")[0].GetProperty("relay").ValueKind.Should().Be(JsonValueKind.Null);
            document.RootElement.GetProperty("ratios").GetProperty("relayP99").ValueKind.Should().Be(JsonValueKind.Null);
        }
    }

    [Fact]
    public void A_short_soak_samples_memory_and_reports_the_slope()
    {
        var (exit, output, error) = CommandRunner.Run(
            "bench", "gateway", "--soak", "1", "--sample", "0.5", "--settle", "0", "--rate", "200", "--warmup", "0.2", "--window", "16", "--json");
        exit.Should().Be(0, error);
        error.Should().Contain("soak", "progress lines go to standard error with --json");
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        // Two half-second intervals fit in the second; under load the first may take it all, so one sample is enough here.
        root.GetProperty("soak").GetArrayLength().Should().BeGreaterThanOrEqualTo(1);
        root.GetProperty("soak")[0].GetProperty("liveHeapMegabytes").GetDouble().Should().BeGreaterThan(0);
        root.GetProperty("direct").ValueKind.Should().Be(JsonValueKind.Null, "a soak runs only through the gateway");
        var accounting = root.GetProperty("accounting");
        accounting.GetProperty("sent").GetInt64().Should().BeGreaterThan(0);
        accounting.GetProperty("everyOrderAnsweredOnce").GetBoolean().Should().BeTrue();
        root.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("name").GetString()).Should().Equal("memory");
    }

    [Fact]
    public void Bad_options_are_refused_with_a_reason()
    {
        var (exit, _, error) = CommandRunner.Run("bench", "gateway", "--steps", "0");
        exit.Should().Be(2);
        error.Should().Contain("--steps");
        CommandRunner.Run("bench", "gateway", "--pairs", "0").Error.Should().Contain("--pairs");
    }
}
