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

    public static int Slot(long bucketId, int slots)
    {
        var slot = (int)(bucketId % slots);
        return slot < 0 ? slot + slots : slot;
    }
}
