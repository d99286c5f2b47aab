using System.Buffers;
using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Dictionary;
using PortStress.Gateway.Conformance;
using PortStress.Testing;

namespace PortStress.Gateway.Tests.Conformance;

public class ReflectorApplicationTests
{
    private static readonly SessionId Fix42 = new("FIX.4.2", "ISLD", "TW");
    private static readonly SessionId Fix44 = new("FIX.4.4", "ISLD", "TW");

    private readonly List<(FixMessage Message, SessionId Session)> _sent = [];
    private readonly ReflectorApplication _reflector;

    public ReflectorApplicationTests() => _reflector = new ReflectorApplication((m, s) =>
    {
        _sent.Add((m, s));
        return true;
    });

    private static FixMessage Incoming(string text, DataDictionary? dictionary = null)
    {
        var message = new FixMessage();
        message.Parse(FixText.ToFrame(text), dictionary).Should().Be(MessageParseStatus.Ok);
        return message;
    }

    private static DataDictionary Shared(string file) => DataDictionary.Load(SharedMaterial.PathOf("fixspec", file));

    /// <summary>Fills the header as the session would and compares the result with a script's E line.</summary>
    private static void ShouldMatchScript(FixMessage sent, int seqNum, string expectedLine)
    {
        sent.Header.Set(Tags.MsgSeqNum, seqNum);
        sent.Header.Set(Tags.SenderCompID, "ISLD");
        sent.Header.Set(Tags.TargetCompID, "TW");
        sent.Header.SetTimestamp(Tags.SendingTime, DateTime.UtcNow);
        var frame = new ArrayBufferWriter<byte>();
        sent.WriteTo(new FixWriter(), frame);
        var expected = MessageTemplate.Parse(expectedLine.Replace('|', '\u0001')).Render(DateTime.UtcNow);
        MessageComparer.Compare(expected, frame.WrittenSpan)?.ToString().Should().BeNull(FixText.ToText(frame.WrittenSpan));
    }

    [Fact]
    public void A_NewOrderSingle_is_echoed_with_only_BeginString_and_MsgType_in_its_header()
    {
        _reflector.FromApp(Incoming("8=FIX.4.2|35=D|34=2|49=TW|52=20260301-14:30:00|56=ISLD|11=id|21=3|40=1|54=1|55=MSFT|60=20260301-14:30:00|"), Fix42);
        _sent.Should().ContainSingle().Which.Session.Should().Be(Fix42);
        var echo = _sent[0].Message;
        Enumerable.Range(0, echo.Header.Count).Select(echo.Header.TagAt).Should().Equal(8, 35);
        ShouldMatchScript(echo, 2, "8=FIX.4.2|9=99|35=D|34=2|49=ISLD|52=00000000-00:00:00.000|56=TW|11=id|21=3|40=1|54=1|55=MSFT|60=00000000-00:00:00|10=0|");
    }

    [Fact]
    public void A_PossResend_order_not_seen_before_is_echoed_with_its_PossResend_flag()
    {
        _reflector.FromApp(Incoming("8=FIX.4.2|35=D|34=2|49=TW|52=20260301-14:30:00|56=ISLD|97=Y|11=id|21=3|40=1|54=1|55=MSFT|60=20260301-14:30:00|"), Fix42);
        ShouldMatchScript(_sent.Single().Message, 2, "8=FIX.4.2|9=104|35=D|34=2|49=ISLD|52=00000000-00:00:00.000|56=TW|97=Y|11=id|21=3|40=1|54=1|55=MSFT|60=00000000-00:00:00|10=0|");
    }

    [Fact]
    public void A_PossResend_order_already_seen_is_dropped_until_the_session_logs_out()
    {
        const string Order = "8=FIX.4.2|35=D|34=2|49=TW|52=20260301-14:30:00|56=ISLD|11=id|21=3|40=1|54=1|55=MSFT|60=20260301-14:30:00|";
        const string Resent = "8=FIX.4.2|35=D|34=3|49=TW|52=20260301-14:30:00|56=ISLD|97=Y|11=id|21=3|40=1|54=1|55=MSFT|60=20260301-14:30:00|";
        _reflector.FromApp(Incoming(Order), Fix42);
        _reflector.FromApp(Incoming(Resent), Fix42);
        _sent.Should().HaveCount(1);

        _reflector.FromApp(Incoming(Resent), Fix44 with { BeginString = "FIX.4.2", Qualifier = "other" });
        _sent.Should().HaveCount(2, "ClOrdIDs are remembered per session");

        _reflector.FromApp(Incoming(Order), Fix42);
        _sent.Should().HaveCount(3, "a repeated ClOrdID without PossResend is echoed");

        _reflector.OnLogout(Fix42);
        _reflector.FromApp(Incoming(Resent), Fix42);
        _sent.Should().HaveCount(4);
    }

