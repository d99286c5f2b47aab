using System.Buffers;
using PortStress.Fix.Protocol;
using PortStress.Testing;

namespace PortStress.Fix.Protocol.Tests;

public class FixMessageTests
{
    private static readonly string NestedParties =
        "453=2|448=BROKER-A|447=D|452=1|802=2|523=desk-1|803=1|523=trader-9|803=2|448=CLEARER|447=D|452=4|";

    [Fact]
    public void Parsing_with_a_dictionary_nests_groups_and_separates_header_body_trailer()
    {
        var message = new FixMessage();
        message.Parse(Frames.NewOrderSingle(NestedParties), Frames.Fix44).Should().Be(MessageParseStatus.Ok);

        message.Header.GetString(Tags.SenderCompID).Should().Be("TW");
        message.Body.Contains(Tags.SenderCompID).Should().BeFalse();
        message.Body.GroupCount(453).Should().Be(2);
        var broker = message.Body.GroupEntry(453, 0);
        broker.GetString(448).Should().Be("BROKER-A");
        broker.GroupCount(802).Should().Be(2);
        broker.GroupEntry(802, 1).GetString(523).Should().Be("trader-9");
        message.Body.GroupEntry(453, 1).GetString(448).Should().Be("CLEARER");
        message.Body.GetDecimal(Tags.Price).Should().Be(101.25m);
    }

    [Fact]
    public void A_parsed_message_writes_back_to_the_same_frame()
    {
        var frame = Frames.NewOrderSingle(NestedParties);
        var message = new FixMessage();
        message.Parse(frame, Frames.Fix44);
        var output = new ArrayBufferWriter<byte>();
        message.WriteTo(new FixWriter(), output);
        FixText.ToText(output.WrittenSpan).Should().Be(FixText.ToText(frame), "the frame already has the canonical order: header ascending, body ascending (453 after 60)");
    }

    [Fact]
    public void Body_fields_are_written_in_ascending_tag_order_and_group_entries_in_dictionary_order()
    {
        var message = new FixMessage();
        message.Header.Set(Tags.BeginString, "FIX.4.4");
        message.Header.Set(Tags.MsgType, "D");
        message.Header.Set(Tags.TargetCompID, "ISLD");
        message.Header.Set(Tags.SenderCompID, "TW");
        message.Header.Set(Tags.MsgSeqNum, 9L);
        message.Body.Set(Tags.Symbol, "INTC");
        message.Body.Set(Tags.ClOrdID, "A1");
        var party = message.Body.AddGroupEntry(Frames.Fix44.GetMessage("D")!.Members.First(m => m.Tag == 453).Group!);
        party.Set(452, 1L);
        party.Set(448, "B1");
        var output = new ArrayBufferWriter<byte>();
        message.WriteTo(new FixWriter(), output);
        FixText.ToText(output.WrittenSpan).Should().StartWith("8=FIX.4.4|9=").And.Contain("|35=D|34=9|49=TW|56=ISLD|11=A1|55=INTC|453=1|448=B1|452=1|10=");
    }

    [Fact]
    public void A_group_with_zero_entries_is_kept()
    {
        var frame = FixText.ToFrame($"8=FIX.4.4|35=D|34=2|49=TW|52={Frames.Time}|56=ISLD|11=A|453=0|55=X|");
        var message = new FixMessage();
        message.Parse(frame, Frames.Fix44);
        message.ToString().Should().Contain("|453=0|");
    }

    [Fact]
    public void Without_a_dictionary_the_standard_header_is_recognised_and_the_body_is_flat()
    {
        var message = new FixMessage();
        message.Parse(Frames.NewOrderSingle(NestedParties)).Should().Be(MessageParseStatus.Ok);
        message.Header.GetString(Tags.TargetCompID).Should().Be("ISLD");
        message.Body.GetString(448).Should().Be("BROKER-A");
        message.Body.Count.Should().BeGreaterThan(15);
    }

    [Fact]
    public void Data_fields_survive_a_round_trip()
    {
        var frame = FixText.ToFrame($"8=FIX.4.4|35=D|34=2|49=TW|52={Frames.Time}|56=ISLD|11=A|354=5|355=x\u0001y\u0001z|");
        var message = new FixMessage();
        message.Parse(frame, Frames.Fix44);
        message.Body.TryGet(355, out var data).Should().BeTrue();
        data.ToArray().Should().Equal("x\u0001y\u0001z"u8.ToArray());
        var output = new ArrayBufferWriter<byte>();
        message.WriteTo(new FixWriter(), output);
        output.WrittenSpan.ToArray().Should().Equal(frame);
    }

    [Fact]
    public void Setters_replace_values_and_typed_getters_read_them()
    {
        var m = new FixMessage();
        m.Body.Set(38, 100m);
        m.Body.Set(38, 250.5m);
        m.Body.Set(54, '2');
        m.Body.Set(114, true);
        m.Body.SetTimestamp(60, new DateTime(2026, 1, 2, 3, 4, 5, 6, DateTimeKind.Utc));
        m.Body.Set(34, 77L);
        m.Body.Count.Should().Be(5);
        m.Body.GetDecimal(38).Should().Be(250.5m);
        (m.Body.TryGetChar(54, out var side) && side == '2').Should().BeTrue();
        (m.Body.TryGetBoolean(114, out var b) && b).Should().BeTrue();
        (m.Body.TryGetUtcTimestamp(60, out var t) && t == new DateTime(2026, 1, 2, 3, 4, 5, 6, DateTimeKind.Utc)).Should().BeTrue();
        m.Body.GetInt32(34).Should().Be(77);
        m.Body.Remove(38).Should().BeTrue();
        m.Body.Contains(38).Should().BeFalse();
        var missing = () => m.Body.GetInt32(999);
        missing.Should().Throw<KeyNotFoundException>();
    }

    [Fact]
    public void Parsing_a_steady_shape_again_does_not_allocate()
    {
        var frame = Frames.NewOrderSingle(NestedParties);
        var message = new FixMessage();
        var writer = new FixWriter();
        var output = new ArrayBufferWriter<byte>(1024);
        message.Parse(frame, Frames.Fix44);
        message.WriteTo(writer, output);
        Allocations.LeastPerRound(() =>
        {
            output.ResetWrittenCount();
            message.Parse(frame, Frames.Fix44);
            message.Body.TryGetDecimal(Tags.Price, out _);
            message.WriteTo(writer, output);
        }).Should().Be(0);
    }

    [Fact]
    public void Parsing_stops_at_the_field_cap()
    {
        var message = new FixMessage();
        message.Parse(Frames.ExecutionReport(), Frames.Fix44, limits: new CodecLimits { MaxFieldCount = 10 }).Should().Be(MessageParseStatus.TooManyFields);
    }

    [Fact]
    public void Parsing_stops_at_the_group_depth_cap()
    {
        var message = new FixMessage();
        message.Parse(Frames.NewOrderSingle(NestedParties), Frames.Fix44, limits: new CodecLimits { MaxGroupDepth = 1 }).Should().Be(MessageParseStatus.GroupsTooDeep);
    }

    [Fact]
    public void A_garbled_field_is_reported()
    {
        var message = new FixMessage();
        message.Parse(Frames.Bytes("8=FIX.4.4\u00019=5\u000135=0\u00014x=1\u0001")).Should().Be(MessageParseStatus.Garbled);
        message.ParseError.Should().Be(FieldReadError.MalformedTag);
    }
}
