using PortStress.Fix.Protocol.Dictionary;
using PortStress.Fix.Protocol.Validation;
using PortStress.Testing;

namespace PortStress.Fix.Protocol.Tests;

public class MessageValidatorTests
{
    private const string Head = "8=FIX.4.4|35=D|34=2|49=TW|52=20261124-14:30:00|56=ISLD|";
    private const string Order = "11=ID|21=1|38=200|40=1|54=1|55=INTC|60=20261124-14:30:00|";

    private static ValidationResult Validate(string text, ValidationOptions? options = null) =>
        new MessageValidator(Frames.Fix44, options).Validate(FixText.ToFrame(text));

    private static void ShouldReject(string text, SessionRejectReason reason, int? refTag, ValidationOptions? options = null)
    {
        var result = Validate(text, options);
        result.Status.Should().Be(ValidationStatus.Rejected, text);
        result.Reason.Should().Be(reason, text);
        result.RefTagId.Should().Be(refTag, text);
    }

    [Fact]
    public void A_valid_order_and_execution_report_pass()
    {
        Validate(Head + Order).IsValid.Should().BeTrue();
        new MessageValidator(Frames.Fix44).Validate(Frames.ExecutionReport()).Should().Be(ValidationResult.Valid);
    }

    [Theory]
    [InlineData("999=HI|", 999)]
    [InlineData("0=HI|", 0)]
    [InlineData("-1=HI|", -1)]
    [InlineData("5000=HI|", 5000)]
    public void An_unknown_or_impossible_tag_is_an_invalid_tag_number(string field, int tag) =>
        ShouldReject("8=FIX.4.4|35=0|34=2|49=TW|52=20261124-14:30:00|56=ISLD|" + field, SessionRejectReason.InvalidTagNumber, tag);

    [Fact]
    public void A_missing_required_header_tag_is_named() =>
        ShouldReject("8=FIX.4.4|35=0|34=2|49=TW|52=20261124-14:30:00|", SessionRejectReason.RequiredTagMissing, 56);

    [Fact]
    public void A_missing_required_body_tag_is_named() =>
        ShouldReject("8=FIX.4.4|35=D|49=TW|34=3|56=ISLD|52=20261124-14:30:00|40=1|60=20261124-14:30:00|54=1|21=3|55=X|", SessionRejectReason.RequiredTagMissing, 11);

    [Fact]
    public void A_tag_from_another_message_is_not_defined_for_this_message_type() =>
        ShouldReject("8=FIX.4.4|35=0|34=2|49=TW|52=20261124-14:30:00|56=ISLD|55=MSFT|", SessionRejectReason.TagNotDefinedForMessageType, 55);

    [Fact]
    public void A_tag_beyond_any_FIX_range_is_undefined() =>
        ShouldReject("8=FIX.4.4|35=0|34=2|49=TW|52=20261124-14:30:00|56=ISLD|123456=x|", SessionRejectReason.UndefinedTag, 123456);

    [Fact]
    public void A_tag_without_a_value_is_named() =>
        ShouldReject("8=FIX.4.4|35=0|34=2|49=TW|52=20261124-14:30:00|56=|", SessionRejectReason.TagSpecifiedWithoutValue, 56);

    [Theory]
    [InlineData("11=ID|21=4|38=2000|40=1|54=1|55=INTC|60=20261124-14:30:00|", 21)]
    [InlineData("11=ID|21=1|38=2000|40=1|54=1|55=INTC|60=20261124-14:30:00|167=BOO|", 167)]
    public void A_value_outside_the_enumeration_is_incorrect(string body, int tag) =>
        ShouldReject(Head + body, SessionRejectReason.ValueIsIncorrect, tag);

    [Theory]
    [InlineData("38=+200.00|", 38)]
    [InlineData("38=1e5|", 38)]
    [InlineData("60=20261124-25:00:00|", 60)]
    [InlineData("54=12|", 54)]
    public void A_value_in_the_wrong_format_is_reported(string field, int tag) =>
        ShouldReject(Head + "11=ID|21=1|40=1|55=INTC|" + (field.StartsWith("54", StringComparison.Ordinal) ? string.Empty : "54=1|") + (field.StartsWith("60", StringComparison.Ordinal) ? string.Empty : "60=20261124-14:30:00|") + field, SessionRejectReason.IncorrectDataFormat, tag);