    [SharedFact]
    public void A_QuoteRequest_is_echoed_with_its_nested_groups_in_dictionary_order()
    {
        var dictionary = Shared("FIX44.xml");
        _reflector.FromApp(Incoming("8=FIX.4.4|35=R|34=2|49=TW|52=20260301-14:30:00|56=ISLD|131=quotereqid|146=1|55=ABC|65=CD|48=securityid|22=1|711=1|311=underlyingsymbol|312=WI|309=underlyingsecurityid|305=1|", dictionary), Fix44);
        ShouldMatchScript(_sent.Single().Message, 2, "8=FIX.4.4|9=167|35=R|34=2|49=ISLD|52=<TIME>|56=TW|131=quotereqid|146=1|55=ABC|65=CD|48=securityid|22=1|711=1|311=underlyingsymbol|312=WI|309=underlyingsecurityid|305=1|10=0|");
    }

    [SharedFact]
    public void A_SecurityDefinition_with_an_empty_group_is_echoed()
    {
        var dictionary = Shared("FIX42.xml");
        _reflector.FromApp(Incoming("8=FIX.4.2|35=d|34=2|49=TW|56=ISLD|52=20260301-14:30:00|320=JCD1091-20021011|322=1034356488676|323=6|55=TBS|22=8|167=OPT|336=ONE_MAIN|58=No Products found for this Class Symbol|393=0|146=0|", dictionary), Fix42);
        ShouldMatchScript(_sent.Single().Message, 2, "8=FIX.4.2|9=182|35=d|34=2|49=ISLD|52=00000000-00:00:00.000|56=TW|22=8|55=TBS|58=No Products found for this Class Symbol|146=0|167=OPT|320=JCD1091-20021011|322=1034356488676|323=6|336=ONE_MAIN|393=0|10=0|");
    }

    [Fact]
    public void An_echo_News_answers_with_the_rest_of_the_headline_and_the_encoded_headline()
    {
        _reflector.FromApp(Incoming("8=FIX.4.4|35=B|34=2|49=TW|52=20260301-14:30:00|56=ISLD|347=UTF-8|148=echo:   ole!|359=ol\u00c3\u00a9!|"), Fix44);
        ShouldMatchScript(_sent.Single().Message, 2, "8=FIX.4.4|35=B|34=2|49=ISLD|52=00000000-00:00:00.000|56=TW|347=UTF-8|148=ole!|359=ol\u00c3\u00a9!|10=69|");
    }

    [Fact]
    public void The_encoded_headline_length_travels_with_the_encoded_headline()
    {
        _reflector.FromApp(Incoming("8=FIX.4.4|35=B|34=2|49=TW|52=20260301-14:30:00|56=ISLD|148=echo:x|358=2|359=ab|"), Fix44);
        var reply = _sent.Single().Message;
        reply.Body.GetString(Tags.EncodedHeadlineLen).Should().Be("2");
        reply.Body.GetString(Tags.EncodedHeadline).Should().Be("ab");
        reply.Body.GetString(148).Should().Be("x");
    }

    [Fact]
    public void Other_News_and_TradeCaptureReportRequest_on_FIX44_are_accepted_silently()
    {
        _reflector.FromApp(Incoming("8=FIX.4.4|35=B|34=2|49=TW|52=20260301-14:30:00|56=ISLD|148=no_echo|"), Fix44);
        _reflector.FromApp(Incoming("8=FIX.4.4|35=AD|34=3|49=TW|52=20260301-14:30:00|56=ISLD|568=tradereqid|569=0|"), Fix44);
        _sent.Should().BeEmpty();
    }

    [Theory]
    [InlineData("FIX.4.2", "8")]
    [InlineData("FIX.4.4", "8")]
    [InlineData("FIX.4.2", "R")]
    [InlineData("FIX.4.2", "AD")]
    public void Anything_else_is_an_unsupported_message_type(string beginString, string msgType)
    {
        var act = () => _reflector.FromApp(Incoming($"8={beginString}|35={msgType}|34=2|49=TW|52=20260301-14:30:00|56=ISLD|"), new SessionId(beginString, "ISLD", "TW"));
        act.Should().Throw<UnsupportedMessageTypeException>();
        _sent.Should().BeEmpty();
    }

    [Fact]
    public void An_XMLnonFIX_message_is_acknowledged_with_a_News()
    {
        _reflector.FromAdmin(Incoming("8=FIX.4.4|35=n|34=2|49=TW|52=20260301-14:30:00|56=ISLD|212=3|213=<a>|"), Fix44);
        ShouldMatchScript(_sent.Single().Message, 2, "8=FIX.4.4|35=B|34=2|49=ISLD|52=00000000-00:00:00.000|56=TW|148=Successfully received 'n' message with seqNo=2|10=0|");
        _reflector.FromAdmin(Incoming("8=FIX.4.4|35=0|34=3|49=TW|52=20260301-14:30:00|56=ISLD|"), Fix44);
        _sent.Should().HaveCount(1);
    }
}
