using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PortStress.Fix.Protocol;

namespace PortStress.Gateway.Conformance;

/// <summary>
/// The message of an <c>I</c> or <c>E</c> line, as written (SOH-separated, Latin-1 so any byte
/// survives). Rendering substitutes <c>&lt;TIME&gt;</c>, <c>&lt;TIME-N&gt;</c> and
/// <c>&lt;TIME+N&gt;</c> with the UTC time <c>yyyyMMdd-HH:mm:ss</c> shifted by N seconds, then
/// adds BodyLength (9) and CheckSum (10) when they are absent and keeps them exactly as written
/// when present (that is how the scripts send garbled frames).
/// </summary>
/// <remarks>
/// The shift is in seconds, as in the original QuickFIX runner (the QuickFIX/n runner shifts by
/// days); the scripts are written to pass with either.
/// </remarks>
internal sealed partial class MessageTemplate
{
    private const string TimeFormat = "yyyyMMdd-HH:mm:ss";

    private MessageTemplate(string text) => Text = text;

    /// <summary>The message as written in the script, SOH kept.</summary>
    public string Text { get; }

    /// <summary>Checks the text of an I/E line and wraps it.</summary>
    /// <param name="text">The line after its directive and connection prefix.</param>
    /// <exception cref="FormatException">The text is not a message or a time token is malformed.</exception>
    public static MessageTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0 || text.IndexOf('=', StringComparison.Ordinal) <= 0)
        {
            throw new FormatException("a message line needs tag=value fields");
        }

        var start = 0;
        while ((start = text.IndexOf("<TIME", start, StringComparison.Ordinal)) >= 0)
        {
            var match = TimeToken().Match(text, start);
            if (!match.Success || match.Index != start)
            {
                var end = text.IndexOf('>', start);
                throw new FormatException($"unknown time token '{(end < 0 ? text[start..] : text[start..(end + 1)])}' (expected <TIME>, <TIME+N> or <TIME-N>)");
            }

            start += match.Length;
        }

        return new MessageTemplate(text);
    }

    /// <summary>The frame to send or compare: time tokens substituted, 9 and 10 completed when absent.</summary>
    /// <param name="utcNow">The time that replaces <c>&lt;TIME&gt;</c>.</param>
    public byte[] Render(DateTime utcNow)
    {
        var substituted = TimeToken().Replace(Text, match =>
        {
            var offset = match.Groups[1].Success ? int.Parse(match.Groups[1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
            return utcNow.AddSeconds(offset).ToString(TimeFormat, CultureInfo.InvariantCulture);
        });
        return Complete(Encoding.Latin1.GetBytes(substituted));
    }

    /// <summary>The text as printed in reports: SOH shown as '|'.</summary>
    public override string ToString() => Text.Replace((char)Soh.Byte, Soh.Printable);

    /// <summary>
    /// Adds BodyLength right after BeginString and CheckSum at the end when they are missing.
    /// Text that does not start with <c>8=</c> (a deliberately misordered frame) is sent as written.
    /// </summary>
    /// <param name="text">Fields separated by SOH.</param>
    internal static byte[] Complete(byte[] text)
    {
        var span = text.AsSpan();
        var firstEnd = span.IndexOf(Soh.Byte) + 1;
        if (!span.StartsWith("8="u8) || firstEnd == 0)
        {
            return text;
        }

        var hasLength = span[firstEnd..].StartsWith("9="u8);
        var checksumStart = ChecksumFieldStart(span);
        if (hasLength && checksumStart >= 0)
        {
            return text;
        }

        var body = span[firstEnd..(checksumStart >= 0 ? checksumStart : span.Length)];
        var output = new List<byte>(text.Length + 16);
        output.AddRange(span[..firstEnd]);
        if (!hasLength)
        {
            var bodyLength = body.Length + (body.Length > 0 && body[^1] != Soh.Byte ? 1 : 0);
            output.AddRange(Encoding.ASCII.GetBytes(FormattableString.Invariant($"9={bodyLength}\u0001")));
        }

        output.AddRange(body);
        if (body.Length > 0 && body[^1] != Soh.Byte)
        {
            output.Add(Soh.Byte);
        }

        if (checksumStart >= 0)
        {
            output.AddRange(span[checksumStart..]);
        }
        else
        {
            var sum = Checksum.Compute(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(output));
            output.AddRange(Encoding.ASCII.GetBytes(FormattableString.Invariant($"10={sum:D3}\u0001")));
        }

        return [.. output];
    }

    /// <summary>Start of a last field <c>10=digits</c> that ends the text with SOH, or -1.</summary>
    private static int ChecksumFieldStart(ReadOnlySpan<byte> text)
    {
        if (text.Length < 5 || text[^1] != Soh.Byte)
        {
            return -1;
        }

        var start = text[..^1].LastIndexOf(Soh.Byte) + 1;
        var field = text[start..^1];
        if (!field.StartsWith("10="u8) || field.Length == 3)
        {
            return -1;
        }

        foreach (var b in field[3..])
        {
            if ((uint)(b - '0') > 9)
            {
                return -1;
            }
        }

        return start;
    }

    [GeneratedRegex(@"<TIME([+-]\d{1,9})?>", RegexOptions.CultureInvariant)]
    private static partial Regex TimeToken();
}
