using System.Text.Json;
using PortStress.Control.Records;

namespace PortStress.Venue.Records;

/// <summary>The venue's quote for one symbol at one instant (<c>mid.jsonl</c>), at the configured cadence: what markouts are measured against.</summary>
public readonly record struct MidPriceRecord : IJsonRecord
{
    /// <inheritdoc />
    public static string StreamName => "mid";

    /// <summary>When, in microseconds since the Unix epoch (the venue's clock).</summary>
    public long TimeUnixMicros { get; init; }

    /// <summary>The symbol.</summary>
    public string Symbol { get; init; }

    /// <summary>Best bid.</summary>
    public decimal Bid { get; init; }

    /// <summary>Best ask.</summary>
    public decimal Ask { get; init; }

    /// <summary>(Bid + Ask) / 2.</summary>
    public decimal Mid { get; init; }

    /// <summary>Market volume traded in the symbol since the venue started (background and client fills).</summary>
    public decimal CumulativeVolume { get; init; }

    /// <inheritdoc />
    public void WriteProperties(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("time"u8, TimeUnixMicros);
        writer.WriteString("symbol"u8, Symbol);
        writer.WriteNumber("bid"u8, Bid);
        writer.WriteNumber("ask"u8, Ask);
        writer.WriteNumber("mid"u8, Mid);
        writer.WriteNumber("volume"u8, CumulativeVolume);
    }
}
