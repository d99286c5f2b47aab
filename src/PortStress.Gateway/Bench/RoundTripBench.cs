using System.Globalization;
using PortStress.Fix.Protocol.Dictionary;

namespace PortStress.Gateway.Bench;

/// <summary>
/// Runs the same load against the TCP echo floor and then against our initiator and acceptor: a warm-up,
/// the pipelined phase and the fixed-rate phase each, printing progress once a second.
/// </summary>
internal sealed class RoundTripBench(RoundTripOptions options, DataDictionary dictionary, TextWriter progress)
{
    public async Task<RoundTripResult> RunAsync(CancellationToken cancellationToken)
    {
        var (orderFrame, acknowledgementFrame) = BenchMessages.SampleFrames();
        var machine = MachineDescription.Current();
        progress.WriteLine($"bench roundtrip on {machine}");
        progress.WriteLine(
            $"NewOrderSingle {orderFrame.Length} B -> ExecutionReport {acknowledgementFrame.Length} B over 127.0.0.1; window {options.Window}, "
            + $"warm-up {Seconds(options.Warmup)}, pipelined {Seconds(options.Duration)}, then {options.Rate:N0}/s for {Seconds(options.Duration)}; "
            + $"store {options.Store.ToString().ToLowerInvariant()}");
        using var listener = options.AllocationTypes ? new AllocationTickListener() : null;
        var echo = await MeasureAsync(probe => new TcpEchoTarget(probe, orderFrame, acknowledgementFrame), null, cancellationToken).ConfigureAwait(false);
        var engine = await MeasureAsync(probe => new EngineRoundTripTarget(probe, dictionary, options.Store), listener, cancellationToken).ConfigureAwait(false);
        return new RoundTripResult(options, machine, engine, echo, listener?.Top(15) ?? []);
    }

    private async Task<TargetMeasurement> MeasureAsync(
        Func<RoundTripProbe, IRoundTripTarget> create, AllocationTickListener? listener, CancellationToken cancellationToken)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var probe = new RoundTripProbe(options.Window);
        var target = create(probe);
        await using (target.ConfigureAwait(false))
        {
            await target.StartAsync(cancellationToken).ConfigureAwait(false);
            var driver = new LoadDriver(target, probe, cancellationToken);
            var run = OnOwnThread(() =>
            {
                driver.RunPipelined("warm-up", options.Warmup);
                if (listener is not null)
                {
                    listener.Recording = true;
                }

                var pipelined = driver.RunPipelined("pipelined", options.Duration);
                var fixedRate = driver.RunFixedRate("fixed rate", options.Rate, options.Duration);
                if (listener is not null)
                {
                    listener.Recording = false;
                }

                return (pipelined, fixedRate);
            });
            while (!run.IsCompleted)
            {
                await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None)).ConfigureAwait(false);
                if (!run.IsCompleted)
                {
                    var (seconds, rate) = driver.PhaseProgress();
                    progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {target.Name,-6} {driver.Phase,-10} {seconds,5:0.0} s {rate,12:N0} rt/s  ({probe.Acknowledged:N0} acknowledged)"));
                }
            }

            var (pipelinedResult, fixedRateResult) = await run.ConfigureAwait(false);
            var faults = target is EngineRoundTripTarget engine ? engine.Faults : 0;
            var measurement = new TargetMeasurement(
                target.Name, pipelinedResult, fixedRateResult, probe.Sent, probe.Acknowledged, probe.Duplicates, probe.Missing, faults);
            progress.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {target.Name,-6} done: {pipelinedResult.RoundTripsPerSecond:N0} rt/s pipelined; p50 {fixedRateResult.Corrected.P50:0.0} us, p99 {fixedRateResult.Corrected.P99:0.0} us at {options.Rate:N0}/s"));
            return measurement;
        }
    }

    /// <summary>Runs <paramref name="work"/> on a dedicated background thread (the load driver spins; it must not hold a pool thread).</summary>
    internal static Task<T> OnOwnThread<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "bench load driver",
        };
        thread.Start();
        return done.Task;
    }

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s");
}
