using System.Runtime.InteropServices;

namespace PortStress.Execution.Gate;

/// <summary>
/// The catch-up cap: per parent, a quantity bucket that fills at <c>cap × schedule rate</c> per second up to
/// <c>cap × rate × window</c>. A catch-up order takes what the bucket holds (rounded down to the lot); the rest goes
/// back to the parent. The bucket is created full on a parent's first capped order. Idle (full) buckets are
/// forgotten when the table grows past its limit. Not thread-safe: the gate calls it under its lock.
/// </summary>
public sealed class CatchUpLimiter
{
    private const int PruneAbove = 4096;
    private readonly Dictionary<long, Bucket> _buckets = new(256);
    private readonly long _frequency;
    private readonly double _windowSeconds;

    /// <summary>Creates the limiter.</summary>
    /// <param name="window">The burst window.</param>
    /// <param name="timestampFrequency">Timestamp ticks per second of the gate's clock.</param>
    public CatchUpLimiter(TimeSpan window, long timestampFrequency)
    {
        _windowSeconds = window.TotalSeconds;
        _frequency = timestampFrequency;
    }

    /// <summary>Parents with a bucket.</summary>
    public int Count => _buckets.Count;

    /// <summary>How much of <paramref name="quantity"/> a parent's catch-up may send now, and takes it from the bucket when <paramref name="take"/>.</summary>
    /// <param name="parentId">The parent.</param>
    /// <param name="quantity">The catch-up order's quantity.</param>
    /// <param name="ratePerSecond">The parent's schedule rate (quantity per second, positive).</param>
    /// <param name="cap">The cap (multiple of the rate).</param>
    /// <param name="now">The gate clock.</param>
    /// <param name="lotSize">The lot size the allowance is rounded down to.</param>
    /// <param name="floor">The smallest quantity worth sending (<see cref="ClipTrimmer.Floor"/>): a smaller allowance is 0 and takes nothing.</param>
    /// <param name="take">False to only look (shadow mode).</param>
    /// <returns>The quantity allowed, 0 when nothing (or less than the floor) is left.</returns>
    public decimal Allow(long parentId, decimal quantity, decimal ratePerSecond, double cap, long now, decimal lotSize, decimal floor, bool take)
    {
        var perSecond = (double)ratePerSecond * cap;
        var capacity = perSecond * _windowSeconds;
        if (!take && !_buckets.ContainsKey(parentId))
            return Floored(Math.Min(quantity, ClipTrimmer.RoundDown((decimal)capacity, lotSize)), quantity, floor);
        if (take && _buckets.Count >= PruneAbove && !_buckets.ContainsKey(parentId))
            Prune(now);
        ref var bucket = ref CollectionsMarshal.GetValueRefOrAddDefault(_buckets, parentId, out var exists);
        if (!exists)
        {
            bucket.Tokens = capacity;
            bucket.Updated = now;
        }
        var tokens = Math.Min(capacity, bucket.Tokens + (perSecond * (now - bucket.Updated) / _frequency));
        var allowed = Floored(Math.Min(quantity, ClipTrimmer.RoundDown((decimal)Math.Max(0, tokens), lotSize)), quantity, floor);
        if (take)
        {
            bucket.Tokens = tokens - (double)allowed;
            bucket.Updated = now;
            bucket.Capacity = capacity;
            bucket.PerSecond = perSecond;
        }
        return allowed;
    }

    private static decimal Floored(decimal allowed, decimal quantity, decimal floor) =>
        allowed >= quantity || allowed >= floor ? allowed : 0;

    private void Prune(long now)
    {
        List<long>? idle = null;
        foreach (var (parent, bucket) in _buckets)
        {
            if (bucket.Tokens + (bucket.PerSecond * (now - bucket.Updated) / _frequency) >= bucket.Capacity)
                (idle ??= []).Add(parent);
        }
        if (idle is null)
            return;
        foreach (var parent in idle)
            _buckets.Remove(parent);
    }

    private struct Bucket
    {
        public double Tokens;
        public long Updated;
        public double Capacity;
        public double PerSecond;
    }
}
