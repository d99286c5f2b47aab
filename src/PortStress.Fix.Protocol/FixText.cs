using System.Text;

namespace PortStress.Fix.Protocol;

/// <summary>
/// Turns readable FIX text (<c>8=FIX.4.4|35=0|…</c>) into frames, the way acceptance scripts and
/// hand-written tests write messages: BodyLength (9) and CheckSum (10) are computed and inserted
/// when absent and kept exactly as written when present (that is how garbled frames are made).
/// </summary>
public static class FixText
{
    /// <summary>Builds a frame from text whose fields are separated by <paramref name="separator"/>.</summary>
    /// <param name="text">Fields, e.g. <c>8=FIX.4.4|35=0|34=2|</c>; a trailing separator is optional.</param>
    /// <param name="separator">The field separator used in <paramref name="text"/> (SOH itself is also accepted).</param>
    public static byte[] ToFrame(string text, char separator = Soh.Printable)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = text.Split([separator, (char)Soh.Byte], StringSplitOptions.RemoveEmptyEntries);
        var hasLength = fields.Length > 1 && fields[1].StartsWith("9=", StringComparison.Ordinal);
        var hasChecksum = fields.Length > 0 && fields[^1].StartsWith("10=", StringComparison.Ordinal);
        var body = new StringBuilder();
        var start = hasLength ? 2 : 1;
        var end = hasChecksum ? fields.Length - 1 : fields.Length;
        for (var i = start; i < end; i++)
        {
            body.Append(fields[i]).Append((char)Soh.Byte);
        }

        var head = new StringBuilder();
        head.Append(fields.Length > 0 ? fields[0] : "8=").Append((char)Soh.Byte);
        var bodyBytes = Encoding.Latin1.GetBytes(body.ToString());
        head.Append(hasLength ? fields[1] : FormattableString.Invariant($"9={bodyBytes.Length}")).Append((char)Soh.Byte);
        var prefix = Encoding.Latin1.GetBytes(head.ToString());
        var frame = new List<byte>(prefix.Length + bodyBytes.Length + 8);
        frame.AddRange(prefix);
        frame.AddRange(bodyBytes);
        var checksum = hasChecksum
            ? fields[^1]
            : FormattableString.Invariant($"10={(Checksum.Sum(prefix) + Checksum.Sum(bodyBytes)) % 256:D3}");
        frame.AddRange(Encoding.Latin1.GetBytes(checksum));
        frame.Add(Soh.Byte);
        return [.. frame];
    }

    /// <summary>A frame as readable text, SOH shown as <c>|</c>.</summary>
    /// <param name="frame">Frame bytes.</param>
    public static string ToText(ReadOnlySpan<byte> frame) => Encoding.Latin1.GetString(frame).Replace((char)Soh.Byte, Soh.Printable);
}
