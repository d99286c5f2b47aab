using System.Globalization;
using PortStress.Control.Decoding;

namespace PortStress.Gateway.Demo;

/// <summary>Shows a run's progress while it runs.</summary>
internal interface IRunProgress
{
    /// <summary>Shows <paramref name="run"/> until <paramref name="running"/> completes.</summary>
    /// <param name="run">The run.</param>
    /// <param name="running">The run's task.</param>
    /// <param name="remainingAfter">Time the demo still needs after this run (the next run and the report).</param>
    Task ShowAsync(DemoRun run, Task running, TimeSpan remainingAfter);

    /// <summary>Shows the comparison table at the end.</summary>
    /// <param name="table">The table.</param>
    void ShowTable(ComparisonTable table);
}

/// <summary>For logs and CI: one plain line every few seconds.</summary>
/// <param name="output">Where the lines go.</param>
/// <param name="every">The cadence.</param>
internal sealed class PlainProgress(TextWriter output, TimeSpan every) : IRunProgress
{
    /// <inheritdoc />
    public async Task ShowAsync(DemoRun run, Task running, TimeSpan remainingAfter)
    {
        output.WriteLine($"{run.Label}: started");
        while (await Task.WhenAny(running, Task.Delay(every)).ConfigureAwait(false) != running)
            output.WriteLine(Line(run.Status(), remainingAfter));
        output.WriteLine(Line(run.Status(), remainingAfter));
        output.Flush();
    }

    /// <inheritdoc />
    public void ShowTable(ComparisonTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        output.WriteLine();
        output.Write(table.ToPlainText());
        output.Flush();
    }

    /// <summary>One progress line.</summary>
    /// <param name="s">The status.</param>
    /// <param name="remainingAfter">Time the demo needs after this run.</param>
    public static string Line(RunStatus s, TimeSpan remainingAfter)
    {
        var remaining = (s.Length > s.Elapsed ? s.Length - s.Elapsed : TimeSpan.Zero) + remainingAfter;
        return string.Create(CultureInfo.InvariantCulture,
            $"[{s.Label}] {s.Elapsed.TotalSeconds,5:F1}s {PhaseName(s.Phase),-8} state {DecoderNames.Of(s.State),-6}"
            + $"{(s.Shadow ? " (applied GREEN)" : string.Empty)} P {s.StressProbability:F2} PPR {s.PortPressure:F2} TWR {s.TimeWaitRatio:F2}"
            + $" CFR {s.ConnectFailureRatio:P0} CTL95 {Millis(s.ConnectLatency95)} RBI {s.RetryBurstIndex:F2} DSD95 {Millis(s.DecisionToSend95)}"
            + $" | sessions {s.SessionsLoggedOn}/{s.Sessions} | orders {s.Orders} sent {s.Sent} held {s.HeldThenSent} contained {s.Contained} refused {s.Refused} (now: held {s.HeldNow}, contained {s.ContainedNow}, at dependency {s.WaitingForDependency})"
            + $" | filled {Completion(s):P0} | ~{remaining.TotalSeconds:F0}s left");
    }

    /// <summary>A latency in seconds as milliseconds ("–" when unknown).</summary>
    /// <param name="seconds">The latency.</param>
    public static string Millis(double seconds) =>
        double.IsNaN(seconds) ? "–" : string.Create(CultureInfo.InvariantCulture, $"{seconds * 1000:F1}ms");

    /// <summary>Filled over parent quantity.</summary>
    /// <param name="s">The status.</param>
    public static double Completion(RunStatus s) => s.ParentQuantity == 0 ? 0 : (double)(s.Filled / s.ParentQuantity);

    /// <summary>The phase's display name.</summary>
    /// <param name="phase">The phase.</param>
    public static string PhaseName(RunPhase phase) => phase switch
    {
        RunPhase.Starting => "starting",
        RunPhase.Calm => "calm",
        RunPhase.Stress => "STRESS",
        RunPhase.Recovery => "recovery",
        RunPhase.Stopping => "stopping",
        _ => "done",
    };
}
