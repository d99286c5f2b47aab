namespace PortStress.Gateway.Bench;

/// <summary>
/// Keeps every latency sample (in timestamp ticks) in an array sized up front, so recording never
/// allocates; <see cref="Summarize"/> sorts them once at the end. One thread records at a time.
/// </summary>
internal sealed class LatencyRecorder
{
    private readonly long[] _samples;
    private int _count;
    private long _dropped;

    public LatencyRecorder(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _samples = new long[capacity];
    }

    /// <summary>Samples kept.</summary>
    public int Count => _count;

    /// <summary>Samples that did not fit (the capacity was too small); they are reported, not hidden.</summary>
    public long Dropped => _dropped;

    /// <summary>The samples kept so far, in arrival order until <see cref="Summarize"/> sorts them.</summary>
    public ReadOnlySpan<long> Samples => _samples.AsSpan(0, _count);

    /// <summary>Records <paramref name="endTicks"/> − <paramref name="startTicks"/>.</summary>
    public void Record(long startTicks, long endTicks)
    {
        if (_count == _samples.Length)
        {
            _dropped++;
            return;
        }

        _samples[_count++] = endTicks - startTicks;
    }

    /// <summary>Sorts the samples and reads the percentiles (nearest rank), in microseconds.</summary>
    public LatencySummary Summarize(long ticksPerSecond)
    {
        var samples = _samples.AsSpan(0, _count);
        samples.Sort();
        return samples.IsEmpty
            ? new LatencySummary(0, _dropped, double.NaN, double.NaN, double.NaN, double.NaN)
            : new LatencySummary(
                _count,
                _dropped,
                Micros(At(samples, 0.50), ticksPerSecond),
                Micros(At(samples, 0.99), ticksPerSecond),
                Micros(At(samples, 0.999), ticksPerSecond),
                Micros(samples[^1], ticksPerSecond));
    }

    /// <summary>The nearest-rank percentile of sorted samples: the smallest sample with at least <paramref name="quantile"/> of them at or below it.</summary>
    private static long At(ReadOnlySpan<long> sorted, double quantile) =>
        sorted[(int)Math.Clamp(Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Micros(long ticks, long ticksPerSecond) => ticks * 1e6 / ticksPerSecond;
}
