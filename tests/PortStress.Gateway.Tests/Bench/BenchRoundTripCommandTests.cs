using System.Text.Json;
using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Dictionary;
using PortStress.Fix.Protocol.Validation;
using PortStress.Gateway.Bench;
using PortStress.Gateway.Decoding;

namespace PortStress.Gateway.Tests.Bench;

/// <summary>Short real runs over loopback: they check that the run completes and its accounting, never the figures.</summary>
public sealed class BenchRoundTripCommandTests
{
    [Theory]
    [InlineData("memory")]
    [InlineData("file")]
    public void A_short_run_completes_and_every_order_is_acknowledged_exactly_once(string store)
    {
        var (exit, output, error) = CommandRunner.Run(
            "bench", "roundtrip", "--duration", "1", "--warmup", "0.5", "--rate", "2000", "--window", "64", "--store", store, "--json");
        exit.Should().Be(0, error);
        error.Should().Contain("engine").And.Contain("echo", "progress goes to standard error with --json");
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        root.GetProperty("options").GetProperty("store").GetString().Should().Be(store);
        foreach (var name in new[] { "engine", "echo" })
        {
            var target = root.GetProperty(name);
            var sent = target.GetProperty("sent").GetInt64();
            sent.Should().BeGreaterThan(2000, $"{name} ran a warm-up, a pipelined phase and 2,000 fixed-rate orders");
            target.GetProperty("acknowledged").GetInt64().Should().Be(sent);
            target.GetProperty("duplicates").GetInt64().Should().Be(0);
            target.GetProperty("missing").GetInt64().Should().Be(0);
            target.GetProperty("faults").GetInt64().Should().Be(0);
            target.GetProperty("everyOrderAcknowledgedOnce").GetBoolean().Should().BeTrue();
            target.GetProperty("pipelined").GetProperty("roundTrips").GetInt64().Should().BeGreaterThan(0);
            var latency = target.GetProperty("fixedRate").GetProperty("latencyMicros");
            latency.GetProperty("count").GetInt32().Should().Be(2000);
            latency.GetProperty("dropped").GetInt64().Should().Be(0);
            latency.GetProperty("p50").GetDouble().Should().BeGreaterThan(0);
            latency.GetProperty("p99").GetDouble().Should().BeGreaterThanOrEqualTo(latency.GetProperty("p50").GetDouble());
        }

        root.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("name").GetString()).Should().Equal("p50", "p99", "throughput");
        root.GetProperty("targets").EnumerateArray().Should().OnlyContain(t => t.GetProperty("met").ValueKind == JsonValueKind.True || t.GetProperty("met").ValueKind == JsonValueKind.False);
    }

    [Fact]
    public void The_table_says_for_each_target_whether_it_is_met()
    {
        var (exit, output, _) = CommandRunner.Run("bench", "roundtrip", "--duration", "0.5", "--warmup", "0", "--rate", "1000", "--window", "16");
        exit.Should().Be(0);
        output.Should().Contain("round trips/s").And.Contain("p99.9").And.Contain("allocated B / round trip");
        output.Should().Contain("every order acknowledged exactly once").And.NotContain("NOT every order");
        var verdicts = output.Split('\n').Where(line => line.TrimStart().StartsWith("[met]", StringComparison.Ordinal) || line.TrimStart().StartsWith("[MISSED]", StringComparison.Ordinal));
        verdicts.Should().HaveCount(3);
    }

    [Fact]
    public void Bad_options_are_refused_with_a_reason()
    {
        var (exit, _, error) = CommandRunner.Run("bench", "roundtrip", "--window", "0");
        exit.Should().Be(2);
        error.Should().Contain("--window");
    }

    [Fact]
    public void The_echo_sends_valid_frames_of_the_engine_messages()
    {
        var dictionary = DataDictionary.Load(Path.Combine(DictionaryCatalog.DefaultFolder, "FIX44.xml"));
        var validator = new MessageValidator(dictionary);
        var (order, acknowledgement) = BenchMessages.SampleFrames();
        foreach (var frame in new[] { order, acknowledgement })
        {
            new FrameScanner().Scan(frame).Should().Match<ScanResult>(r => r.Status == ScanStatus.Done && r.Consumed == frame.Length);
            validator.Validate(frame).IsValid.Should().BeTrue();
        }

        var parsed = new FixMessage();
        parsed.Parse(acknowledgement, dictionary);
        parsed.Body.GetString(Tags.ClOrdID).Should().Be("1234567", "the acknowledgement echoes the order's ClOrdID");
    }
}
