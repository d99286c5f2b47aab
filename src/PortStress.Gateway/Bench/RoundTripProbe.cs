namespace PortStress.Gateway.Bench;

/// <summary>
/// What the load driver and the receiving side share: orders sent, acknowledgements counted in order
/// (an order acknowledged twice, out of order or never shows up in <see cref="Duplicates"/> or
/// <see cref="Missing"/>), send times for the orders in flight, and — during a fixed-rate phase — the
/// latency recorders. Sends come from one thread and acknowledgements from one other thread.
/// </summary>
internal sealed class RoundTripProbe
{
    private readonly long[] _sendTimes;
    private readonly long _mask;
    private long _sent;
    private long _acked;
    private long _duplicates;
    private long _missing;
    private LatencyPhase? _latency;

    /// <param name="window">The most orders in flight; send times are kept for that many.</param>
    public RoundTripProbe(int window)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)window);
        _sendTimes = new long[size];
        _mask = size - 1;
        Window = window;
    }

    public int Window { get; }

    /// <summary>Orders handed to the transport (the next order's index).</summary>
    public long Sent => Volatile.Read(ref _sent);

    /// <summary>Orders acknowledged once, in order (the next expected acknowledgement's index).</summary>
    public long Acknowledged => Volatile.Read(ref _acked);

    /// <summary>Acknowledgements for an order already acknowledged.</summary>
    public long Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>Orders skipped over by a later acknowledgement (lost or reordered).</summary>
    public long Missing => Volatile.Read(ref _missing);

    public long InFlight => Sent - Acknowledged;

    /// <summary>Notes the send time of the next order; call <see cref="CommitSend"/> once it is handed over.</summary>
    public void StampSend(long index, long timestamp) => _sendTimes[index & _mask] = timestamp;

    public void CommitSend() => Volatile.Write(ref _sent, _sent + 1);

    /// <summary>Starts recording latency for orders from <paramref name="firstIndex"/> against <paramref name="schedule"/>.</summary>
    public void BeginLatencyPhase(long firstIndex, FixedRateSchedule schedule, LatencyRecorder corrected, LatencyRecorder uncorrected) =>
        Volatile.Write(ref _latency, new LatencyPhase(firstIndex, schedule, corrected, uncorrected));

    public void EndLatencyPhase() => Volatile.Write(ref _latency, null);

    /// <summary>An acknowledgement of order <paramref name="index"/> arrived at <paramref name="timestamp"/>.</summary>
    public void Acknowledge(long index, long timestamp)
    {
        var expected = _acked;
        if (index < expected)
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }

        if (index > expected)
        {
            Interlocked.Add(ref _missing, index - expected);
        }

        if (Volatile.Read(ref _latency) is { } phase && index >= phase.FirstIndex)
        {
            phase.Corrected.Record(phase.Schedule.IntendedAt(index - phase.FirstIndex), timestamp);
            phase.Uncorrected.Record(_sendTimes[index & _mask], timestamp);
        }

        // Published after the send time is read: the driver reuses the slot only once this moves on.
        Volatile.Write(ref _acked, index + 1);
    }

    private sealed record LatencyPhase(long FirstIndex, FixedRateSchedule Schedule, LatencyRecorder Corrected, LatencyRecorder Uncorrected);
}
