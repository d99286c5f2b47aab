using PortStress.Fix.Protocol.Dictionary;
using PortStress.Testing;

namespace PortStress.Fix.Protocol.Tests;

public class DataDictionaryTests
{
    [SharedTheory]
    [InlineData("FIX42.xml", "FIX.4.2", 404, 46)]
    [InlineData("FIX44.xml", "FIX.4.4", 916, 93)]
    [InlineData("FIXT11.xml", "FIXT.1.1", 63, 8)]
    [InlineData("FIX50SP2.xml", "FIX.5.0SP2", 1610, 110)]
    public void The_shared_QuickFIX_dictionaries_load(string file, string version, int fields, int messages)
    {
        var dictionary = DataDictionary.Load(SharedMaterial.PathOf("fixspec", file));
        dictionary.Version.Should().Be(version);
        dictionary.Fields.Should().HaveCount(fields);
        dictionary.Messages.Should().HaveCount(messages);
    }

    [SharedFact]
    public void FIXT_splits_transport_and_application()
    {
        var transport = DataDictionary.Load(SharedMaterial.PathOf("fixspec", "FIXT11.xml"));
        var application = DataDictionary.Load(SharedMaterial.PathOf("fixspec", "FIX50SP2.xml"));
        transport.IsTransport.Should().BeTrue();
        transport.GetMessage("A")!.IsAdmin.Should().BeTrue();
        transport.GetMessage("D").Should().BeNull();
        application.GetMessage("D")!.Name.Should().Be("NewOrderSingle");
        application.Header.Members.Should().BeEmpty();
    }

    [Fact]
    public void The_projects_own_dictionaries_load_with_the_order_routing_set()
    {
        foreach (var dictionary in new[] { Frames.Fix44, Frames.Fix42 })
        {
            foreach (var msgType in new[] { "0", "1", "2", "3", "4", "5", "A", "D", "8", "F", "G", "H", "9", "j" })
            {
                dictionary.GetMessage(msgType).Should().NotBeNull($"{dictionary.Version} defines MsgType {msgType}");
            }
        }

        Frames.Fix44.Messages.Should().HaveCount(14);
        Frames.Fix42.Messages.Should().HaveCount(14);
        Frames.Fix44.GetMessage("H")!.RequiredTags.Should().Contain([11, 55, 54], "OrderStatusRequest needs ClOrdID, Symbol (Instrument) and Side");
        Frames.Fix44.GetField(54)!.Describe("1"u8).Should().NotBeNullOrEmpty();
    }

    [Fact]
    public void Components_are_flattened_and_groups_nested()
    {
        var nos = Frames.Fix44.GetMessage("D")!;
        nos.Contains(55).Should().BeTrue("Symbol comes from the Instrument component");
        nos.RequiredTags.Should().Contain([11, 55, 54, 60, 40]);
        var parties = nos.Members.Single(m => m.Tag == 453).Group!;
        parties.DelimiterTag.Should().Be(448);
        parties.Members.Single(m => m.Tag == 802).Group!.DelimiterTag.Should().Be(523);
    }

    [Fact]
    public void Data_field_pairs_come_from_the_dictionary()
    {
        Frames.Fix44.DataFields.DataTagFor(95).Should().Be(96);
        Frames.Fix44.DataFields.DataTagFor(93).Should().Be(89);
        Frames.Fix44.DataFields.DataTagFor(354).Should().Be(355);
    }

    [Theory]
    [InlineData("<fix major='4' minor='4'><fields/><messages><message name='X' msgtype='X' msgcat='app'><field name='Nope' required='Y'/></message></messages></fix>", "field 'Nope' is not defined")]
    [InlineData("<fix major='4' minor='4'><fields/><messages><message name='X' msgtype='X'><component name='C' required='Y'/></message></messages></fix>", "component 'C' is not defined")]
    [InlineData("<fix major='4' minor='4'><fields><field number='1' name='A' type='INT'/><field number='1' name='B' type='INT'/></fields></fix>", "field number 1 is defined twice")]
    [InlineData("<fix major='4' minor='4'><fields/><components><component name='C'><component name='C' required='N'/></component></components><messages><message name='X' msgtype='X'><component name='C' required='N'/></message></messages></fix>", "component 'C' contains itself")]
    [InlineData("<fix major='4' minor='4'><fields>", "not well-formed XML")]
    [InlineData("<fix major='x' minor='4'><fields/></fix>", "attribute 'major'")]
    public void A_broken_dictionary_gives_an_error_that_names_the_problem(string xml, string expected)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(xml));
        var load = () => DataDictionary.Load(stream, "broken.xml");
        load.Should().Throw<DictionaryException>().Which.Message.Should().Contain("broken.xml").And.Contain(expected);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var load = () => DataDictionary.Load("/nonexistent/FIX44.xml");
        load.Should().Throw<DictionaryException>().WithMessage("*/nonexistent/FIX44.xml*");
    }
}
