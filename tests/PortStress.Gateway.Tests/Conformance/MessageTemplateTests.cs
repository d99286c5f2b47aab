using System.Text;
using PortStress.Fix.Protocol;
using PortStress.Gateway.Conformance;

namespace PortStress.Gateway.Tests.Conformance;

public class MessageTemplateTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 23, 59, 55, 123, DateTimeKind.Utc);

    private static string Soh(string text) => text.Replace('|', '\u0001');

    private static string Text(byte[] frame) => Encoding.Latin1.GetString(frame).Replace('\u0001', '|');

    [Fact]
    public void Time_tokens_become_utc_seconds_shifted_by_seconds()
    {
        var frame = MessageTemplate.Parse(Soh("8=FIX.4.4|9=5|35=0|52=<TIME>|122=<TIME-121>|60=<TIME+10>|10=000|")).Render(Now);
        Text(frame).Should().Be("8=FIX.4.4|9=5|35=0|52=20260301-23:59:55|122=20260301-23:57:54|60=20260302-00:00:05|10=000|");
    }

    [Fact]
    public void Body_length_and_checksum_are_computed_when_absent()
    {
        var frame = MessageTemplate.Parse(Soh("8=FIX.4.2|35=A|34=1|49=TW|52=<TIME>|56=ISLD|98=0|108=30|")).Render(Now);
        frame.Should().Equal(FixText.ToFrame("8=FIX.4.2|35=A|34=1|49=TW|52=20260301-23:59:55|56=ISLD|98=0|108=30|"));
        new FrameScanner().Scan(frame).Status.Should().Be(ScanStatus.Done);
    }

    [Fact]
    public void A_garbled_frame_with_both_fields_is_sent_exactly_as_written()
    {
        var garbled = Soh("8=FIX.4.2|9=52|35=0|34=24garbled9=TW|52=<TIME>|56=ISLD|10=0|");
        Text(MessageTemplate.Parse(garbled).Render(Now)).Should().Be("8=FIX.4.2|9=52|35=0|34=24garbled9=TW|52=20260301-23:59:55|56=ISLD|10=0|");
    }

    [Fact]
    public void A_frame_that_does_not_start_with_BeginString_is_sent_as_written()
    {
        var misordered = Soh("35=0|8=FIX.4.2|9=29|34=2|49=TW|52=<TIME>|56=ISLD|10=121|");
        Text(MessageTemplate.Parse(misordered).Render(Now)).Should().Be("35=0|8=FIX.4.2|9=29|34=2|49=TW|52=20260301-23:59:55|56=ISLD|10=121|");
    }

    [Fact]
    public void A_written_body_length_is_kept_and_only_the_checksum_added()
    {
        var frame = MessageTemplate.Parse(Soh("8=FIX.4.4|9=99|35=0|34=2|")).Render(Now);
        var body = Encoding.Latin1.GetBytes(Soh("8=FIX.4.4|9=99|35=0|34=2|"));
        Text(frame).Should().Be($"8=FIX.4.4|9=99|35=0|34=2|10={Checksum.Compute(body):D3}|");
    }

    [Fact]
    public void A_written_checksum_is_kept_and_the_body_length_inserted()
    {
        Text(MessageTemplate.Parse(Soh("8=FIX.4.4|35=0|34=2|10=000|")).Render(Now)).Should().Be("8=FIX.4.4|9=10|35=0|34=2|10=000|");
    }

    [Fact]
    public void A_missing_final_separator_is_added_before_the_checksum()
    {
        var frame = MessageTemplate.Parse(Soh("8=FIX.4.4|35=0|34=2")).Render(Now);
        frame.Should().Equal(FixText.ToFrame("8=FIX.4.4|35=0|34=2|"));
    }

    [Fact]
    public void Data_fields_are_split_by_their_length_even_when_they_hold_separators()
    {
        var xml = Soh("<RTRF>8=FIX.4.3|9=377|35=8|34=208|blah blah blah</RTRF>");
        var frame = MessageTemplate.Parse(Soh($"8=FIX.4.4|35=n|34=2|212={xml.Length}|213={xml}|")).Render(Now);
        var fields = ScriptFields.Split(frame);
        fields.Select(f => f.Tag).Should().Equal("8", "9", "35", "34", "212", "213", "10");
        fields[5].Value.Should().Be(xml);
    }

    [Fact]
    public void A_field_without_equals_sign_is_kept_whole()
    {
        ScriptFields.Split(Encoding.Latin1.GetBytes(Soh("8=FIX.4.4|garbage|35=0|"))).Should().Equal(
            new ScriptField("8", "FIX.4.4"), new ScriptField("garbage", string.Empty), new ScriptField("35", "0"));
    }
}