    [Fact]
    public void An_unknown_MsgType_is_invalid()
    {
        var result = Validate("8=FIX.4.4|35=*|34=2|49=TW|52=20261124-14:30:00|56=ISLD|");
        result.Reason.Should().Be(SessionRejectReason.InvalidMsgType);
        result.RefTagId.Should().BeNull();
        result.Text.Should().Be("Invalid MsgType");
    }

    [Fact]
    public void A_repeated_tag_is_named() =>
        ShouldReject(Head + "11=ID|21=1|40=1|40=2|54=1|38=200|55=INTC|60=20261124-14:30:00|", SessionRejectReason.TagAppearsMoreThanOnce, 40);

    [Theory]
    [InlineData("8=FIX.4.4|35=D|11=id|21=3|40=1|54=1|55=MSFT|60=20261124-14:30:00|34=2|49=TW|52=20261124-14:30:00|56=ISLD|")]
    [InlineData("8=FIX.4.4|35=D|55=MSFT|34=3|49=TW|52=20261124-14:30:00|56=ISLD|11=id|21=3|40=1|54=1|60=20261124-14:30:00|")]
    public void A_header_tag_after_the_body_is_out_of_order(string text) =>
        ShouldReject(text, SessionRejectReason.TagSpecifiedOutOfRequiredOrder, 34);

    [Fact]
    public void A_body_tag_after_the_trailer_is_out_of_order() =>
        ShouldReject(Head + Order + "93=1|89=x|58=late|", SessionRejectReason.TagSpecifiedOutOfRequiredOrder, 58);

    [Fact]
    public void A_group_entry_that_does_not_start_with_its_delimiter_is_named_as_QuickFIX_does()
    {
        var result = Validate(Head + Order + "453=1|447=D|448=B|");
        result.Reason.Should().Be(SessionRejectReason.Other);
        result.RefTagId.Should().Be(453);
        result.Text.Should().Be("Group 453's first entry does not start with delimiter 448");
    }

    [Fact]
    public void Group_entry_fields_out_of_dictionary_order_are_reported() =>
        ShouldReject(Head + Order + "453=1|448=B|452=1|447=D|", SessionRejectReason.RepeatingGroupFieldsOutOfOrder, 447);

    [Theory]
    [InlineData("453=3|448=A|448=B|", 453)]
    [InlineData("453=1|448=A|448=B|", 453)]
    [InlineData("453=2|448=A|802=2|523=x|", 802)]
    public void A_NumInGroup_that_does_not_match_the_entries_is_reported(string group, int tag) =>
        ShouldReject(Head + Order + group, SessionRejectReason.IncorrectNumInGroupCount, tag);

    [Fact]
    public void Nested_groups_with_matching_counts_are_valid() =>
        Validate(Head + Order + "453=2|448=A|447=D|452=1|802=2|523=x|803=1|523=y|803=2|448=B|447=D|452=4|").IsValid.Should().BeTrue();

    [Fact]
    public void A_zero_count_group_is_valid() => Validate(Head + Order + "453=0|").IsValid.Should().BeTrue();

    [Fact]
    public void A_nested_entry_without_its_delimiter_names_the_nested_group() =>
        ShouldReject(Head + Order + "453=1|448=A|802=1|803=1|", SessionRejectReason.Other, 802);

    [Fact]
    public void Unreadable_fields_make_the_message_garbled()
    {
        var result = new MessageValidator(Frames.Fix44).Validate(Frames.Bytes("8=FIX.4.4\u00019=9\u000135=0\u00014x=1\u000110=000\u0001"));
        result.Status.Should().Be(ValidationStatus.Garbled);
        result.FieldError.Should().Be(FieldReadError.MalformedTag);
    }

