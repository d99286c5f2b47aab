using System.Buffers.Text;

namespace PortStress.Telemetry.Internal;

/// <summary>Allocation-free helpers for the whitespace-separated text of /proc files.</summary>
internal static class AsciiParse
{
    /// <summary>Takes the next line (without its newline) and advances <paramref name="text"/> past it.</summary>
    public static bool NextLine(ref ReadOnlySpan<byte> text, out ReadOnlySpan<byte> line)
    {
        if (text.IsEmpty)
        {
            line = default;
            return false;
        }
        var end = text.IndexOf((byte)'\n');
        line = end < 0 ? text : text[..end];
        text = end < 0 ? default : text[(end + 1)..];
        return true;
    }

    /// <summary>Takes the next space-separated token and advances <paramref name="text"/> past it.</summary>
    public static bool NextToken(ref ReadOnlySpan<byte> text, out ReadOnlySpan<byte> token)
    {
        var start = 0;
        while (start < text.Length && (text[start] == (byte)' ' || text[start] == (byte)'\t'))
            start++;
        if (start == text.Length)
        {
            token = default;
            text = default;
            return false;
        }
        var end = start;
        while (end < text.Length && text[end] != (byte)' ' && text[end] != (byte)'\t')
            end++;
        token = text[start..end];
        text = text[end..];
        return true;
    }

    public static long Int64(ReadOnlySpan<byte> token) => Utf8Parser.TryParse(token, out long value, out _) ? value : 0;

    public static uint Hex32(ReadOnlySpan<byte> token) => Utf8Parser.TryParse(token, out uint value, out _, 'X') ? value : 0;
}
