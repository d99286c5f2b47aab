using PortStress.Control.Records;
using PortStress.Control.Training;

namespace PortStress.Control.Tests.Training;

/// <summary>Recorded-looking ticks: calm stretches with a stress episode every 400 ticks, noisy and overlapping.</summary>
internal static class SyntheticTicks
{
    public static List<TickRecord> Generate(int count, int seed, bool withStress = true)
    {
        var random = new Random(seed);
        double U(double low, double high) => low + random.NextDouble() * (high - low);
        var ticks = new List<TickRecord>(count);
        var start = new DateTimeOffset(2026, 11, 24, 14, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000;
        for (var i = 0; i < count; i++)
        {
            var stressed = withStress && i % 400 >= 300 && i % 400 < 380;
            var f = stressed
                ? new ControlFeatures
                {
                    PortPressure = U(0.3, 0.95),
                    TimeWaitRatio = U(0.2, 0.8),
                    ConnectFailureRatio = U(0, 0.4),
                    ConnectFailures = random.Next(0, 40),
                    ConnectLatencyRelative = U(1, 6),
                    RetryBurstIndex = U(0.2, 1),
                    DecisionToSendRelative = U(1, 4),
                    RetryQueueDepth = random.Next(5, 50),
                    ReconnectsPerMinute = U(2, 20),
                }
                : new ControlFeatures
                {
                    PortPressure = U(0, 0.35),
                    TimeWaitRatio = U(0, 0.3),
                    ConnectFailureRatio = random.NextDouble() < 0.9 ? 0 : U(0, 0.05),
                    ConnectLatencyRelative = random.NextDouble() < 0.3 ? 0 : U(0.8, 1.4),
                    RetryBurstIndex = U(0, 0.3),
                    DecisionToSendRelative = U(0.8, 1.3),
                    RetryQueueDepth = random.Next(0, 4),
                    ReconnectsPerMinute = U(0, 1),
                };
            ticks.Add(new TickRecord
            {
                TimeUnixMicros = start + i * 250_000L,
                State = StressState.Green,
                StressProbability = 0,
                Features = f,
                ConnectLatencyP95 = double.NaN,
                ConnectLatencyBaseline = double.NaN,
                DecisionToSendP95 = double.NaN,
                DecisionToSendBaseline = double.NaN,
            });
        }
        return ticks;
    }

    /// <summary>Writes ticks through the real JSON-lines writer into a fresh directory.</summary>
    public static async Task<string> WriteAsync(IEnumerable<TickRecord> ticks)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"portstress-train-{Guid.NewGuid():N}");
        var writer = new JsonLinesRecordWriter<TickRecord>(directory);
        foreach (var tick in ticks)
        {
            while (!writer.TryAppend(tick))
                await Task.Delay(1);
        }
        await writer.DisposeAsync();
        return directory;
    }
}
