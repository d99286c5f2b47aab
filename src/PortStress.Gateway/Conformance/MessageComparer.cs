using System.Globalization;

namespace PortStress.Gateway.Conformance;

/// <summary>
/// Compares an expected message (an <c>E</c> line, rendered) with a received frame as the
/// acceptance runners do: the same tags in the same order with the same values, except CheckSum
/// (10), which may have any value, and the timestamps SendingTime (52), TransactTime (60),
/// OrigSendingTime (122) and OrigTime (42), which may hold any well-formed UTC timestamp.
/// BodyLength (9) must match exactly, so timestamp precision matters.
/// </summary>
internal static class MessageComparer
{
    private const string SecondsFormat = "yyyyMMdd-HH:mm:ss";

    /// <summary>The first difference, or null when the received frame matches.</summary>
    /// <param name="expected">The expected frame.</param>
    /// <param name="received">The received frame.</param>
    public static FieldMismatch? Compare(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> received) =>
        Compare(ScriptFields.Split(expected), ScriptFields.Split(received));

    /// <summary>The first difference between two field lists, or null when they match.</summary>
    /// <param name="expected">Expected fields.</param>
    /// <param name="received">Received fields.</param>
    public static FieldMismatch? Compare(IReadOnlyList<ScriptField> expected, IReadOnlyList<ScriptField> received)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(received);
        var common = Math.Min(expected.Count, received.Count);
        for (var i = 0; i < common; i++)
        {
            var e = expected[i];
            var r = received[i];
            if (e.Tag != r.Tag)
            {
                return new FieldMismatch(i, e.Tag, e, r, $"expected {e}, received tag {r.Tag} ({r})");
            }

            switch (e.Tag)
            {
                case "10":
                    break;
                case "52" or "60" or "122" or "42":
                    if (!IsTimestamp(r.Value))
                    {
                        return new FieldMismatch(i, e.Tag, e, r, $"expected a UTC timestamp, received '{r.Value}'");
                    }

                    break;
                default:
                    if (e.Value != r.Value)
                    {
                        return new FieldMismatch(i, e.Tag, e, r, $"expected '{Show(e.Value)}', received '{Show(r.Value)}'");
                    }

                    break;
            }
        }

        if (expected.Count > common)
        {
            var e = expected[common];
            return new FieldMismatch(common, e.Tag, e, null, $"expected {e}, the received message ended after {received.Count} fields");
        }

        if (received.Count > common)
        {
            var r = received[common];
            return new FieldMismatch(common, r.Tag, null, r, $"received an extra field {r} after the expected {expected.Count} fields");
        }

        return null;
    }

    /// <summary>
    /// True for <c>yyyyMMdd-HH:mm:ss</c> with an optional fraction of 3, 6 or 9 digits, a real
    /// calendar date and time.
    /// </summary>
    /// <param name="value">A field value.</param>
    public static bool IsTimestamp(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length < 17
            || !DateTime.TryParseExact(value.AsSpan(0, 17), SecondsFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return false;
        }

        if (value.Length == 17)
        {
            return true;
        }

        var fraction = value.AsSpan(18);
        return value[17] == '.' && fraction.Length is 3 or 6 or 9 && !fraction.ContainsAnyExceptInRange('0', '9');
    }

    private static string Show(string value) => value.Replace('\u0001', '|');
}
