namespace PortStress.Control.Records;

/// <summary>
/// Converts the monotonic timestamps the hot paths take (<see cref="TimeProvider.GetTimestamp"/>) into the wall-clock
/// microseconds since the Unix epoch that records carry, anchored once so the conversion needs no clock read.
/// </summary>
public sealed class RecordTime
{
    private readonly long _anchorTimestamp;
    private readonly long _anchorUnixMicros;
    private readonly double _microsPerTick;

    /// <summary>Anchors the conversion at the provider's current time.</summary>
    /// <param name="timeProvider">The clock whose timestamps will be converted.</param>
    public RecordTime(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        TimeProvider = timeProvider;
        _anchorTimestamp = timeProvider.GetTimestamp();
        _anchorUnixMicros = timeProvider.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        _microsPerTick = 1e6 / timeProvider.TimestampFrequency;
    }

    /// <summary>The clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Microseconds since the Unix epoch at <paramref name="timestamp"/>; 0 stays 0 (not set).</summary>
    /// <param name="timestamp">A timestamp of <see cref="TimeProvider"/>.</param>
    public long ToUnixMicros(long timestamp) =>
        timestamp == 0 ? 0 : _anchorUnixMicros + (long)((timestamp - _anchorTimestamp) * _microsPerTick);
}
