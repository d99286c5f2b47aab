using System.Text.Json;
using PortStress.Control;
using PortStress.Control.Records;

namespace PortStress.Gateway.Tests.Train;

public sealed class TrainCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"portstress-train-cmd-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, true);
    }

    /// <summary>Calm ticks with a stress episode (high PPR and CFR, noisy) in every 200.</summary>
    private async Task WriteTicksAsync(int count, bool withStress = true)
    {
        var random = new Random(11);
        var writer = new JsonLinesRecordWriter<TickRecord>(_directory);
        for (var i = 0; i < count; i++)
        {
            var stressed = withStress && i % 200 >= 150;
            var features = new ControlFeatures
            {
                PortPressure = stressed ? 0.35 + 0.6 * random.NextDouble() : 0.3 * random.NextDouble(),
                ConnectFailureRatio = stressed ? 0.3 * random.NextDouble() : 0,
                ConnectLatencyRelative = stressed ? 1 + 4 * random.NextDouble() : 0.8 + 0.4 * random.NextDouble(),
                DecisionToSendRelative = 1,
                RetryQueueDepth = stressed ? random.Next(5, 30) : random.Next(0, 3),
            };
            writer.TryAppend(new TickRecord { TimeUnixMicros = 1_790_000_000_000_000 + i * 250_000L, Features = features }).Should().BeTrue();
        }
        await writer.DisposeAsync();
    }

    [Fact]
    public async Task Train_prints_held_out_fit_quality_and_writes_a_fragment_that_binds_as_classifier_options()
    {
        await WriteTicksAsync(2000);
        var fragment = Path.Combine(_directory, "out", "classifier.json");
        Directory.CreateDirectory(Path.GetDirectoryName(fragment)!);
        var (exit, output, error) = CommandRunner.Run("train", "--records", _directory, "--out", fragment, "--labels", "ppr=0.5,ctl95=off");
        error.Should().BeEmpty();
        exit.Should().Be(0);
        output.Should().Contain("ticks      2000 from").And.Contain("ppr=0.5,twr=0.5,cfr=0.1,ctl95=off");
        output.Should().Contain("split      oldest 1500 to fit, newest 500 held out");
        var heldOut = output.Split('\n').Single(l => l.StartsWith("held-out", StringComparison.Ordinal));
        var columns = heldOut.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        double.Parse(columns[4], System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThan(0.95, "held-out AUC");
        output.Should().Contain($"wrote {fragment}");

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(fragment));
        var classifier = json.RootElement.GetProperty("PortStress").GetProperty("Control").GetProperty("Classifier");
        classifier.GetProperty("Intercept").ValueKind.Should().Be(JsonValueKind.Number);
        classifier.GetProperty("PortPressure").GetProperty("Weight").GetDouble().Should().BeGreaterThan(0);
        classifier.EnumerateObject().Should().HaveCount(9, "the intercept and eight inputs");
    }

    [Fact]
    public async Task The_fragment_goes_to_the_records_directory_by_default()
    {
        await WriteTicksAsync(800);
        var (exit, _, _) = CommandRunner.Run("train", "--records", _directory);
        exit.Should().Be(0);
        File.Exists(Path.Combine(_directory, "classifier.settings.json")).Should().BeTrue();
    }

    [Fact]
    public void A_missing_directory_is_a_clear_error()
    {
        var (exit, _, error) = CommandRunner.Run("train", "--records", _directory);
        exit.Should().Be(2);
        error.Should().Contain($"records directory '{_directory}' does not exist");
    }

    [Fact]
    public void A_directory_without_ticks_is_a_clear_error()
    {
        Directory.CreateDirectory(_directory);
        var (exit, _, error) = CommandRunner.Run("train", "--records", _directory);
        exit.Should().Be(2);
        error.Should().Contain("ticks.jsonl' does not exist");
    }

    [Fact]
    public async Task Ticks_of_one_class_only_are_a_clear_error()
    {
        await WriteTicksAsync(300, withStress: false);
        var (exit, _, error) = CommandRunner.Run("train", "--records", _directory);
        exit.Should().Be(2);
        error.Should().Contain("all 300 ticks are labelled calm").And.Contain("needs both classes");
    }

    [Fact]
    public async Task A_bad_label_rule_is_a_clear_error()
    {
        await WriteTicksAsync(300);
        var (exit, _, error) = CommandRunner.Run("train", "--records", _directory, "--labels", "latency=3");
        exit.Should().Be(2);
        error.Should().Contain("--labels: label rule key 'latency' is unknown");
    }
}
