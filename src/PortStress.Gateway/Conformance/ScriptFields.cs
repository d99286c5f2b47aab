using System.Buffers.Text;
using System.Text;
using PortStress.Fix.Protocol;

namespace PortStress.Gateway.Conformance;

/// <summary>One <c>tag=value</c> field of a frame as text (Latin-1); <see cref="Tag"/> is the text before '='.</summary>
/// <param name="Tag">The tag as written (a garbled tag stays as written).</param>
/// <param name="Value">The value; for a data field, exactly the bytes its length field announced.</param>
internal readonly record struct ScriptField(string Tag, string Value)
{
    /// <inheritdoc />
    public override string ToString() => $"{Tag}={Value.Replace((char)Soh.Byte, Soh.Printable)}";
}

/// <summary>
/// Splits a frame into its fields without judging it, so expected and received messages can be
/// compared field by field. Data fields (RawData 96, XmlData 213, EncodedHeadline 359 …) preceded
/// by their length field are taken by length and may contain SOH.
/// </summary>
internal static class ScriptFields
{
    /// <summary>The fields of <paramref name="frame"/>, in order.</summary>
    /// <param name="frame">SOH-separated fields; a missing final SOH is tolerated.</param>
    public static List<ScriptField> Split(ReadOnlySpan<byte> frame)
    {
        var fields = new List<ScriptField>();
        var dataTag = 0;
        var dataLength = 0;
        var pos = 0;
        while (pos < frame.Length)
        {
            var rest = frame[pos..];
            var equals = rest.IndexOf(Soh.EqualsSign);
            var soh = rest.IndexOf(Soh.Byte);
            if (equals < 0 || (soh >= 0 && soh < equals))
            {
                // No '=' in this field: keep it whole as a tag with an empty value.
                var end = soh < 0 ? rest.Length : soh;
                fields.Add(new ScriptField(Encoding.Latin1.GetString(rest[..end]), string.Empty));
                pos += end + 1;
                dataTag = 0;
                continue;
            }

            var tagText = rest[..equals];
            var valueStart = equals + 1;
            int valueEnd;
            if (dataTag > 0 && IsTag(tagText, dataTag) && valueStart + dataLength < rest.Length && rest[valueStart + dataLength] == Soh.Byte)
            {
                valueEnd = valueStart + dataLength;
            }
            else
            {
                var next = rest[valueStart..].IndexOf(Soh.Byte);
                valueEnd = next < 0 ? rest.Length : valueStart + next;
            }

            var value = rest[valueStart..valueEnd];
            fields.Add(new ScriptField(Encoding.Latin1.GetString(tagText), Encoding.Latin1.GetString(value)));
            dataTag = 0;
            if (Utf8Parser.TryParse(tagText, out int tag, out var used) && used == tagText.Length
                && DataFieldMap.Standard.DataTagFor(tag) is > 0 and var announced
                && Utf8Parser.TryParse(value, out int length, out used) && used == value.Length && length >= 0)
            {
                dataTag = announced;
                dataLength = length;
            }

            pos += valueEnd + 1;
        }

        return fields;
    }

    private static bool IsTag(ReadOnlySpan<byte> text, int tag) =>
        Utf8Parser.TryParse(text, out int parsed, out var used) && used == text.Length && parsed == tag;
}
