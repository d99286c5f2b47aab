using System.Text.Json;
using PortStress.Testing;

namespace PortStress.Gateway.Tests;

public class DecodeCommandTests
{
    private static string Sample(string name) => SharedMaterial.InRepository("samples", name);

    [Theory]
    [InlineData("orders.log")]
    [InlineData("orders-pipe.log")]
    public void The_sample_logs_decode_with_names_meanings_and_one_line_reasons(string file)
    {
        var (exit, output, _) = CommandRunner.Run("decode", Sample(file), "--validate");
        exit.Should().Be(0);
        output.Should().Contain("FIX.4.4 NewOrderSingle (D)").And.Contain("Side").And.Contain("1 (BUY)");
        output.Should().Contain("rejected: CheckSum (10) does not match the bytes");
        output.Should().Contain("truncated: BodyLength 85 declared, the input ends first");
        output.Should().NotContain("[invalid");
        output.TrimEnd().Split('\n')[^1].Should().Be("21 messages decoded (0 invalid), 1 rejected, 1 truncated");
    }

    [Fact]
    public void Json_output_is_one_parseable_object_per_item()
    {
        var (exit, output, error) = CommandRunner.Run("decode", Sample("orders.log"), "--json", "--validate");
        exit.Should().Be(0);
        var items = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        items.Should().HaveCount(23);
        items.Count(i => i.GetProperty("status").GetString() == "message").Should().Be(21);
        var order = items.First(i => i.TryGetProperty("msgType", out var t) && t.GetString() == "D");
        order.GetProperty("validation").GetProperty("valid").GetBoolean().Should().BeTrue();
        order.GetProperty("fields").EnumerateArray().Should().Contain(f => f.GetProperty("tag").GetInt32() == 54 && f.GetProperty("meaning").GetString() == "BUY");
        error.Should().Contain("21 messages decoded");
    }

    [Fact]
    public void Validation_names_the_reason_and_the_tag()
    {
        var path = WriteTemp(System.Text.Encoding.Latin1.GetString(PortStress.Fix.Protocol.FixText.ToFrame("8=FIX.4.4|35=0|34=2|49=TW|52=20261124-14:30:00|56=ISLD|55=MSFT|")));
        var (_, output, _) = CommandRunner.Run("decode", path, "--validate");
        output.Should().Contain("[invalid: Tag not defined for this message type, tag 55 Symbol, SessionRejectReason 2]");
    }

    [Fact]
    public void Garbage_and_hostile_input_get_a_reason_each_and_decoding_carries_on()
    {
        var good = System.Text.Encoding.Latin1.GetString(PortStress.Fix.Protocol.FixText.ToFrame("8=FIX.4.4|35=0|34=2|49=TW|52=20261124-14:30:00|56=ISLD|"));
        var path = WriteTemp(
            "just some text\n" +
            "8=FIX.4.4|9=99999999999|35=0|\n" +
            "\u0000\u0001\u00ff binary 8=FIX\n" +
            "prefix " + good + "\n" +
            "8=FIX.4.4|9=4|35=0|10=123|\n");
        var (exit, output, _) = CommandRunner.Run("decode", path);
        exit.Should().Be(0);
        output.Should().Contain("#1 (line 1) rejected: no FIX message on this line");
        output.Should().Contain("#2 (line 2) rejected: BodyLength (9) exceeds the configured maximum");
        output.Should().Contain("(line 3) truncated");
        output.Should().Contain("(line 4) FIX.4.4 Heartbeat (0)");
        output.Should().Contain("(line 5) rejected: BodyLength (9) 4 does not end where CheckSum (10) starts");
    }

    [Fact]
    public void A_missing_dictionary_is_a_clear_error()
    {
        var (exit, _, error) = CommandRunner.Run("decode", Sample("orders.log"), "--dictionary", "/nonexistent/FIX99.xml");
        exit.Should().Be(2);
        error.Should().Contain("/nonexistent/FIX99.xml").And.Contain("does not exist");
    }

    [Fact]
    public void A_missing_input_file_is_a_clear_error()
    {
        var (exit, _, error) = CommandRunner.Run("decode", "/nonexistent/input.log");
        exit.Should().Be(2);
        error.Should().Contain("cannot read");
    }

    [SharedFact]
    public void FIXT_messages_decode_with_the_shared_transport_and_application_dictionaries()
    {
        var path = WriteTemp(System.Text.Encoding.Latin1.GetString(PortStress.Fix.Protocol.FixText.ToFrame(
            "8=FIXT.1.1|35=D|34=2|49=TW|52=20261124-14:30:00|56=ISLD|11=ID|38=1|40=1|54=1|55=INTC|60=20261124-14:30:00|")) + "\n");
        var (_, output, _) = CommandRunner.Run("decode", path, "--dictionaries", SharedMaterial.PathOf("fixspec"), "--validate");
        output.Should().Contain("FIXT.1.1 NewOrderSingle (D)").And.Contain("[valid]");
    }

    private static string WriteTemp(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"portstress-decode-{Guid.NewGuid():N}.log");
        File.WriteAllText(path, content, System.Text.Encoding.Latin1);
        return path;
    }
}
