using PortStress.Fix.Protocol.Dictionary;
using PortStress.Fix.Protocol.Validation;

namespace PortStress.Gateway.Decoding;

/// <summary>What the decoder found: a frame with its fields, or a one-line reason why there is none.</summary>
internal enum DecodedKind
{
    /// <summary>A complete frame.</summary>
    Message,

    /// <summary>Bytes that are not a valid frame.</summary>
    Rejected,

    /// <summary>A frame that ends before its declared length.</summary>
    Truncated,
}

/// <summary>One field of a decoded frame, with its dictionary name and enum meaning when known.</summary>
internal sealed record DecodedField(int Tag, string? Name, string Value, string? Meaning);

/// <summary>One result of decoding: a message (with fields and optional validation) or a rejection.</summary>
internal sealed record DecodedItem(
    int Index,
    int Line,
    DecodedKind Kind,
    string? Reason,
    string? BeginString,
    string? MsgType,
    string? MsgName,
    int Length,
    IReadOnlyList<DecodedField> Fields,
    DataDictionary? Dictionary,
    ValidationResult? Validation);
