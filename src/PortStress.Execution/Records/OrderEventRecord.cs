using System.Text.Json;
using PortStress.Control.Records;

namespace PortStress.Execution.Records;

/// <summary>What the venue said about a sent child order.</summary>
public enum OrderEventKind : byte
{
    /// <summary>Acknowledged (ExecType New).</summary>
    Acknowledged = 1,

    /// <summary>Rejected after it was sent.</summary>
    Rejected,

    /// <summary>A fill (partial or full).</summary>
    Filled,

    /// <summary>Done at the venue (filled, cancelled or expired) with a leaves quantity that will not fill.</summary>
    Done,
}

/// <summary>
/// One venue answer about a sent child order (<c>order_event.jsonl</c>): acknowledgement, reject, fill or done,
/// joined to <see cref="ChildOrderRecord"/> by <see cref="OrderId"/>.
/// </summary>
public readonly record struct OrderEventRecord : IJsonRecord
{
    /// <inheritdoc />
    public static string StreamName => "order_event";

    /// <summary><c>orderId</c>: the child order id.</summary>
    public long OrderId { get; init; }

    /// <summary><c>parentId</c>: its parent; 0 for none.</summary>
    public long ParentId { get; init; }

    /// <summary><c>event</c>: <c>acknowledged</c>, <c>rejected</c>, <c>filled</c> or <c>done</c>.</summary>
    public OrderEventKind Kind { get; init; }

    /// <summary><c>time</c>: when the answer arrived, microseconds since the Unix epoch.</summary>
    public long TimeUnixMicros { get; init; }

    /// <summary><c>venue</c>: the venue.</summary>
    public string? Venue { get; init; }

    /// <summary><c>session</c>: the session the order went out on.</summary>
    public string? SessionName { get; init; }

    /// <summary><c>quantity</c>: the fill quantity (LastQty) for a fill, the leaves quantity for done, else 0.</summary>
    public decimal Quantity { get; init; }

    /// <summary><c>price</c>: the fill price (LastPx) for a fill, else 0.</summary>
    public decimal Price { get; init; }

    /// <summary><c>ackLatencyMicros</c>: for an acknowledgement or reject, the time from send to the answer; else 0.</summary>
    public long AckLatencyMicros { get; init; }

    /// <summary><c>reason</c>: the venue's text for a reject; null otherwise.</summary>
    public string? Reason { get; init; }

    /// <inheritdoc />
    public void WriteProperties(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("orderId"u8, OrderId);
        writer.WriteNumber("parentId"u8, ParentId);
        writer.WriteString("event"u8, RecordNames.Of(Kind));
        writer.WriteNumber("time"u8, TimeUnixMicros);
        writer.WriteString("venue"u8, Venue);
        writer.WriteString("session"u8, SessionName);
        writer.WriteNumber("quantity"u8, Quantity);
        writer.WriteNumber("price"u8, Price);
        writer.WriteNumber("ackLatencyMicros"u8, AckLatencyMicros);
        writer.WriteString("reason"u8, Reason);
    }
}
