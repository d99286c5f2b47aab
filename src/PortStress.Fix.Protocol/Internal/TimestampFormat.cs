namespace PortStress.Fix.Protocol.Internal;

/// <summary>Writes FIX dates and times as ASCII digits.</summary>
internal static class TimestampFormat
{
    public static int Write(DateTime utc, TimestampPrecision precision, Span<byte> destination)
    {
        var n = WriteDate(DateOnly.FromDateTime(utc), destination);
        destination[n++] = (byte)'-';
        return n + WriteTime(utc.TimeOfDay.Ticks, precision, destination[n..]);
    }

    public static int WriteDate(DateOnly date, Span<byte> destination)
    {
        Digits(date.Year, 4, destination);
        Digits(date.Month, 2, destination[4..]);
        Digits(date.Day, 2, destination[6..]);
        return 8;
    }

    public static int WriteTime(long ticksOfDay, TimestampPrecision precision, Span<byte> destination)
    {
        var seconds = ticksOfDay / TimeSpan.TicksPerSecond;
        Digits((int)(seconds / 3600), 2, destination);
        destination[2] = (byte)':';
        Digits((int)(seconds / 60 % 60), 2, destination[3..]);
        destination[5] = (byte)':';
        Digits((int)(seconds % 60), 2, destination[6..]);
        if (precision == TimestampPrecision.Seconds)
        {
            return 8;
        }

        destination[8] = (byte)'.';
        var fractionTicks = ticksOfDay % TimeSpan.TicksPerSecond;
        var digits = (int)precision;
        var value = digits switch
        {
            3 => fractionTicks / 10_000,
            6 => fractionTicks / 10,
            _ => fractionTicks * 100,
        };
        Digits(value, digits, destination[9..]);
        return 9 + digits;
    }

    private static void Digits(long value, int count, Span<byte> destination)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
