using PortStress.Telemetry.Internal;

namespace PortStress.Telemetry.Signals;

/// <summary>
/// A count over a sliding time window made of equal sub-buckets. An event recorded at time t stops counting
/// once the bucket holding t is more than <c>buckets - 1</c> buckets behind the current one, so the window is
/// exact to one bucket width. Updates and reads never allocate. Not thread-safe: owned by the ring consumer.
/// </summary>
public sealed class SlidingWindowCounter
{
    private readonly long[] _bucketIds;
    private readonly long[] _counts;
    private readonly long _bucketTicks;

    /// <summary>Creates a counter.</summary>
    /// <param name="window">The window length.</param>
    /// <param name="buckets">How many sub-buckets the window is cut into (its resolution).</param>
    /// <param name="timestampFrequency">Timestamp ticks per second (<see cref="TimeProvider.TimestampFrequency"/>).</param>
    public SlidingWindowCounter(TimeSpan window, int buckets, long timestampFrequency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        _bucketTicks = WindowMath.BucketTicks(window, buckets, timestampFrequency);
        Window = window;
        _bucketIds = new long[buckets];
        _counts = new long[buckets];
        Array.Fill(_bucketIds, long.MinValue);
    }

    /// <summary>The window length.</summary>
    public TimeSpan Window { get; }

    /// <summary>Adds <paramref name="count"/> at <paramref name="timestamp"/>.</summary>
    /// <param name="timestamp">When, in timestamp ticks.</param>
    /// <param name="count">How many.</param>
    public void Add(long timestamp, long count = 1)
    {
        var slot = WindowMath.ClaimSlot(_bucketIds, WindowMath.BucketId(timestamp, _bucketTicks), out var fresh);
        if (slot < 0)
            return; // older than the window: ignore
        if (fresh)
            _counts[slot] = 0;
        _counts[slot] += count;
    }

    /// <summary>The total inside the window ending at <paramref name="now"/>.</summary>
    /// <param name="now">The current timestamp.</param>
    public long Sum(long now)
    {
        var current = WindowMath.BucketId(now, _bucketTicks);
        var oldest = current - _bucketIds.Length + 1;
        long sum = 0;
        for (var i = 0; i < _bucketIds.Length; i++)
        {
            var id = _bucketIds[i];
            if (id >= oldest && id <= current)
                sum += _counts[i];
        }
        return sum;
    }

    /// <summary>The windowed total divided by the window length, per second.</summary>
    /// <param name="now">The current timestamp.</param>
    public double RatePerSecond(long now) => Sum(now) / Window.TotalSeconds;
}
