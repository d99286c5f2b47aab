using System.Buffers;
using PortStress.Fix.Protocol;
using PortStress.Testing;

namespace PortStress.Fix.Protocol.Tests;

public class FrameScannerTests
{
    private readonly FrameScanner _scanner = new();

    [Fact]
    public void A_complete_frame_is_found_with_its_length()
    {
        var frame = Frames.NewOrderSingle();
        var result = _scanner.Scan(frame);
        result.Status.Should().Be(ScanStatus.Done);
        result.Consumed.Should().Be(frame.Length);
    }

    [Fact]
    public void A_frame_followed_by_more_bytes_is_found_alone()
    {
        var two = Frames.Heartbeat(2).Concat(Frames.Heartbeat(3)).ToArray();
        _scanner.Scan(two).Consumed.Should().Be(Frames.Heartbeat(2).Length);
    }

    [Fact]
    public void Every_prefix_of_a_frame_needs_more_data()
    {
        var frame = Frames.NewOrderSingle();
        for (var length = 0; length < frame.Length; length++)
        {
            _scanner.Scan(frame.AsSpan(0, length)).Status.Should().Be(ScanStatus.NeedMoreData, $"a prefix of {length} bytes is incomplete");
        }
    }

    [Fact]
    public void Every_split_point_across_two_segments_gives_the_contiguous_answer()
    {
        var frame = Frames.ExecutionReport().Concat(Frames.Heartbeat()).ToArray();
        var expected = _scanner.Scan(frame);
        for (var split = 1; split < frame.Length; split++)
        {
            var sequence = Segments.Of(frame.AsMemory(0, split), frame.AsMemory(split));
            _scanner.Scan(sequence).Should().Be(expected, $"split at {split}");
        }
    }

    [Fact]
    public void Every_pair_of_split_points_across_three_segments_gives_the_contiguous_answer()
    {
        var frame = Frames.Heartbeat();
        var expected = _scanner.Scan(frame);
        for (var a = 1; a < frame.Length - 1; a++)
        {
            for (var b = a + 1; b < frame.Length; b++)
            {
                var sequence = Segments.Of(frame.AsMemory(0, a), frame.AsMemory(a, b - a), frame.AsMemory(b));
                _scanner.Scan(sequence).Should().Be(expected, $"splits at {a} and {b}");
            }
        }
    }

    [Fact]
    public void Prefixes_split_across_segments_need_more_data()
    {
        var frame = Frames.NewOrderSingle();
        for (var length = 2; length < frame.Length; length++)
        {
            var sequence = Segments.Of(frame.AsMemory(0, length / 2), frame.AsMemory(length / 2, length - (length / 2)));
            _scanner.Scan(sequence).Status.Should().Be(ScanStatus.NeedMoreData, $"a prefix of {length} bytes is incomplete");
        }
    }

    [Fact]
    public void A_wrong_checksum_is_rejected_and_the_whole_frame_skipped()
    {
        var frame = FixText.ToFrame("8=FIX.4.4|35=0|34=2|49=TW|52=20261124-14:30:00|56=ISLD|10=000|");
        var result = _scanner.Scan(frame);
        result.Should().Be(new ScanResult(ScanStatus.Invalid, FrameRejectReason.ChecksumMismatch, frame.Length, frame.Length - 7, result.BodyLength));
    }

    [Fact]
    public void A_checksum_that_is_not_three_digits_is_rejected()
    {
        var frame = FixText.ToFrame("8=FIX.4.4|35=0|34=2|49=TW|52=20261124-14:30:00|56=ISLD|10=0|");
        var result = _scanner.Scan(frame);
        result.Status.Should().Be(ScanStatus.Invalid);
        result.Reason.Should().Be(FrameRejectReason.ChecksumInvalid);
        result.Consumed.Should().Be(frame.Length);
    }

    [Fact]
    public void A_body_length_too_short_discards_up_to_the_real_checksum()
    {
        var frame = FixText.ToFrame("8=FIX.4.4|9=30|35=D|34=2|49=TW|52=20261124-14:30:00|56=ISLD|11=ID|21=3|40=1|54=1|55=INTC|");
        var result = _scanner.Scan(frame);
        result.Reason.Should().Be(FrameRejectReason.BodyLengthMismatch);
        result.Consumed.Should().Be(frame.Length);
    }

