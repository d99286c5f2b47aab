namespace PortStress.Fix.Protocol.Validation;

/// <summary>SessionRejectReason (373) codes sent in Reject (35=3).</summary>
public enum SessionRejectReason
{
    /// <summary>0: the tag is not a valid tag number (or the dictionary does not define it).</summary>
    InvalidTagNumber = 0,

    /// <summary>1: a required tag is missing.</summary>
    RequiredTagMissing = 1,

    /// <summary>2: the tag is defined, but not for this message type.</summary>
    TagNotDefinedForMessageType = 2,

    /// <summary>3: the tag number is beyond any FIX range.</summary>
    UndefinedTag = 3,

    /// <summary>4: the tag has no value.</summary>
    TagSpecifiedWithoutValue = 4,

    /// <summary>5: the value is not one the field allows.</summary>
    ValueIsIncorrect = 5,

    /// <summary>6: the value does not have the field type's format.</summary>
    IncorrectDataFormat = 6,

    /// <summary>7.</summary>
    DecryptionProblem = 7,

    /// <summary>8.</summary>
    SignatureProblem = 8,

    /// <summary>9: SenderCompID or TargetCompID is not the session's.</summary>
    CompIdProblem = 9,

    /// <summary>10: SendingTime is too far from now.</summary>
    SendingTimeAccuracyProblem = 10,

    /// <summary>11: the MsgType is not one the dictionary defines.</summary>
    InvalidMsgType = 11,

    /// <summary>12.</summary>
    XmlValidationError = 12,

    /// <summary>13: the tag appears twice.</summary>
    TagAppearsMoreThanOnce = 13,

    /// <summary>14: header, body and trailer fields are out of order.</summary>
    TagSpecifiedOutOfRequiredOrder = 14,

    /// <summary>15: fields of a repeating group entry are out of order.</summary>
    RepeatingGroupFieldsOutOfOrder = 15,

    /// <summary>16: NumInGroup does not match the entries present.</summary>
    IncorrectNumInGroupCount = 16,

    /// <summary>17: a non-data value holds SOH.</summary>
    NonDataValueIncludesFieldDelimiter = 17,

    /// <summary>99: anything else.</summary>
    Other = 99,
}

/// <summary>The Text (58) QuickFIX engines send with each reason; counterparties match on it.</summary>
public static class SessionRejectReasonText
{
    /// <summary>The standard text for <paramref name="reason"/>.</summary>
    /// <param name="reason">The reason.</param>
    public static string Of(SessionRejectReason reason) => reason switch
    {
        SessionRejectReason.InvalidTagNumber => "Invalid tag number",
        SessionRejectReason.RequiredTagMissing => "Required tag missing",
        SessionRejectReason.TagNotDefinedForMessageType => "Tag not defined for this message type",
        SessionRejectReason.UndefinedTag => "Undefined Tag",
        SessionRejectReason.TagSpecifiedWithoutValue => "Tag specified without a value",
        SessionRejectReason.ValueIsIncorrect => "Value is incorrect (out of range) for this tag",
        SessionRejectReason.IncorrectDataFormat => "Incorrect data format for value",
        SessionRejectReason.DecryptionProblem => "Decryption problem",
        SessionRejectReason.SignatureProblem => "Signature problem",
        SessionRejectReason.CompIdProblem => "CompID problem",
        SessionRejectReason.SendingTimeAccuracyProblem => "SendingTime accuracy problem",
        SessionRejectReason.InvalidMsgType => "Invalid MsgType",
        SessionRejectReason.XmlValidationError => "XML Validation error",
        SessionRejectReason.TagAppearsMoreThanOnce => "Tag appears more than once",
        SessionRejectReason.TagSpecifiedOutOfRequiredOrder => "Tag specified out of required order",
        SessionRejectReason.RepeatingGroupFieldsOutOfOrder => "Repeating group fields out of order",
        SessionRejectReason.IncorrectNumInGroupCount => "Incorrect NumInGroup count for repeating group",
        SessionRejectReason.NonDataValueIncludesFieldDelimiter => "Non Data value includes field delimiter (SOH character)",
        _ => "Other",
    };
}
