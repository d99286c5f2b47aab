using PortStress.Fix.Protocol;

namespace PortStress.Fix.Protocol.Tests;

public class FixValueTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("00023", 23)]
    [InlineData("-99999", -99999)]
    [InlineData("2147483647", int.MaxValue)]
    [InlineData("-2147483648", int.MinValue)]
    public void Ints_parse_including_edges_and_leading_zeros(string text, int expected)
    {
        FixValue.TryParseInt32(Frames.Bytes(text), out var value).Should().BeTrue();
        value.Should().Be(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("+5")]
    [InlineData("1.0")]
    [InlineData("2147483648")]
    [InlineData("12a")]
    public void Malformed_or_out_of_range_ints_are_refused(string text) =>
        FixValue.TryParseInt32(Frames.Bytes(text), out _).Should().BeFalse();

    [Fact]
    public void Longs_parse_to_their_limits() =>
        (FixValue.TryParseInt64(Frames.Bytes("-9223372036854775808"), out var min) && FixValue.TryParseInt64(Frames.Bytes("9223372036854775807"), out var max)
            && min == long.MinValue && max == long.MaxValue).Should().BeTrue();

    [Fact]
    public void A_long_one_past_the_limit_is_refused() => FixValue.TryParseInt64(Frames.Bytes("9223372036854775808"), out _).Should().BeFalse();

    [Theory]
    [InlineData("101.25", "101.25")]
    [InlineData("-0.0001", "-0.0001")]
    [InlineData("002000.00", "2000.00")]
    [InlineData("5", "5")]
    [InlineData("5.", "5")]
    [InlineData(".5", "0.5")]
    [InlineData("-0", "0")]
    [InlineData("0.0000000000000000000000000001", "0.0000000000000000000000000001")]
    [InlineData("123456789012345678901234.5678", "123456789012345678901234.5678")]
    [InlineData("-79228162514264337593543950335", "-79228162514264337593543950335")]
    public void Decimals_parse_exactly_with_many_places_and_signs(string text, string expected)
    {
        FixValue.TryParseDecimal(Frames.Bytes(text), out var value).Should().BeTrue();
        value.Should().Be(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_decimal_keeps_its_scale() =>
        (FixValue.TryParseDecimal(Frames.Bytes("200.00"), out var v) ? v.Scale : -1).Should().Be(2);

    [Theory]
    [InlineData("+200.00")]
    [InlineData("1e5")]
    [InlineData("1.2.3")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData("1,5")]
    public void Malformed_decimals_are_refused(string text) => FixValue.TryParseDecimal(Frames.Bytes(text), out _).Should().BeFalse();

    [Fact]
    public void Chars_and_booleans_parse()
    {
        (FixValue.TryParseChar(Frames.Bytes("A"), out var c) && c == 'A').Should().BeTrue();
        FixValue.TryParseChar(Frames.Bytes("AB"), out _).Should().BeFalse();
        (FixValue.TryParseBoolean(Frames.Bytes("Y"), out var y) && y).Should().BeTrue();
        (FixValue.TryParseBoolean(Frames.Bytes("N"), out var n) && !n).Should().BeTrue();
        FixValue.TryParseBoolean(Frames.Bytes("y"), out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("20261124-14:30:01", TimestampPrecision.Seconds, 0L)]
    [InlineData("20261124-14:30:01.123", TimestampPrecision.Milliseconds, 123_000_000L)]
    [InlineData("20261124-14:30:01.123456", TimestampPrecision.Microseconds, 123_456_000L)]
    [InlineData("20261124-14:30:01.123456789", TimestampPrecision.Nanoseconds, 123_456_789L)]
    public void Timestamps_parse_at_every_precision(string text, TimestampPrecision precision, long fractionNanos)
    {
        FixValue.TryParseUtcTimestampNanos(Frames.Bytes(text), out var nanos, out var p).Should().BeTrue();
        p.Should().Be(precision);
        var whole = new DateTimeOffset(2026, 11, 24, 14, 30, 1, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000L;
        nanos.Should().Be(whole + fractionNanos);
        FixValue.TryParseUtcTimestamp(Frames.Bytes(text), out var dt, out _).Should().BeTrue();
        dt.Kind.Should().Be(DateTimeKind.Utc);
        dt.Ticks.Should().Be(new DateTime(2026, 11, 24, 14, 30, 1, DateTimeKind.Utc).Ticks + (fractionNanos / 100));
    }

    [Fact]
    public void A_leap_second_rolls_into_the_next_minute()
    {
        FixValue.TryParseUtcTimestamp(Frames.Bytes("20161231-23:59:60"), out var dt, out _).Should().BeTrue();
        dt.Should().Be(new DateTime(2017, 1, 1, 0, 0, 0, DateTimeKind.Utc));
    }

    [Theory]
    [InlineData("20260230-10:00:00")]
    [InlineData("20261324-10:00:00")]
    [InlineData("20261124-24:00:00")]
    [InlineData("20261124-10:60:00")]
    [InlineData("20261124-10:00:00.12")]
    [InlineData("20261124 10:00:00")]
    [InlineData("2026112-10:00:00")]
    [InlineData("00000000-00:00:00")]
    public void Impossible_timestamps_are_refused(string text) => FixValue.TryParseUtcTimestampNanos(Frames.Bytes(text), out _, out _).Should().BeFalse();

    [Fact]
    public void Dates_times_and_month_years_parse()
    {
        (FixValue.TryParseUtcDateOnly(Frames.Bytes("20240229"), out var d) && d == new DateOnly(2024, 2, 29)).Should().BeTrue();
        FixValue.TryParseUtcDateOnly(Frames.Bytes("20230229"), out _).Should().BeFalse();
        (FixValue.TryParseLocalMktDate(Frames.Bytes("20261124"), out var l) && l == new DateOnly(2026, 11, 24)).Should().BeTrue();
        (FixValue.TryParseUtcTimeOnly(Frames.Bytes("23:59:59.999"), out var t, out var p) && t == new TimeOnly(23, 59, 59, 999) && p == TimestampPrecision.Milliseconds).Should().BeTrue();
        FixValue.TryParseUtcTimeOnly(Frames.Bytes("23:59"), out _, out _).Should().BeFalse();
        (FixValue.TryParseMonthYear(Frames.Bytes("202612"), out var m1) && m1 == new MonthYear(2026, 12, 0, 0)).Should().BeTrue();
        (FixValue.TryParseMonthYear(Frames.Bytes("20261219"), out var m2) && m2 == new MonthYear(2026, 12, 19, 0)).Should().BeTrue();
        (FixValue.TryParseMonthYear(Frames.Bytes("202612w3"), out var m3) && m3 == new MonthYear(2026, 12, 0, 3)).Should().BeTrue();
        FixValue.TryParseMonthYear(Frames.Bytes("202613"), out _).Should().BeFalse();
        FixValue.TryParseMonthYear(Frames.Bytes("202612w6"), out _).Should().BeFalse();
    }
}
