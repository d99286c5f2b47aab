using PortStress.Fix.Protocol;
using PortStress.Gateway.Conformance;

namespace PortStress.Gateway.Tests.Conformance;

public class MessageComparerTests
{
    private const string Expected = "8=FIX.4.2|9=99|35=D|34=2|49=ISLD|52=00000000-00:00:00.000|56=TW|11=id|21=3|40=1|54=1|55=MSFT|60=00000000-00:00:00|10=0|";

    private static FieldMismatch? Compare(string expected, string received) =>
        MessageComparer.Compare(Frame(expected), Frame(received));

    private static byte[] Frame(string text) => System.Text.Encoding.Latin1.GetBytes(text.Replace('|', '\u0001'));

    [Fact]
    public void Timestamps_and_checksum_may_differ()
    {
        Compare(Expected, "8=FIX.4.2|9=99|35=D|34=2|49=ISLD|52=20260301-14:30:00.123|56=TW|11=id|21=3|40=1|54=1|55=MSFT|60=20260301-14:29:59|10=187|")
            .Should().BeNull();
    }

    [Fact]
    public void OrigSendingTime_and_OrigTime_accept_any_well_formed_timestamp()
    {
        Compare("8=FIX.4.4|9=1|35=B|122=x|42=y|10=0|", "8=FIX.4.4|9=1|35=B|122=20260301-14:30:00.123456|42=20260301-14:30:00.123456789|10=001|")
            .Should().BeNull();
    }

    [Theory]
    [InlineData("20260301-14:30:00.12")]
    [InlineData("20261301-14:30:00.123")]
    [InlineData("20260301-24:30:00.123")]
    [InlineData("20260301 14:30:00.123")]
    [InlineData("20260301-14:30:00,123")]
    [InlineData("")]
    public void A_malformed_timestamp_is_a_mismatch(string value)
    {
        var mismatch = Compare(Expected, $"8=FIX.4.2|9=99|35=D|34=2|49=ISLD|52={value}|56=TW|11=id|21=3|40=1|54=1|55=MSFT|60=20260301-14:29:59|10=187|");
        mismatch.Should().NotBeNull();
        mismatch!.Tag.Should().Be("52");
        mismatch.ToString().Should().Be($"field 6, tag 52: expected a UTC timestamp, received '{value}'");
    }

    [Fact]
    public void Body_length_must_match_exactly()
    {
        var mismatch = Compare(Expected, "8=FIX.4.2|9=103|35=D|34=2|49=ISLD|52=20260301-14:30:00.123|56=TW|11=id|21=3|40=1|54=1|55=MSFT|60=20260301-14:29:59.000|10=187|");
        mismatch!.ToString().Should().Be("field 2, tag 9: expected '99', received '103'");
        mismatch.Expected.Should().Be(new ScriptField("9", "99"));
        mismatch.Received.Should().Be(new ScriptField("9", "103"));
    }

    [Fact]
    public void A_different_value_names_the_tag_and_both_values()
    {
        Compare(Expected, "8=FIX.4.2|9=99|35=D|34=3|49=ISLD|52=20260301-14:30:00.123|56=TW|11=id|21=3|40=1|54=1|55=MSFT|60=20260301-14:29:59|10=187|")!
            .ToString().Should().Be("field 4, tag 34: expected '2', received '3'");
    }

    [Fact]
    public void A_missing_tag_is_reported_where_the_messages_part()
    {
        Compare(Expected, "8=FIX.4.2|9=99|35=D|34=2|49=ISLD|52=20260301-14:30:00.123|56=TW|11=id|40=1|54=1|55=MSFT|60=20260301-14:29:59|10=187|")!
            .ToString().Should().Be("field 9, tag 21: expected 21=3, received tag 40 (40=1)");
    }

    [Fact]
    public void An_extra_tag_is_reported_where_it_appears()
    {
        Compare(Expected, "8=FIX.4.2|9=99|35=D|34=2|43=Y|49=ISLD|52=20260301-14:30:00.123|56=TW|11=id|21=3|40=1|54=1|55=MSFT|60=20260301-14:29:59|10=187|")!
            .ToString().Should().Be("field 5, tag 49: expected 49=ISLD, received tag 43 (43=Y)");
    }

    [Fact]
    public void Tags_out_of_order_are_a_mismatch()
    {
        Compare(Expected, "8=FIX.4.2|9=99|35=D|34=2|49=ISLD|52=20260301-14:30:00.123|56=TW|11=id|21=3|40=1|55=MSFT|54=1|60=20260301-14:29:59|10=187|")!
            .ToString().Should().Be("field 11, tag 54: expected 54=1, received tag 55 (55=MSFT)");
    }

    [Fact]
    public void A_shorter_or_longer_received_message_is_a_mismatch()
    {
        Compare("8=FIX.4.4|9=5|35=0|10=0|", "8=FIX.4.4|9=5|35=0|")!.ToString()
            .Should().Be("field 4, tag 10: expected 10=0, the received message ended after 3 fields");
        Compare("8=FIX.4.4|9=5|35=0|", "8=FIX.4.4|9=5|35=0|10=000|")!.ToString()
            .Should().Be("field 4, tag 10: received an extra field 10=000 after the expected 3 fields");
    }

    [Fact]
    public void A_rendered_expectation_matches_what_an_engine_would_write()
    {
        var expected = MessageTemplate.Parse("8=FIX.4.4|35=0|34=2|49=ISLD|52=00000000-00:00:00.000|56=TW|112=TEST|".Replace('|', '\u0001')).Render(DateTime.UtcNow);
        var received = FixText.ToFrame("8=FIX.4.4|35=0|34=2|49=ISLD|52=20260301-14:30:00.123|56=TW|112=TEST|");
        MessageComparer.Compare(expected, received).Should().BeNull();
        var secondsOnly = FixText.ToFrame("8=FIX.4.4|35=0|34=2|49=ISLD|52=20260301-14:30:00|56=TW|112=TEST|");
        MessageComparer.Compare(expected, secondsOnly)!.Tag.Should().Be("9");
    }
}
