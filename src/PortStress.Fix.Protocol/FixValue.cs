using System.Buffers.Text;
using System.Runtime.CompilerServices;

namespace PortStress.Fix.Protocol;

/// <summary>
/// Allocation-free parsers for FIX field values, exact to the FIX data type formats: integers and
/// decimals take an optional '-' (never '+'), leading zeros are allowed, timestamps are UTC.
/// </summary>
public static class FixValue
{
    private const long MaxMantissa = (long.MaxValue - 9) / 10;

    /// <summary>Parses a FIX int (optional '-', digits).</summary>
    /// <param name="value">The field value.</param>
    /// <param name="result">The parsed value.</param>
    public static bool TryParseInt32(ReadOnlySpan<byte> value, out int result)
    {
        if (TryParseInt64(value, out var wide) && wide is >= int.MinValue and <= int.MaxValue)
        {
            result = (int)wide;
            return true;
        }

        result = 0;
        return false;
    }

    /// <summary>Parses a FIX int that must fit in 64 bits.</summary>
    /// <param name="value">The field value.</param>
    /// <param name="result">The parsed value.</param>
    public static bool TryParseInt64(ReadOnlySpan<byte> value, out long result)
    {
        result = 0;
        var negative = value.Length > 0 && value[0] == (byte)'-';
        var i = negative ? 1 : 0;
        if (i == value.Length || value.Length - i > 19)
        {
            return false;
        }

        ulong acc = 0;
        for (; i < value.Length; i++)
        {
            var d = (uint)(value[i] - '0');
            if (d > 9)
            {
                return false;
            }

            acc = (acc * 10) + d;
        }

        if (acc > (negative ? (ulong)long.MaxValue + 1 : long.MaxValue))
        {
            return false;
        }

        result = negative ? (long)(0 - acc) : (long)acc;
        return true;
    }

