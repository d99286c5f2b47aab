using System.Buffers;
using PortStress.Fix.Protocol;
using PortStress.Testing;

namespace PortStress.Fix.Protocol.Tests;

public class FixWriterTests
{
    [Fact]
    public void A_written_frame_has_the_header_first_and_correct_length_and_checksum()
    {
        var writer = new FixWriter();
        writer.Begin("FIX.4.4", "0");
        writer.Write(34, 2L);
        writer.Write(49, "TW");
        writer.Write(52, "20261124-14:30:00.123");
        writer.Write(56, "ISLD");
        var output = new ArrayBufferWriter<byte>();
        var written = writer.Complete(output);

        var expected = Frames.Heartbeat();
        written.Should().Be(expected.Length);
        output.WrittenSpan.ToArray().Should().Equal(expected);
        new FrameScanner().Scan(output.WrittenSpan).Status.Should().Be(ScanStatus.Done);
    }

    [Fact]
    public void Values_of_every_type_are_formatted_as_FIX_expects()
    {
        var writer = new FixWriter();
        writer.Begin("FIX.4.4", "D");
        writer.Write(44, 101.2500m);
        writer.Write(38, -0.0000000001m);
        writer.Write(54, '1');
        writer.Write(43, true);
        writer.Write(34, -42L);
        writer.WriteTimestamp(52, new DateTime(2026, 11, 24, 14, 30, 1, 123, DateTimeKind.Utc).AddTicks(4567), TimestampPrecision.Nanoseconds);
        writer.WriteTimestamp(60, new DateTime(2026, 11, 24, 14, 30, 1, 123, DateTimeKind.Utc), TimestampPrecision.Seconds);
        writer.WriteTimestamp(122, new DateTime(2026, 11, 24, 14, 30, 1, 123, DateTimeKind.Utc).AddTicks(4567), TimestampPrecision.Microseconds);
        writer.WriteDate(75, new DateOnly(2026, 1, 2));
        writer.WriteTime(273, new TimeOnly(9, 5, 7, 8));
        writer.WriteData(95, 96, "a\u0001b"u8);
        FixText.ToText(writer.Body).Should().Be(
            "35=D|44=101.2500|38=-0.0000000001|54=1|43=Y|34=-42|52=20261124-14:30:01.123456700|60=20261124-14:30:01|122=20261124-14:30:01.123456|75=20260102|273=09:05:07.008|95=3|96=a|b|");
    }

    [Fact]
    public void Encoding_a_NewOrderSingle_does_not_allocate_once_warm()
    {
        var writer = new FixWriter();
        var output = new ArrayBufferWriter<byte>(1024);
        Encode(writer, output);
        Allocations.LeastPerRound(() =>
        {
            output.ResetWrittenCount();
            Encode(writer, output);
        }).Should().Be(0);
    }

    [Fact]
    public void Written_timestamps_parse_back_to_the_same_instant()
    {
        var t = new DateTime(2026, 11, 24, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_999);
        var writer = new FixWriter();
        writer.Begin("FIX.4.4", "0");
        writer.WriteTimestamp(52, t, TimestampPrecision.Nanoseconds);
        var reader = new FieldReader(writer.Body);
        reader.MoveNext();
        reader.MoveNext();
        (reader.TryGetUtcTimestamp(out var back) && back == t).Should().BeTrue();
    }

    [Fact]
    public void Begin_refuses_an_empty_or_oversized_BeginString_or_MsgType_before_writing()
    {
        var writer = new FixWriter();
        ((Action)(() => writer.Begin(new string('X', 100_000), "D"))).Should().Throw<ArgumentException>();
        ((Action)(() => writer.Begin("FIX.4.4", string.Empty))).Should().Throw<ArgumentException>();
    }

    internal static void Encode(FixWriter writer, IBufferWriter<byte> output)
    {
        writer.Begin("FIX.4.4"u8, "D"u8);
        writer.Write(34, 1234L);
        writer.Write(49, "GATEWAY"u8);
        writer.WriteTimestamp(52, new DateTime(2026, 11, 24, 14, 30, 1, DateTimeKind.Utc));
        writer.Write(56, "VENUE1"u8);
        writer.Write(1, "ACCT-7"u8);
        writer.Write(11, "ORD-000123"u8);
        writer.Write(21, '1');
        writer.Write(38, 200m);
        writer.Write(40, '2');
        writer.Write(44, 101.25m);
        writer.Write(54, '1');
        writer.Write(55, "INTC"u8);
        writer.Write(59, '0');
        writer.WriteTimestamp(60, new DateTime(2026, 11, 24, 14, 30, 1, DateTimeKind.Utc));
        writer.Write(100, "XNAS"u8);
        writer.Complete(output);
    }
}
