using System.Collections.Frozen;
using PortStress.Fix.Protocol.Dictionary;

namespace PortStress.Fix.Protocol.Internal;

/// <summary>Membership and descriptions of a field's enumerated values, looked up from bytes without allocation.</summary>
internal sealed class EnumSet
{
    private readonly string?[] _single = new string?[128];
    private readonly FrozenDictionary<ulong, string> _packed;
    private readonly (byte[] Value, string Description)[] _long;

    public EnumSet(IReadOnlyList<FieldValue> values)
    {
        var packed = new Dictionary<ulong, string>();
        var longer = new List<(byte[], string)>();
        foreach (var v in values)
        {
            var bytes = System.Text.Encoding.Latin1.GetBytes(v.Value);
            if (bytes.Length == 1 && bytes[0] < 128)
            {
                _single[bytes[0]] = v.Description;
            }
            else if (bytes.Length is > 0 and <= 8)
            {
                packed[Pack(bytes)] = v.Description;
            }
            else if (bytes.Length > 8)
            {
                longer.Add((bytes, v.Description));
            }
        }

        _packed = packed.ToFrozenDictionary();
        _long = [.. longer];
    }

    public bool Contains(ReadOnlySpan<byte> value) => Describe(value) is not null;

    /// <summary>True when every space-separated item of a multiple-value field is a member.</summary>
    public bool ContainsAll(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (var range in value.Split((byte)' '))
        {
            if (!Contains(value[range]))
            {
                return false;
            }
        }

        return true;
    }

    public string? Describe(ReadOnlySpan<byte> value)
    {
        if (value.Length == 1)
        {
            return value[0] < 128 ? _single[value[0]] : null;
        }

        if (value.Length is > 0 and <= 8)
        {
            return _packed.GetValueOrDefault(Pack(value));
        }

        foreach (var (bytes, description) in _long)
        {
            if (value.SequenceEqual(bytes))
            {
                return description;
            }
        }

        return null;
    }

    /// <summary>Up to eight bytes, zero padded: unambiguous because FIX values never contain NUL.</summary>
    private static ulong Pack(ReadOnlySpan<byte> value)
    {
        ulong packed = 0;
        for (var i = 0; i < value.Length; i++)
        {
            packed |= (ulong)value[i] << (i * 8);
        }

        return packed;
    }
}
