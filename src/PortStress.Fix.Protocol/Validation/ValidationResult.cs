namespace PortStress.Fix.Protocol.Validation;

/// <summary>How a frame fared against the dictionary.</summary>
public enum ValidationStatus
{
    /// <summary>The message is valid.</summary>
    Valid,

    /// <summary>The message breaks a rule; the session answers with Reject (35=3).</summary>
    Rejected,

    /// <summary>The fields cannot be read at all; the session drops the message as garbled.</summary>
    Garbled,
}

/// <summary>The outcome of <see cref="MessageValidator.Validate"/>: what the session puts in a Reject.</summary>
/// <param name="Status">Valid, Rejected or Garbled.</param>
/// <param name="Reason">SessionRejectReason (373) when rejected.</param>
/// <param name="RefTagId">RefTagID (371), or null when no single tag is at fault (a tag can be 0 or negative).</param>
/// <param name="FieldError">Why the fields could not be read, when garbled.</param>
/// <param name="GroupDelimiter">For a group entry that does not start with its delimiter: the delimiter expected.</param>
public readonly record struct ValidationResult(ValidationStatus Status, SessionRejectReason Reason, int? RefTagId, FieldReadError FieldError, int GroupDelimiter = 0)
{
    /// <summary>The valid result.</summary>
    public static ValidationResult Valid => default;

    /// <summary>True when valid.</summary>
    public bool IsValid => Status == ValidationStatus.Valid;

    /// <summary>Text (58) for the Reject.</summary>
    public string Text => Status switch
    {
        ValidationStatus.Valid => "valid",
        ValidationStatus.Garbled => $"garbled: {FieldError}",
        _ when GroupDelimiter != 0 => $"Group {RefTagId}'s first entry does not start with delimiter {GroupDelimiter}",
        _ => SessionRejectReasonText.Of(Reason),
    };

    internal static ValidationResult Reject(SessionRejectReason reason, int? refTagId = null) =>
        new(ValidationStatus.Rejected, reason, refTagId, FieldReadError.None);

    internal static ValidationResult Garble(FieldReadError error) =>
        new(ValidationStatus.Garbled, SessionRejectReason.Other, null, error);

    /// <inheritdoc />
    public override string ToString() => Status == ValidationStatus.Rejected && RefTagId is not null
        ? $"{Text} (tag {RefTagId}, reason {(int)Reason})"
        : Status == ValidationStatus.Rejected ? $"{Text} (reason {(int)Reason})" : Text;
}
