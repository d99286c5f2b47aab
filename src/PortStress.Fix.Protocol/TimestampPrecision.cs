namespace PortStress.Fix.Protocol;

/// <summary>Fractional-second precision of a FIX UTCTimestamp or UTCTimeOnly value.</summary>
public enum TimestampPrecision
{
    /// <summary><c>yyyyMMdd-HH:mm:ss</c></summary>
    Seconds = 0,

    /// <summary><c>yyyyMMdd-HH:mm:ss.fff</c></summary>
    Milliseconds = 3,

    /// <summary><c>yyyyMMdd-HH:mm:ss.ffffff</c></summary>
    Microseconds = 6,

    /// <summary><c>yyyyMMdd-HH:mm:ss.fffffffff</c> (DateTime keeps 100 ns; the last two digits are carried by the nanosecond reads).</summary>
    Nanoseconds = 9,
}

/// <summary>A FIX MonthYear value: <c>YYYYMM</c>, <c>YYYYMMDD</c> or <c>YYYYMMwN</c>.</summary>
/// <param name="Year">Four-digit year.</param>
/// <param name="Month">1..12.</param>
/// <param name="Day">1..31, or 0 when the value names no day.</param>
/// <param name="Week">1..5, or 0 when the value names no week.</param>
public readonly record struct MonthYear(int Year, int Month, int Day, int Week);
