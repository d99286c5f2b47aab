namespace PortStress.Fix.Protocol.Validation;

/// <summary>
/// What the validator checks. Every check is on by default; each relaxation matches a QuickFIX
/// setting users rely on (named in brackets).
/// </summary>
public sealed record ValidationOptions
{
    /// <summary>The strict defaults.</summary>
    public static ValidationOptions Strict { get; } = new();

    /// <summary>Accept tags the dictionary defines but not for this message type [AllowUnknownMsgFields=Y].</summary>
    public bool AllowUnknownMessageFields { get; init; }

    /// <summary>Accept tags of 5000 and above that the dictionary does not define [ValidateUserDefinedFields=N].</summary>
    public bool AllowUserDefinedFields { get; init; }

    /// <summary>Accept values outside a field's enumeration.</summary>
    public bool AllowUnknownEnumValues { get; init; }

    /// <summary>Accept header, body and trailer fields out of order [ValidateFieldsOutOfOrder=N].</summary>
    public bool AllowFieldsOutOfOrder { get; init; }

    /// <summary>Accept the fields of a repeating group entry out of dictionary order (the delimiter still comes first) [ValidateUnorderedGroupFields=N].</summary>
    public bool AllowUnorderedGroupFields { get; init; }

    /// <summary>Accept fields without a value [ValidateFieldsHaveValues=N].</summary>
    public bool AllowEmptyFields { get; init; }

    /// <summary>Skip the required-field check.</summary>
    public bool AllowMissingRequiredFields { get; init; }

    /// <summary>Tags above this are <see cref="SessionRejectReason.UndefinedTag"/>.</summary>
    public int MaxTagNumber { get; init; } = 99_999;

    /// <summary>Caps on field count and group depth.</summary>
    public CodecLimits Limits { get; init; } = CodecLimits.Default;
}
