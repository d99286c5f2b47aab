using PortStress.Fix.Protocol;

namespace PortStress.Fix.Protocol.Tests;

public class FieldReaderTests
{
    private static List<(int Tag, string Value)> ReadAll(ReadOnlySpan<byte> frame, out FieldReadError error)
    {
        var fields = new List<(int, string)>();
        var reader = new FieldReader(frame);
        while (reader.MoveNext())
        {
            fields.Add((reader.Tag, reader.GetString()));
        }

        error = reader.Error;
        return fields;
    }

    [Fact]
    public void Fields_are_read_in_order_with_their_values()
    {
        var fields = ReadAll(Frames.Heartbeat(), out var error);
        error.Should().Be(FieldReadError.None);
        fields.Select(f => f.Tag).Should().Equal(8, 9, 35, 34, 49, 52, 56, 10);
        fields[3].Value.Should().Be("2");
    }

    [Fact]
    public void A_data_field_with_embedded_SOH_is_read_by_its_length()
    {
        var frame = FixText.ToFrame("8=FIX.4.4|35=B|34=2|49=A|52=20261124-14:30:00|56=B|148=x|358=7|359=ab\u0001cd\u0001e|");
        var fields = ReadAll(frame, out var error);
        error.Should().Be(FieldReadError.None);
        fields.Should().Contain((359, "ab\u0001cd\u0001e"));
        fields[^1].Tag.Should().Be(10);
    }

    [Fact]
    public void RawData_secure_data_and_xml_data_are_read_by_length()
    {
        var frame = Frames.Bytes("95=3\u000196=\u0001\u0001\u0001\u000190=2\u000191=a\u0001\u0001212=4\u0001213=<a\u0001>\u000110=000\u0001");
        var fields = ReadAll(frame, out var error);
        error.Should().Be(FieldReadError.None);
        fields.Select(f => f.Value).Should().Equal("3", "\u0001\u0001\u0001", "2", "a\u0001", "4", "<a\u0001>", "000");
    }

    [Fact]
    public void A_data_field_shorter_than_its_length_is_an_error()
    {
        ReadAll(Frames.Bytes("95=20\u000196=abc\u000110=000\u0001"), out var error);
        error.Should().Be(FieldReadError.DataLengthMismatch);
    }

    [Fact]
    public void A_length_field_not_followed_by_its_data_field_does_not_change_the_next_field()
    {
        var fields = ReadAll(Frames.Bytes("95=3\u000158=hello\u000110=000\u0001"), out var error);
        error.Should().Be(FieldReadError.None);
        fields[1].Should().Be((58, "hello"));
    }

    [Fact]
    public void Negative_and_zero_tags_are_reported_as_numbers()
    {
        var fields = ReadAll(Frames.Bytes("-1=HI\u00010=HI\u0001"), out var error);
        error.Should().Be(FieldReadError.None);
        fields.Select(f => f.Tag).Should().Equal(-1, 0);
    }

    [Theory]
    [InlineData("4garbled9=TW\u0001", FieldReadError.MalformedTag)]
    [InlineData("=x\u0001", FieldReadError.MalformedTag)]
    [InlineData("49TW\u0001", FieldReadError.MissingEquals)]
    [InlineData("49=TW", FieldReadError.MissingDelimiter)]
    [InlineData("12345678901=x\u0001", FieldReadError.MalformedTag)]
    public void Malformed_fields_stop_the_reader_with_a_reason(string input, FieldReadError expected)
    {
        ReadAll(Frames.Bytes(input), out var error);
        error.Should().Be(expected);
    }

    [Fact]
    public void An_empty_value_is_read_as_empty()
    {
        var fields = ReadAll(Frames.Bytes("56=\u000110=000\u0001"), out _);
        fields[0].Should().Be((56, string.Empty));
    }

    [Fact]
    public void Typed_reads_of_ten_common_fields_do_not_allocate()
    {
        var frame = Frames.ExecutionReport();
        var sum = ReadTyped(frame);
        var before = GC.GetAllocatedBytesForCurrentThread();
        sum += ReadTyped(frame);
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
        sum.Should().Be(2 * (7 + 100 + 100 + 100 + 200 + (3 * 101.25m) + '1' + 'F' + '1' + 123 + 123));
    }

    private static decimal ReadTyped(ReadOnlySpan<byte> frame)
    {
        var reader = new FieldReader(frame);
        decimal sum = 0;
        while (reader.MoveNext())
        {
            switch (reader.Tag)
            {
                case 34 or 14 or 151 or 32 or 38:
                    sum += reader.TryGetInt64(out var l) ? l : -1_000_000;
                    break;
                case 6 or 31 or 44:
                    sum += reader.TryGetDecimal(out var d) ? d : -1_000_000;
                    break;
                case 54 or 150 or 39:
                    sum += reader.TryGetChar(out var c) ? c : -1_000_000;
                    break;
                case 52 or 60:
                    sum += reader.TryGetUtcTimestamp(out var t) ? t.Millisecond : -1_000_000;
                    break;
            }
        }

        return sum;
    }
}
