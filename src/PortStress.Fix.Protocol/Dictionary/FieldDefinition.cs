using PortStress.Fix.Protocol.Internal;

namespace PortStress.Fix.Protocol.Dictionary;

/// <summary>One enumerated value of a field.</summary>
/// <param name="Value">The wire value, e.g. <c>1</c>.</param>
/// <param name="Description">The dictionary's name for it, e.g. <c>BUY</c>.</param>
public readonly record struct FieldValue(string Value, string Description);

/// <summary>A field of a data dictionary: tag, name, type and (if any) enumerated values.</summary>
public sealed class FieldDefinition
{
    internal FieldDefinition(int tag, string name, string typeName, FixType type, IReadOnlyList<FieldValue> values)
    {
        Tag = tag;
        Name = name;
        TypeName = typeName;
        Type = type;
        Values = values;
        Enum = values.Count > 0 ? new EnumSet(values) : null;
        NumericCheck = type switch
        {
            FixType.Int or FixType.Length or FixType.SeqNum or FixType.NumInGroup or FixType.DayOfMonth or FixType.Float => true,
            _ => false,
        };
    }

    /// <summary>Tag number.</summary>
    public int Tag { get; }

    /// <summary>Field name, e.g. <c>ClOrdID</c>.</summary>
    public string Name { get; }

    /// <summary>The type as the dictionary spells it, e.g. <c>PRICE</c>.</summary>
    public string TypeName { get; }

    /// <summary>The type the codec checks against.</summary>
    public FixType Type { get; }

    /// <summary>Enumerated values (empty when the field is not an enumeration).</summary>
    public IReadOnlyList<FieldValue> Values { get; }

    internal EnumSet? Enum { get; }

    internal bool NumericCheck { get; }

    /// <summary>The description of an enumerated value, or null.</summary>
    /// <param name="value">Wire value.</param>
    public string? Describe(ReadOnlySpan<byte> value) => Enum?.Describe(value);

    /// <inheritdoc />
    public override string ToString() => $"{Name}({Tag}) {TypeName}";
}
