using System.Diagnostics;

namespace PortStress.Gateway.Bench;

/// <summary>
/// Sends orders to a target from one thread: a pipelined phase (bounded window, as fast as
/// acknowledgements allow) and a fixed-rate phase (each order waits for its intended time on the
/// schedule, and for room in the window). Waits spin briefly, then yield the core.
/// </summary>
internal sealed class LoadDriver(IRoundTripTarget target, RoundTripProbe probe, CancellationToken cancellation)
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    // Waits longer than this sleep (to WakeEarly before the intended time) instead of spinning: a spinning driver
    // keeps one of the machine's two cores from the system it measures.
    private static readonly long SleepAbove = Stopwatch.Frequency / 50_000;
    private static readonly long WakeEarly = Stopwatch.Frequency / 200_000;
    private string _phase = "starting";
    private long _phaseStart;
    private long _phaseFirstAck;

    /// <summary>
    /// Fixed-rate waits longer than a few microseconds sleep to just before the intended time (<see cref="PreciseSleep"/>)
    /// instead of spinning, so the driver leaves its core to the system it measures (on a two-core machine, half of it).
    /// Off: spin, then yield, as the driver always did.
    /// </summary>
    public bool SleepWhenEarly { get; init; }

    /// <summary>What the driver is doing, for progress lines.</summary>
    public string Phase => Volatile.Read(ref _phase);

    /// <summary>Seconds into the current phase and its round trips per second so far.</summary>
    public (double Seconds, double RoundTripsPerSecond) PhaseProgress()
    {
        var seconds = Stopwatch.GetElapsedTime(Volatile.Read(ref _phaseStart)).TotalSeconds;
        var acks = probe.Acknowledged - Volatile.Read(ref _phaseFirstAck);
        return (seconds, seconds > 0 ? acks / seconds : 0);
    }

    /// <summary>Pipelined orders for <paramref name="duration"/>, then waits for every acknowledgement.</summary>
    public PipelinedMeasurement RunPipelined(string phase, TimeSpan duration)
    {
        var before = RuntimeSnapshot.Take();
        var firstAck = Begin(phase);
        var start = Volatile.Read(ref _phaseStart);
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var window = probe.Window;
        long now;
        var spin = default(SpinWait);
        while ((now = Stopwatch.GetTimestamp()) < end)
        {
            cancellation.ThrowIfCancellationRequested();
            if (probe.InFlight >= window)
            {
                target.Flush();
                spin.SpinOnce(sleep1Threshold: -1);
                continue;
            }

            spin.Reset();
            SendNext(now);
        }

        target.Flush();
        var roundTrips = probe.Acknowledged - firstAck;
        var seconds = (double)(now - start) / Stopwatch.Frequency;
        var used = RuntimeSnapshot.Take().Since(before);
        Drain();
        return new PipelinedMeasurement(window, seconds, roundTrips, roundTrips / seconds, RuntimeCost.PerRoundTrip(used, roundTrips));
    }

    /// <summary>
    /// <paramref name="rate"/> orders per second for <paramref name="duration"/>, each sent at (or, when
    /// late, as soon as possible after) its intended time; latency is recorded against that time.
    /// </summary>
    public FixedRateMeasurement RunFixedRate(string phase, int rate, TimeSpan duration)
    {
        var orders = (int)Math.Max(1, Math.Round(rate * duration.TotalSeconds));
        var corrected = new LatencyRecorder(orders);
        var uncorrected = new LatencyRecorder(orders);
        var before = RuntimeSnapshot.Take();
        var firstAck = Begin(phase);
        var firstIndex = probe.Sent;
        if (SleepWhenEarly)
        {
            PreciseSleep.TightenThisThread();
        }

        var schedule = FixedRateSchedule.PerSecond(Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 1000), rate, Stopwatch.Frequency);
        probe.BeginLatencyPhase(firstIndex, schedule, corrected, uncorrected);
        var window = probe.Window;
        long maxLag = 0;
        for (var i = 0; i < orders; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var intended = schedule.IntendedAt(i);
            long now;
            var spin = default(SpinWait);
            while ((now = Stopwatch.GetTimestamp()) < intended || probe.InFlight >= window)
            {
                if (SleepWhenEarly && PreciseSleep.IsPrecise && intended - now > SleepAbove && probe.InFlight < window)
                {
                    PreciseSleep.Until(intended - WakeEarly);
                    continue;
                }

                spin.SpinOnce(sleep1Threshold: -1);
            }

            maxLag = Math.Max(maxLag, now - intended);
            SendNext(now);
            target.Flush();
        }

        Drain();
        probe.EndLatencyPhase();
        var used = RuntimeSnapshot.Take().Since(before);
        var acked = probe.Acknowledged - firstAck;
        return new FixedRateMeasurement(
            rate,
            orders,
            corrected.Summarize(Stopwatch.Frequency),
            uncorrected.Summarize(Stopwatch.Frequency),
            maxLag * 1e6 / Stopwatch.Frequency,
            RuntimeCost.PerRoundTrip(used, acked));
    }

    private long Begin(string phase)
    {
        var firstAck = probe.Acknowledged;
        Volatile.Write(ref _phaseFirstAck, firstAck);
        Volatile.Write(ref _phaseStart, Stopwatch.GetTimestamp());
        Volatile.Write(ref _phase, phase);
        return firstAck;
    }

    private void SendNext(long now)
    {
        var index = probe.Sent;
        probe.StampSend(index, now);
        var spin = default(SpinWait);
        while (!target.TrySend(index))
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }

        probe.CommitSend();
    }

    private void Drain()
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(DrainTimeout.TotalSeconds * Stopwatch.Frequency);
        while (probe.Acknowledged < probe.Sent && probe.Missing == 0)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"{target.Name}: {probe.Sent - probe.Acknowledged} of {probe.Sent} orders still unacknowledged after {DrainTimeout.TotalSeconds:0} s");
            }

            cancellation.ThrowIfCancellationRequested();
            Thread.Sleep(1);
        }
    }
}
