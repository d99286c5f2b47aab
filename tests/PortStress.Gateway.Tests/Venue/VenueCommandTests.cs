using System.CommandLine;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using PortStress.Testing;

namespace PortStress.Gateway.Tests.Venue;

public sealed class VenueCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("venue-command-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string json)
    {
        var path = Path.Combine(_directory, "venue.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static string Valid(string symbols = """[ { "Symbol": "INTC", "InitialPrice": 30, "TickSize": 0.01 } ]""", string extra = "") => $$"""
        {
          "Port": 0,
          "Sessions": [ { "BeginString": "FIX.4.4", "SenderCompId": "VENUE", "TargetCompIds": [ "GW" ] } ],
          "Symbols": {{symbols}}{{extra}}
        }
        """;

    [Fact]
    public void A_missing_config_file_is_exit_code_2_naming_the_file()
    {
        var missing = Path.Combine(_directory, "nope.json");
        var (exit, _, error) = CommandRunner.Run("venue", "--config", missing);

        exit.Should().Be(2);
        error.Should().Contain("nope.json").And.Contain("cannot be read");
    }

    [Fact]
    public void Unreadable_json_is_exit_code_2_naming_the_line()
    {
        var (exit, _, error) = CommandRunner.Run("venue", "--config", Write("{\n  \"Port\": 0,\n  \"Sessions\": [ oops ]\n}"));

        exit.Should().Be(2);
        error.Should().Contain("venue.json").And.Contain("line 3");
    }

    [Fact]
    public void An_unknown_key_is_exit_code_2_naming_the_key()
    {
        var (exit, _, error) = CommandRunner.Run("venue", "--config", Write(Valid(extra: ",\n  \"Volatilty\": 0.1")));

        exit.Should().Be(2);
        error.Should().Contain("Volatilty");
    }

    [Fact]
    public void Invalid_values_are_exit_code_2_naming_each_key()
    {
        var symbols = """[ { "Symbol": "INTC", "InitialPrice": 30, "TickSize": 0 }, { "Symbol": "INTC", "SpreadTicks": 0 } ]""";
        var (exit, _, error) = CommandRunner.Run("venue", "--config", Write(Valid(symbols, ",\n  \"MaxOrdersPerSecond\": -1")));

        exit.Should().Be(2);
        error.Should().Contain("Symbols[0].TickSize")
            .And.Contain("Symbols[1].Symbol: 'INTC' is configured twice")
            .And.Contain("Symbols[1].SpreadTicks")
            .And.Contain("MaxOrdersPerSecond");
    }

    [Fact]
    public async Task A_good_config_runs_until_cancelled_and_says_where_it_listens()
    {
        var path = Write(Valid());
        var records = Path.Combine(_directory, "records");
        using var output = new StringWriter();
        var synchronized = TextWriter.Synchronized(output);
        using var stop = new CancellationTokenSource();
        var run = Program.BuildRoot().Parse(["venue", "--config", path, "--records", records])
            .InvokeAsync(new InvocationConfiguration { Output = synchronized, Error = synchronized }, stop.Token);

        await Eventually.WaitFor(() => Listening(output, synchronized) is not null, "the venue to say where it listens", context: () => output.ToString());
        using (var client = new TcpClient())
        {
            await client.ConnectAsync("127.0.0.1", Listening(output, synchronized)!.Value);
            client.Connected.Should().BeTrue();
        }

        await stop.CancelAsync();
        (await run).Should().Be(0);
        output.ToString().Should().Contain("FIX.4.4:VENUE->GW").And.Contain("venue stopped");
        File.Exists(Path.Combine(records, "mid.jsonl")).Should().BeTrue();
    }

    private static int? Listening(StringWriter output, TextWriter synchronized)
    {
        // The synchronized writer locks itself while writing.
        lock (synchronized)
        {
            var match = Regex.Match(output.ToString(), @"venue listening on 127\.0\.0\.1:(\d+)");
            return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
        }
    }
}
