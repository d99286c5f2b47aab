using System.Text.Json;
using PortStress.Control.Records;
using PortStress.Execution.Schedules;

namespace PortStress.Execution.Records;

/// <summary>
/// One parent order (<c>parent.jsonl</c>), written once when its schedule has finished or the run ends: what the
/// analytics need for parent-level implementation shortfall (the decision time and mid, the end price, completion).
/// Joined to <see cref="ChildOrderRecord"/> by <see cref="ParentId"/>.
/// </summary>
public readonly record struct ParentRecord : IJsonRecord
{
    /// <inheritdoc />
    public static string StreamName => "parent";

    /// <summary><c>parentId</c>: the parent, as its children carry it.</summary>
    public long ParentId { get; init; }

    /// <summary><c>venue</c>: the venue its children go to.</summary>
    public string? Venue { get; init; }

    /// <summary><c>symbol</c>: the instrument.</summary>
    public string? Symbol { get; init; }

    /// <summary><c>side</c>: the side.</summary>
    public OrderSide Side { get; init; }

    /// <summary><c>quantity</c>: the parent quantity.</summary>
    public decimal Quantity { get; init; }

    /// <summary><c>decisionTime</c>: when the schedule started (µs since the Unix epoch).</summary>
    public long DecisionUnixMicros { get; init; }

    /// <summary><c>endTime</c>: when it finished, or when the run stopped it (µs since the Unix epoch).</summary>
    public long EndUnixMicros { get; init; }

    /// <summary><c>filled</c>: quantity filled.</summary>
    public decimal Filled { get; init; }

    /// <summary><c>algorithm</c>: the schedule (<c>twap</c>, <c>pov</c>).</summary>
    public string? Algorithm { get; init; }

    /// <summary>The record of <paramref name="schedule"/> as it stands at <paramref name="endTimestamp"/>.</summary>
    /// <param name="schedule">A started schedule.</param>
    /// <param name="time">Converts the schedule clock's timestamps.</param>
    /// <param name="endTimestamp">When it finished or was stopped (a timestamp of the schedule's clock).</param>
    public static ParentRecord Of(ParentSchedule schedule, RecordTime time, long endTimestamp)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(time);
        var order = schedule.Order;
        return new ParentRecord
        {
            ParentId = order.ParentId,
            Venue = order.Venue,
            Symbol = order.Symbol,
            Side = order.Side,
            Quantity = order.Quantity,
            DecisionUnixMicros = time.ToUnixMicros(schedule.StartTimestamp),
            EndUnixMicros = time.ToUnixMicros(endTimestamp),
            Filled = schedule.Progress.Filled,
            Algorithm = schedule switch
            {
                TwapSchedule => "twap",
                ParticipationSchedule => "pov",
                _ => schedule.GetType().Name,
            },
        };
    }

    /// <inheritdoc />
    public void WriteProperties(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("parentId"u8, ParentId);
        writer.WriteString("venue"u8, Venue);
        writer.WriteString("symbol"u8, Symbol);
        writer.WriteString("side"u8, RecordNames.Of(Side));
        writer.WriteNumber("quantity"u8, Quantity);
        writer.WriteNumber("decisionTime"u8, DecisionUnixMicros);
        writer.WriteNumber("endTime"u8, EndUnixMicros);
        writer.WriteNumber("filled"u8, Filled);
        writer.WriteString("algorithm"u8, Algorithm);
    }
}
