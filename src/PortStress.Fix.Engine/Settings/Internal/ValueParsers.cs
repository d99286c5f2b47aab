using System.Globalization;
using System.Net;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Protocol;

namespace PortStress.Fix.Engine.Internal;

/// <summary>Parses one value from its text.</summary>
internal delegate bool TryParse<T>(string text, out T value);

/// <summary>The one place each kind of value is parsed from text, with the format it expects.</summary>
internal static class ValueParsers
{
    public const string YesNo = "Y or N";
    public const string TimeOfDay = "a time of day HH:MM:SS";
    public const string DayName = "a day of the week (Monday, Mon, Mo, ...)";
    public const string DayList = "a comma-separated list of days of the week (Mon,Tue,...)";
    public const string Seconds = "a positive number of seconds";
    public const string Precision = "SECOND, MILLISECOND, MICROSECOND or NANOSECOND";
    public const string ConnectionTypes = "initiator or acceptor";
    public const string ApplVerIds = "an ApplVerID: a number 0..9 or a name such as FIX.5.0SP2 or FIX50SP2";
    public const string IpAddress = "an IPv4 or IPv6 address";
    public const string PortRange = "a port range first-last within 1..65535";
    public const string TimeZoneId = "a time zone id (IANA, e.g. America/New_York, or UTC)";
    public const string FlushPolicies = "EveryMessage, Batched or OperatingSystem";

    private static readonly string[] ApplVerNames =
        ["FIX27", "FIX30", "FIX40", "FIX41", "FIX42", "FIX43", "FIX44", "FIX50", "FIX50SP1", "FIX50SP2"];

    public static bool TryBool(string text, out bool value)
    {
        value = text is "Y" or "y";
        return text is "Y" or "y" or "N" or "n";
    }

    public static bool TryInt(string text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public static bool TryDouble(string text, out double value) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    public static bool TrySeconds(string text, out TimeSpan value)
    {
        value = default;
        if (!TryDouble(text, out var seconds) || seconds <= 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(seconds);
        return true;
    }

    public static bool TryTimeOfDay(string text, out TimeOnly value) =>
        TimeOnly.TryParseExact(text, ["HH:mm:ss", "H:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    public static bool TryDay(string text, out DayOfWeek value)
    {
        value = default;
        if (text.Length < 2)
        {
            return false;
        }

        var matches = Enum.GetValues<DayOfWeek>()
            .Where(d => d.ToString().StartsWith(text, StringComparison.OrdinalIgnoreCase))
            .ToArray();
        if (matches.Length != 1)
        {
            return false;
        }

        value = matches[0];
        return true;
    }

    public static bool TryDays(string text, out IReadOnlyList<DayOfWeek> value)
    {
        var days = new List<DayOfWeek>();
        value = days;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!TryDay(part, out var day))
            {
                return false;
            }

            if (!days.Contains(day))
            {
                days.Add(day);
            }
        }

        return days.Count > 0;
    }

    public static bool TryTimeZone(string text, out TimeZoneInfo value)
    {
        value = TimeZoneInfo.Utc;
        if (text.Length == 0)
        {
            return false;
        }

        if (text is "UTC" or "utc" or "Z")
        {
            return true;
        }

        try
        {
            value = TimeZoneInfo.FindSystemTimeZoneById(text);
            return true;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }

    public static bool TryPrecision(string text, out TimestampPrecision value)
    {
        (var ok, value) = text.ToUpperInvariant() switch
        {
            "SECOND" => (true, TimestampPrecision.Seconds),
            "MILLISECOND" => (true, TimestampPrecision.Milliseconds),
            "MICROSECOND" => (true, TimestampPrecision.Microseconds),
            "NANOSECOND" => (true, TimestampPrecision.Nanoseconds),
            _ => (false, TimestampPrecision.Milliseconds),
        };
        return ok;
    }

    public static bool TryConnectionType(string text, out ConnectionType value)
    {
        (var ok, value) = text.ToUpperInvariant() switch
        {
            "INITIATOR" => (true, ConnectionType.Initiator),
            "ACCEPTOR" => (true, ConnectionType.Acceptor),
            _ => (false, ConnectionType.Initiator),
        };
        return ok;
    }

    /// <summary>DefaultApplVerID as the number sent in tag 1137: names (FIX.5.0SP2, FIX50SP2) and numbers (9) both map to "9".</summary>
    public static bool TryApplVerId(string text, out string value)
    {
        value = text;
        if (text.Length == 1 && char.IsAsciiDigit(text[0]))
        {
            return true;
        }

        var index = Array.IndexOf(ApplVerNames, text.Replace(".", string.Empty, StringComparison.Ordinal).ToUpperInvariant());
        if (index < 0)
        {
            return false;
        }

        value = index.ToString(CultureInfo.InvariantCulture);
        return true;
    }

    public static bool TryIpAddress(string text, out IPAddress value)
    {
        value = IPAddress.None;
        if (!IPAddress.TryParse(text, out var address))
        {
            return false;
        }

        value = address;
        return true;
    }

    public static bool TryPortRange(string text, out (ushort First, ushort Last) value)
    {
        value = default;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0
            || !ushort.TryParse(text.AsSpan(0, dash).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !ushort.TryParse(text.AsSpan(dash + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            || first == 0 || last < first)
        {
            return false;
        }

        value = (first, last);
        return true;
    }

    public static bool TryFlushPolicy(string text, out StoreFlushPolicy value)
    {
        value = StoreFlushPolicy.Batched;
        return text.Length > 0 && char.IsAsciiLetter(text[0]) && Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value);
    }
}