    [Fact]
    public void Each_relaxation_accepts_what_it_names()
    {
        Validate("8=FIX.4.4|35=0|34=2|49=TW|52=20261124-14:30:00|56=ISLD|55=MSFT|", new ValidationOptions { AllowUnknownMessageFields = true }).IsValid.Should().BeTrue();
        Validate("8=FIX.4.4|35=0|34=2|49=TW|52=20261124-14:30:00|56=ISLD|5001=x|", new ValidationOptions { AllowUserDefinedFields = true }).IsValid.Should().BeTrue();
        Validate(Head + "11=ID|21=4|38=2000|40=1|54=1|55=INTC|60=20261124-14:30:00|", new ValidationOptions { AllowUnknownEnumValues = true }).IsValid.Should().BeTrue();
        Validate("8=FIX.4.4|35=D|55=MSFT|34=3|49=TW|52=20261124-14:30:00|56=ISLD|11=id|21=3|38=1|40=1|54=1|60=20261124-14:30:00|", new ValidationOptions { AllowFieldsOutOfOrder = true }).IsValid.Should().BeTrue();
        Validate(Head + Order + "58=|", new ValidationOptions { AllowEmptyFields = true }).IsValid.Should().BeTrue();
        Validate(Head + Order + "453=1|448=B|452=1|447=D|", new ValidationOptions { AllowUnorderedGroupFields = true }).IsValid.Should().BeTrue();
        Validate(Head + Order + "453=1|448=B|452=1|447=D|", new ValidationOptions { AllowFieldsOutOfOrder = true }).IsValid.Should().BeFalse("group order is its own setting");
        Validate("8=FIX.4.4|35=D|34=2|49=TW|52=20261124-14:30:00|56=ISLD|", new ValidationOptions { AllowMissingRequiredFields = true }).IsValid.Should().BeTrue();
    }

    [Fact]
    public void Validating_an_execution_report_does_not_allocate()
    {
        var validator = new MessageValidator(Frames.Fix44);
        var frame = Frames.ExecutionReport();
        validator.Validate(frame);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = validator.Validate(frame);
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
        result.IsValid.Should().BeTrue();
    }

    [SharedFact]
    public void FIXT_application_messages_are_checked_against_the_application_dictionary()
    {
        var transport = DataDictionary.Load(SharedMaterial.PathOf("fixspec", "FIXT11.xml"));
        var application = DataDictionary.Load(SharedMaterial.PathOf("fixspec", "FIX50SP2.xml"));
        var validator = new MessageValidator(transport, application);
        const string head = "8=FIXT.1.1|35=D|34=2|49=TW|52=20261124-14:30:00|56=ISLD|";
        validator.Validate(FixText.ToFrame(head + "11=ID|38=1|40=1|54=1|55=INTC|60=20261124-14:30:00|")).IsValid.Should().BeTrue();
        validator.Validate(FixText.ToFrame(head + "11=ID|38=1|40=1|54=1|55=INTC|60=20261124-14:30:00|108=30|")).Reason.Should().Be(SessionRejectReason.TagNotDefinedForMessageType);
        validator.Validate(FixText.ToFrame("8=FIXT.1.1|35=A|34=1|49=TW|52=20261124-14:30:00|56=ISLD|98=0|108=30|1137=9|")).IsValid.Should().BeTrue();
        validator.Validate(FixText.ToFrame("8=FIXT.1.1|35=ZZ|34=1|49=TW|52=20261124-14:30:00|56=ISLD|")).Reason.Should().Be(SessionRejectReason.InvalidMsgType);
        validator.Validate(FixText.ToFrame("8=FIXT.1.1|35=0|34=1|49=TW|52=20261124-14:30:00|56=ISLD|55=MSFT|")).Should().Be(
            new ValidationResult(ValidationStatus.Rejected, SessionRejectReason.TagNotDefinedForMessageType, 55, FieldReadError.None),
            "Symbol is an application field, defined by the application dictionary");
    }

    [SharedFact]
    public void The_shared_FIX42_dictionary_validates_a_FIX42_order()
    {
        var fix42 = DataDictionary.Load(SharedMaterial.PathOf("fixspec", "FIX42.xml"));
        var frame = FixText.ToFrame("8=FIX.4.2|35=D|34=2|49=TW|52=20261124-14:30:00|56=ISLD|11=ID|21=1|38=100|40=1|54=1|55=INTC|60=20261124-14:30:00|");
        new MessageValidator(fix42).Validate(frame).IsValid.Should().BeTrue();
    }
}
