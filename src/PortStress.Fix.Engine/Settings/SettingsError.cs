using System.Globalization;
using System.Text;

namespace PortStress.Fix.Engine;

/// <summary>
/// One problem found in session settings: where it is (file and line, or the options path), which
/// section and session, which key, and why.
/// </summary>
/// <param name="Source">The file read, or the options path of the session (e.g. <c>Sessions[1]</c>).</param>
/// <param name="Line">The 1-based line in <paramref name="Source"/>, or null for options.</param>
/// <param name="Section">The section the key was written in (<c>DEFAULT</c> or <c>SESSION</c>), or null for options.</param>
/// <param name="Session">The session's identity as text (e.g. <c>FIX.4.4:GW-&gt;VENUE</c>), or null when it is not known.</param>
/// <param name="Key">The key as written in the source (QuickFIX name, or JSON path for options).</param>
/// <param name="Reason">What is wrong, phrased to follow the key (e.g. <c>must be 1..65535 (got '0')</c>).</param>
public sealed record SettingsError(string Source, int? Line, string? Section, string? Session, string Key, string Reason)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder(Source);
        if (Line is { } line)
        {
            text.Append(':').Append(line.ToString(CultureInfo.InvariantCulture));
        }

        if (Section is not null)
        {
            text.Append(" [").Append(Section).Append(']');
        }

        if (Session is not null)
        {
            text.Append(' ').Append(Session);
        }

        return text.Append(": ").Append(Key).Append(' ').Append(Reason).ToString();
    }
}
