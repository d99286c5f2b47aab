using PortStress.Telemetry.Internal;

namespace PortStress.Telemetry.Signals;

/// <summary>
/// Quantiles over a sliding time window with bounded memory and bounded relative error: one log-bucket
/// histogram (<see cref="LogBuckets"/>) per sub-window; a query merges the live sub-windows. Values are in
/// seconds. Updates never allocate. Not thread-safe: owned by the ring consumer.
/// </summary>
public sealed class SlidingWindowQuantiles
{
    private readonly LogBuckets _buckets;
    private readonly int[][] _counts;
    private readonly long[] _windowIds;
    private readonly long[] _totals;
    private readonly long _subWindowTicks;
    private readonly double _frequency;

    /// <summary>Creates the estimator.</summary>
    /// <param name="window">The window length.</param>
    /// <param name="subWindows">How many sub-windows it rotates through (its time resolution).</param>
    /// <param name="timestampFrequency">Timestamp ticks per second.</param>
    /// <param name="buckets">The bucket layout; by default 1% relative error from 1 ns to 1 hour.</param>
    public SlidingWindowQuantiles(TimeSpan window, int subWindows, long timestampFrequency, LogBuckets? buckets = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(subWindows, 1);
        _subWindowTicks = WindowMath.BucketTicks(window, subWindows, timestampFrequency);
        _frequency = timestampFrequency;
        _buckets = buckets ?? new LogBuckets(0.01, 1e-9, 3600);
        _counts = new int[subWindows][];
        for (var i = 0; i < subWindows; i++)
            _counts[i] = new int[_buckets.Count];
        _windowIds = new long[subWindows];
        _totals = new long[subWindows];
        Array.Fill(_windowIds, long.MinValue);
    }

    /// <summary>The bucket layout (and so the relative accuracy).</summary>
    public LogBuckets Buckets => _buckets;

    /// <summary>Records a value in seconds at <paramref name="timestamp"/>.</summary>
    /// <param name="timestamp">When, in timestamp ticks.</param>
    /// <param name="seconds">The value.</param>
    public void Record(long timestamp, double seconds)
    {
        var slot = WindowMath.ClaimSlot(_windowIds, WindowMath.BucketId(timestamp, _subWindowTicks), out var fresh);
        if (slot < 0)
            return;
        if (fresh)
        {
            _totals[slot] = 0;
            Array.Clear(_counts[slot]);
        }
        _counts[slot][_buckets.IndexOf(seconds)]++;
        _totals[slot]++;
    }

    /// <summary>Records a duration given in timestamp ticks.</summary>
    /// <param name="timestamp">When, in timestamp ticks.</param>
    /// <param name="elapsedTicks">The duration in timestamp ticks.</param>
    public void RecordElapsed(long timestamp, long elapsedTicks) => Record(timestamp, elapsedTicks / _frequency);

    /// <summary>How many values are inside the window ending at <paramref name="now"/>.</summary>
    /// <param name="now">The current timestamp.</param>
    public long Count(long now)
    {
        var (oldest, current) = Live(now);
        long total = 0;
        for (var w = 0; w < _windowIds.Length; w++)
        {
            if (_windowIds[w] >= oldest && _windowIds[w] <= current)
                total += _totals[w];
        }
        return total;
    }

    /// <summary>
    /// The <paramref name="quantile"/> of the values in the window, within the relative accuracy of the exact
    /// value at rank ⌊q·(n-1)⌋ of the sorted values; <see cref="double.NaN"/> when the window is empty.
    /// </summary>
    /// <param name="now">The current timestamp.</param>
    /// <param name="quantile">In [0, 1].</param>
    public double Quantile(long now, double quantile)
    {
        if (quantile is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "Must be in [0, 1].");
        var total = Count(now);
        if (total == 0)
            return double.NaN;
        var (oldest, current) = Live(now);
        var rank = (long)Math.Floor(quantile * (total - 1));
        long cumulative = 0;
        for (var b = 0; b < _buckets.Count; b++)
        {
            for (var w = 0; w < _windowIds.Length; w++)
            {
                if (_windowIds[w] >= oldest && _windowIds[w] <= current)
                    cumulative += _counts[w][b];
            }
            if (cumulative > rank)
                return _buckets.ValueOf(b);
        }
        return _buckets.ValueOf(_buckets.Count - 1);
    }

    private (long Oldest, long Current) Live(long now)
    {
        var current = WindowMath.BucketId(now, _subWindowTicks);
        return (current - _windowIds.Length + 1, current);
    }
}