    [Fact]
    public void A_body_length_too_long_swallows_the_next_frame_as_QuickFIX_does()
    {
        var garbled = FixText.ToFrame("8=FIX.4.4|9=111|35=D|34=4|49=TW|52=20261124-14:30:00|56=ISLD|11=ID|21=3|40=1|54=1|55=INTC|");
        var next = Frames.Heartbeat(5);
        var stream = garbled.Concat(next).ToArray();
        var result = _scanner.Scan(stream);
        result.Reason.Should().Be(FrameRejectReason.BodyLengthMismatch);
        result.Consumed.Should().Be(stream.Length);
    }

    [Fact]
    public void A_missing_body_length_is_rejected_and_the_scanner_resynchronises()
    {
        var bad = Frames.Bytes("8=FIX.4.4\u000135=0\u000134=2\u000110=123\u0001").ToArray();
        var stream = bad.Concat(Frames.Heartbeat()).ToArray();
        var result = _scanner.Scan(stream);
        result.Reason.Should().Be(FrameRejectReason.BodyLengthMissing);
        result.Consumed.Should().Be(bad.Length);
        _scanner.Scan(stream.AsSpan(result.Consumed)).Status.Should().Be(ScanStatus.Done);
    }

    [Fact]
    public void A_body_length_that_is_not_a_number_is_rejected()
    {
        var result = _scanner.Scan(Frames.Bytes("8=FIX.4.4\u00019=1x2\u000135=0\u0001"));
        result.Reason.Should().Be(FrameRejectReason.BodyLengthInvalid);
    }

    [Fact]
    public void An_oversize_body_length_is_rejected_as_soon_as_its_digits_exceed_the_cap_without_allocating()
    {
        var scanner = new FrameScanner(new CodecLimits { MaxBodyLength = 4096 });
        var input = Frames.Bytes("8=FIX.4.4\u00019=99999999").ToArray();
        scanner.Scan(input);
        var result = default(ScanResult);
        var allocated = Allocations.LeastPerRound(() => result = scanner.Scan(input));
        result.Reason.Should().Be(FrameRejectReason.BodyLengthTooLarge);
        allocated.Should().Be(0);
    }

    [Fact]
    public void Garbage_between_frames_is_skipped_and_every_frame_recovered()
    {
        var stream = Frames.Bytes("noise\r\n").ToArray()
            .Concat(Frames.Heartbeat(2)).Concat(Frames.Bytes("x58=FI junk\n").ToArray())
            .Concat(Frames.Heartbeat(3)).Concat(Frames.Bytes("\u0001\u0001garbage").ToArray()).Concat(Frames.Heartbeat(4)).ToArray();
        var found = new List<int>();
        var rejected = 0;
        var offset = 0;
        while (offset < stream.Length)
        {
            var result = _scanner.Scan(stream.AsSpan(offset));
            if (result.Status == ScanStatus.NeedMoreData)
            {
                break;
            }

            result.Consumed.Should().BePositive();
            if (result.Status == ScanStatus.Done)
            {
                var reader = new FieldReader(stream.AsSpan(offset, result.Consumed));
                while (reader.MoveNext() && reader.Tag != Tags.MsgSeqNum)
                {
                }

                found.Add(int.Parse(reader.Value, System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                rejected++;
            }

            offset += result.Consumed;
        }

        found.Should().Equal(2, 3, 4);
        rejected.Should().Be(3);
    }

    [Fact]
    public void A_frame_whose_third_field_is_not_MsgType_is_rejected()
    {
        var frame = FixText.ToFrame("8=FIX.4.4|34=3|35=0|49=TW|52=20261124-14:30:00|56=ISLD|");
        _scanner.Scan(frame).Reason.Should().Be(FrameRejectReason.MsgTypeNotThird);
    }

    [Fact]
    public void A_too_long_begin_string_is_rejected()
    {
        _scanner.Scan(Frames.Bytes("8=FIX.4.4.4.4.4.4.4.4.4.4\u00019=5\u0001")).Reason.Should().Be(FrameRejectReason.BeginStringInvalid);
    }

    [Fact]
    public void Trailing_bytes_that_could_start_a_frame_are_kept()
    {
        var result = _scanner.Scan(Frames.Bytes("garbage8=FI"));
        result.Reason.Should().Be(FrameRejectReason.GarbageBeforeFrame);
        result.Consumed.Should().Be("garbage".Length);
    }
}

/// <summary>Builds multi-segment sequences.</summary>
internal sealed class Segments : ReadOnlySequenceSegment<byte>
{
    private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Of(params ReadOnlyMemory<byte>[] parts)
    {
        var first = new Segments(parts[0], 0);
        var last = first;
        for (var i = 1; i < parts.Length; i++)
        {
            var next = new Segments(parts[i], last.RunningIndex + last.Memory.Length);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
