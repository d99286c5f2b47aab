using System.Text;
using PortStress.Fix.Protocol;

namespace PortStress.Fix.Engine;

/// <summary>Renders frames for logs with secrets masked: Password (554), NewPassword (925), and the encrypted password fields (1402, 1404).</summary>
public static class Redactor
{
    private const string Mask = "********";

    /// <summary>True for tags whose values never appear in logs.</summary>
    /// <param name="tag">Tag number.</param>
    public static bool IsSecret(int tag) => tag is 554 or 925 or 1402 or 1404;

    /// <summary>The frame as text with '|' for SOH and secrets masked.</summary>
    /// <param name="frame">A frame or any run of fields.</param>
    public static string Redact(ReadOnlySpan<byte> frame)
    {
        var text = new StringBuilder(frame.Length + 8);
        var reader = new FieldReader(frame);
        while (reader.MoveNext())
        {
            text.Append(reader.Tag).Append('=');
            if (IsSecret(reader.Tag))
            {
                text.Append(Mask);
            }
            else
            {
                foreach (var b in reader.Value)
                {
                    text.Append(b == Soh.Byte ? Soh.Printable : (char)b);
                }
            }

            text.Append(Soh.Printable);
        }

        if (reader.Error != FieldReadError.None)
        {
            text.Append("<unreadable from byte ").Append(reader.FieldOffset).Append('>');
        }

        return text.ToString();
    }
}
