using System.Text;

namespace PortStress.Fix.Engine.Stores.Internal;

/// <summary>Builds <see cref="FileStore.FileNameFor"/>: an injective, file-system-safe name per session.</summary>
internal static class SessionFileName
{
    private const int MaxLength = 120;

    public static string For(SessionId sessionId)
    {
        var name = new StringBuilder();
        Append(name, sessionId.BeginString);
        name.Append('-');
        Append(name, sessionId.SenderCompId);
        name.Append('-');
        Append(name, sessionId.TargetCompId);
        if (!string.IsNullOrEmpty(sessionId.Qualifier))
        {
            name.Append('-');
            Append(name, sessionId.Qualifier);
        }

        if (name.Length <= MaxLength)
        {
            return name.ToString();
        }

        // Too long for comfort on some file systems: keep a readable head and make it unique with a checksum.
        var full = name.ToString();
        var crc = Crc32C.Append(0, Encoding.UTF8.GetBytes(full));
        return $"{full[..(MaxLength - 9)]}-{crc:x8}";
    }

    private static void Append(StringBuilder name, string? part)
    {
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in (part ?? string.Empty).EnumerateRunes())
        {
            var c = rune.Value;
            var plain = c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') || (c == '.' && name.Length > 0);
            if (plain)
            {
                name.Append((char)c);
                continue;
            }

            var n = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..n])
            {
                name.Append('_').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }
}
