using System.Text.Json;
using PortStress.Control.Records;

namespace PortStress.Venue.Records;

/// <summary>One fill of a client order at the venue (<c>venue_fill.jsonl</c>), with the mid at the fill so markouts can be computed.</summary>
public readonly record struct VenueFillRecord : IJsonRecord
{
    /// <inheritdoc />
    public static string StreamName => "venue_fill";

    /// <summary>When, in microseconds since the Unix epoch (the venue's clock).</summary>
    public long TimeUnixMicros { get; init; }

    /// <summary>The session that owns the order (e.g. <c>FIX.4.4:VENUE-&gt;GW</c>).</summary>
    public string Session { get; init; }

    /// <summary>The ClOrdID (11) in force at the fill.</summary>
    public string ClOrdId { get; init; }

    /// <summary>The venue's OrderID (37).</summary>
    public long OrderId { get; init; }

    /// <summary>The symbol.</summary>
    public string Symbol { get; init; }

    /// <summary><c>buy</c> or <c>sell</c>.</summary>
    public string Side { get; init; }

    /// <summary>LastQty (32).</summary>
    public decimal Quantity { get; init; }

    /// <summary>LastPx (31).</summary>
    public decimal Price { get; init; }

    /// <summary>The venue's mid at the fill.</summary>
    public decimal Mid { get; init; }

    /// <summary>True when the order took liquidity on arrival (crossed the spread); false when it rested and was filled.</summary>
    public bool Aggressive { get; init; }

    /// <inheritdoc />
    public void WriteProperties(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("time"u8, TimeUnixMicros);
        writer.WriteString("session"u8, Session);
        writer.WriteString("clOrdId"u8, ClOrdId);
        writer.WriteNumber("orderId"u8, OrderId);
        writer.WriteString("symbol"u8, Symbol);
        writer.WriteString("side"u8, Side);
        writer.WriteNumber("qty"u8, Quantity);
        writer.WriteNumber("price"u8, Price);
        writer.WriteNumber("mid"u8, Mid);
        writer.WriteBoolean("aggressive"u8, Aggressive);
    }
}
