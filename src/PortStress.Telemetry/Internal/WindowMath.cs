namespace PortStress.Telemetry.Internal;

/// <summary>Bucket arithmetic shared by the windowed estimators: timestamps cut into fixed-width buckets.</summary>
internal static class WindowMath
{
    public static long ToTicks(TimeSpan duration, long timestampFrequency) =>
        checked((long)Math.Round(duration.Ticks * (double)timestampFrequency / TimeSpan.TicksPerSecond));

    public static long BucketTicks(TimeSpan window, int buckets, long timestampFrequency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timestampFrequency, 0);
        var ticks = ToTicks(window, timestampFrequency) / buckets;
        if (ticks <= 0)
            throw new ArgumentOutOfRangeException(nameof(window), window, "The window is too short for that many buckets.");
        return ticks;
    }

    public static long BucketId(long timestamp, long bucketTicks) => Math.DivRem(timestamp, bucketTicks) switch
    {
        var (quotient, remainder) when remainder < 0 => quotient - 1,
        var (quotient, _) => quotient,
    };

    /// <summary>
    /// The slot of <paramref name="bucketId"/> in a ring of bucket ids: -1 when the slot already holds a newer
    /// bucket (the value is older than the window); <paramref name="fresh"/> when the slot was just taken over and
    /// its data must be cleared.
    /// </summary>
    public static int ClaimSlot(long[] bucketIds, long bucketId, out bool fresh)
    {
        var slot = Slot(bucketId, bucketIds.Length);
        fresh = bucketIds[slot] != bucketId;
        if (!fresh)
            return slot;
        if (bucketIds[slot] > bucketId)
            return -1;
        bucketIds[slot] = bucketId;
        return slot;
    }

    public static int Slot(long bucketId, int slots)
    {
        var slot = (int)(bucketId % slots);
        return slot < 0 ? slot + slots : slot;
    }
}
