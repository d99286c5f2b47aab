namespace PortStress.Fix.Protocol.Dictionary;

/// <summary>FIX data types, as named in QuickFIX dictionaries.</summary>
public enum FixType
{
    /// <summary>Free text; no format check.</summary>
    String,

    /// <summary>One printable character.</summary>
    Char,

    /// <summary>Integer.</summary>
    Int,

    /// <summary>Non-negative integer giving a data field's length.</summary>
    Length,

    /// <summary>Non-negative sequence number.</summary>
    SeqNum,

    /// <summary>Non-negative count of repeating group entries.</summary>
    NumInGroup,

    /// <summary>Day of month, 1..31.</summary>
    DayOfMonth,

    /// <summary>Decimal number; also Price, Qty, Amt, PriceOffset, Percentage.</summary>
    Float,

    /// <summary><c>Y</c> or <c>N</c>.</summary>
    Boolean,

    /// <summary><c>yyyyMMdd-HH:mm:ss[.fff…]</c>.</summary>
    UtcTimestamp,

    /// <summary><c>HH:mm:ss[.fff…]</c>.</summary>
    UtcTimeOnly,

    /// <summary><c>yyyyMMdd</c>.</summary>
    UtcDateOnly,

    /// <summary><c>yyyyMMdd</c> in the market's time zone.</summary>
    LocalMktDate,

    /// <summary><c>yyyyMM</c>, <c>yyyyMMdd</c> or <c>yyyyMMwN</c>.</summary>
    MonthYear,

    /// <summary>Time with a zone offset; checked as text.</summary>
    TzTimeOnly,

    /// <summary>Timestamp with a zone offset; checked as text.</summary>
    TzTimestamp,

    /// <summary>Raw bytes, length given by the preceding Length field; may contain SOH.</summary>
    Data,

    /// <summary>Space-separated values, each from the field's enumeration.</summary>
    MultipleValue,
}