    /// <summary>Parses a FIX float/Price/Qty/Amt as a decimal, keeping every decimal place up to 28.</summary>
    /// <param name="value">The field value.</param>
    /// <param name="result">The parsed value.</param>
    public static bool TryParseDecimal(ReadOnlySpan<byte> value, out decimal result)
    {
        result = 0m;
        var negative = value.Length > 0 && value[0] == (byte)'-';
        var i = negative ? 1 : 0;
        long mantissa = 0;
        var scale = -1;
        var digits = 0;
        var fast = true;
        for (; i < value.Length; i++)
        {
            var b = value[i];
            if (b == (byte)'.')
            {
                if (scale >= 0)
                {
                    return false;
                }

                scale = 0;
                continue;
            }

            var d = (uint)(b - '0');
            if (d > 9)
            {
                return false;
            }

            digits++;
            if (scale >= 0)
            {
                scale++;
            }

            if (mantissa > MaxMantissa || scale > 28)
            {
                fast = false;
            }
            else
            {
                mantissa = (mantissa * 10) + d;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        if (fast)
        {
            result = new decimal((int)mantissa, (int)(mantissa >> 32), 0, negative && mantissa != 0, (byte)Math.Max(scale, 0));
            return true;
        }

        return TryParseDecimalSlow(value, out result);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryParseDecimalSlow(ReadOnlySpan<byte> value, out decimal result) =>
        Utf8Parser.TryParse(value, out result, out var consumed, 'F') && consumed == value.Length;

    /// <summary>True when the value has the FIX float format, whatever its size.</summary>
    /// <param name="value">The field value.</param>
    public static bool IsFloat(ReadOnlySpan<byte> value)
    {
        var i = value.Length > 0 && value[0] == (byte)'-' ? 1 : 0;
        var digits = 0;
        var dot = false;
        for (; i < value.Length; i++)
        {
            var b = value[i];
            if (b == (byte)'.' && !dot)
            {
                dot = true;
            }
            else if ((uint)(b - '0') <= 9)
            {
                digits++;
            }
            else
            {
                return false;
            }
        }

        return digits > 0;
    }

    /// <summary>True when the value has the FIX int format, whatever its size.</summary>
    /// <param name="value">The field value.</param>
    public static bool IsInt(ReadOnlySpan<byte> value)
    {
        var i = value.Length > 0 && value[0] == (byte)'-' ? 1 : 0;
        if (i == value.Length)
        {
            return false;
        }

        for (; i < value.Length; i++)
        {
            if ((uint)(value[i] - '0') > 9)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses a FIX char: exactly one printable byte.</summary>
    /// <param name="value">The field value.</param>
    /// <param name="result">The character.</param>
    public static bool TryParseChar(ReadOnlySpan<byte> value, out char result)
    {
        if (value.Length == 1 && value[0] > 0x20 && value[0] < 0x7F)
        {
            result = (char)value[0];
            return true;
        }

        result = default;
        return false;
    }

    /// <summary>Parses a FIX Boolean: <c>Y</c> or <c>N</c>.</summary>
    /// <param name="value">The field value.</param>
    /// <param name="result">The flag.</param>
    public static bool TryParseBoolean(ReadOnlySpan<byte> value, out bool result)
    {
        result = value.Length == 1 && value[0] == (byte)'Y';
        return value.Length == 1 && (value[0] == (byte)'Y' || value[0] == (byte)'N');
    }

    /// <summary>Parses a UTCTimestamp <c>yyyyMMdd-HH:mm:ss[.fff|.ffffff|.fffffffff]</c>. A leap second (60) rolls into the next minute.</summary>
    /// <param name="value">The field value.</param>
    /// <param name="result">The UTC time, to 100 ns.</param>
    /// <param name="precision">How many fractional digits the value had.</param>
    public static bool TryParseUtcTimestamp(ReadOnlySpan<byte> value, out DateTime result, out TimestampPrecision precision)
    {
        result = default;
        if (!TryParseUtcTimestampNanos(value, out var nanos, out precision))
        {
            return false;
        }

        result = DateTime.UnixEpoch.AddTicks(nanos / 100);
        return true;
    }

    /// <summary>Parses a UTCTimestamp to nanoseconds since the Unix epoch, keeping nanosecond precision.</summary>
    /// <param name="value">The field value.</param>
    /// <param name="nanosSinceEpoch">Nanoseconds since 1970-01-01T00:00:00Z.</param>
    /// <param name="precision">How many fractional digits the value had.</param>
    public static bool TryParseUtcTimestampNanos(ReadOnlySpan<byte> value, out long nanosSinceEpoch, out TimestampPrecision precision)
    {
        nanosSinceEpoch = 0;
        precision = default;
        if (value.Length < 17 || value[8] != (byte)'-' || !TryParseDate(value[..8], out var date))
        {
            return false;
        }

        if (!TryParseTime(value[9..], out var timeNanos, out precision))
        {
            return false;
        }

        var days = date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
        nanosSinceEpoch = (days * 86_400_000_000_000L) + timeNanos;
        return true;
    }

    /// <summary>Parses a UTCTimeOnly <c>HH:mm:ss[.fff|.ffffff|.fffffffff]</c>.</summary>
    /// <param name="value">The field value.</param>
    /// <param name="result">The time of day, to 100 ns.</param>
    /// <param name="precision">How many fractional digits the value had.</param>
    public static bool TryParseUtcTimeOnly(ReadOnlySpan<byte> value, out TimeOnly result, out TimestampPrecision precision)
    {
        result = default;
        if (!TryParseTime(value, out var nanos, out precision) || nanos >= 86_400_000_000_000L)
        {
            return false;
        }

        result = new TimeOnly(nanos / 100);
        return true;
    }

    /// <summary>Parses a UTCDateOnly <c>yyyyMMdd</c>.</summary>
    /// <param name="value">The field value.</param>
    /// <param name="result">The date.</param>
    public static bool TryParseUtcDateOnly(ReadOnlySpan<byte> value, out DateOnly result) => TryParseDate(value, out result);

    /// <summary>Parses a LocalMktDate <c>yyyyMMdd</c> (a date in the market's own time zone).</summary>
    /// <param name="value">The field value.</param>
    /// <param name="result">The date.</param>
    public static bool TryParseLocalMktDate(ReadOnlySpan<byte> value, out DateOnly result) => TryParseDate(value, out result);

    /// <summary>Parses a MonthYear: <c>yyyyMM</c>, <c>yyyyMMdd</c> or <c>yyyyMMwN</c>.</summary>
    /// <param name="value">The field value.</param>
    /// <param name="result">The parts.</param>
    public static bool TryParseMonthYear(ReadOnlySpan<byte> value, out MonthYear result)
    {
        result = default;
        if (value.Length is not (6 or 8) || !TryDigits(value[..4], out var year) || !TryDigits(value.Slice(4, 2), out var month) || month is < 1 or > 12)
        {
            return false;
        }

        if (value.Length == 6)
        {
            result = new MonthYear(year, month, 0, 0);
            return true;
        }

        if (value[6] == (byte)'w')
        {
            var week = value[7] - '0';
            if (week is < 1 or > 5)
            {
                return false;
            }

            result = new MonthYear(year, month, 0, week);
            return true;
        }

        if (!TryDigits(value.Slice(6, 2), out var day) || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month))
        {
            return false;
        }

        result = new MonthYear(year, month, day, 0);
        return true;
    }

    private static bool TryParseDate(ReadOnlySpan<byte> value, out DateOnly result)
    {
        result = default;
        if (value.Length != 8 || !TryDigits(value[..4], out var year) || !TryDigits(value.Slice(4, 2), out var month) || !TryDigits(value.Slice(6, 2), out var day))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        result = new DateOnly(year, month, day);
        return true;
    }

    private static bool TryParseTime(ReadOnlySpan<byte> value, out long nanos, out TimestampPrecision precision)
    {
        nanos = 0;
        precision = TimestampPrecision.Seconds;
        if (value.Length < 8 || value[2] != (byte)':' || value[5] != (byte)':'
            || !TryDigits(value[..2], out var hour) || !TryDigits(value.Slice(3, 2), out var minute) || !TryDigits(value.Slice(6, 2), out var second)
            || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        long fraction = 0;
        if (value.Length > 8)
        {
            var digits = value.Length - 9;
            if (value[8] != (byte)'.' || digits is not (3 or 6 or 9) || !TryDigits(value[9..], out var f))
            {
                return false;
            }

            precision = (TimestampPrecision)digits;
            fraction = digits switch { 3 => f * 1_000_000L, 6 => f * 1_000L, _ => f };
        }

        nanos = (((hour * 3600L) + (minute * 60L) + second) * 1_000_000_000L) + fraction;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryDigits(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var b in digits)
        {
            var d = (uint)(b - '0');
            if (d > 9)
            {
                return false;
            }

            value = (value * 10) + (int)d;
        }

        return digits.Length > 0;
    }
}
