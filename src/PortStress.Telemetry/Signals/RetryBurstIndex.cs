using PortStress.Telemetry.Internal;

namespace PortStress.Telemetry.Signals;

/// <summary>
/// Retry Burst Index: over the last complete window of <c>buckets</c> buckets (default 5 × 100 ms = 500 ms),
/// the largest bucket's share of the retries. Evenly spread retries give 1/buckets (0.2); all retries in
/// one bucket give 1. Reported only when the window holds at least the minimum count. Not thread-safe.
/// </summary>
public sealed class RetryBurstIndex
{
    private readonly long[] _bucketIds;
    private readonly long[] _counts;
    private readonly long _bucketTicks;
    private readonly int _windowBuckets;

    /// <summary>Creates the estimator.</summary>
    /// <param name="bucket">The bucket width (100 ms by default in the options).</param>
    /// <param name="buckets">Buckets per window (5 by default).</param>
    /// <param name="minimumCount">The fewest retries in a window for the index to be reported.</param>
    /// <param name="timestampFrequency">Timestamp ticks per second.</param>
    public RetryBurstIndex(TimeSpan bucket, int buckets, int minimumCount, long timestampFrequency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumCount, 1);
        _bucketTicks = WindowMath.BucketTicks(bucket, 1, timestampFrequency);
        _windowBuckets = buckets;
        MinimumCount = minimumCount;
        _bucketIds = new long[buckets + 1]; // the complete window plus the bucket now filling
        _counts = new long[buckets + 1];
        Array.Fill(_bucketIds, long.MinValue);
    }

    /// <summary>The fewest retries in a window for the index to be reported.</summary>
    public int MinimumCount { get; }

    /// <summary>Records one retry at <paramref name="timestamp"/>.</summary>
    /// <param name="timestamp">When, in timestamp ticks.</param>
    public void Record(long timestamp)
    {
        var slot = WindowMath.ClaimSlot(_bucketIds, WindowMath.BucketId(timestamp, _bucketTicks), out var fresh);
        if (slot < 0)
            return;
        if (fresh)
            _counts[slot] = 0;
        _counts[slot]++;
    }

    /// <summary>The retries in the last complete window.</summary>
    /// <param name="now">The current timestamp.</param>
    public long WindowCount(long now) => Scan(now).Total;

    /// <summary>The index for the last complete window, or null when it holds fewer than the minimum count.</summary>
    /// <param name="now">The current timestamp.</param>
    public double? Value(long now)
    {
        var (total, largest) = Scan(now);
        return total < MinimumCount ? null : (double)largest / total;
    }

    private (long Total, long Largest) Scan(long now)
    {
        var newest = WindowMath.BucketId(now, _bucketTicks) - 1;
        var oldest = newest - _windowBuckets + 1;
        long total = 0;
        long largest = 0;
        for (var i = 0; i < _bucketIds.Length; i++)
        {
            if (_bucketIds[i] < oldest || _bucketIds[i] > newest)
                continue;
            total += _counts[i];
            largest = Math.Max(largest, _counts[i]);
        }
        return (total, largest);
    }
}
