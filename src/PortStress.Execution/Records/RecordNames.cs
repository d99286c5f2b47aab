using System.Text.Json;
using PortStress.Control;
using PortStress.Execution.Gate;

namespace PortStress.Execution.Records;

/// <summary>The names enum values take in the execution records (camelCase, stable; never <c>ToString()</c> on the hot path).</summary>
public static class RecordNames
{
    /// <summary>The name of a side.</summary>
    /// <param name="side">The side.</param>
    public static string Of(OrderSide side) => side switch
    {
        OrderSide.Buy => "buy",
        OrderSide.Sell => "sell",
        OrderSide.SellShort => "sellShort",
        _ => "unknown",
    };

    /// <summary>The name of an urgency.</summary>
    /// <param name="urgency">The urgency.</param>
    public static string Of(Urgency urgency) => urgency switch
    {
        Urgency.Low => "low",
        Urgency.Normal => "normal",
        Urgency.High => "high",
        Urgency.Critical => "critical",
        _ => "unknown",
    };

    /// <summary>The name of an outcome kind.</summary>
    /// <param name="kind">The kind.</param>
    public static string Of(GateOutcomeKind kind) => kind switch
    {
        GateOutcomeKind.Sent => "sent",
        GateOutcomeKind.HeldThenSent => "heldThenSent",
        GateOutcomeKind.Refused => "refused",
        _ => "unknown",
    };

    /// <summary>The name of a refusal reason.</summary>
    /// <param name="reason">The reason.</param>
    public static string Of(RefusalReason reason) => reason switch
    {
        RefusalReason.None => "none",
        RefusalReason.InvalidIntent => "invalidIntent",
        RefusalReason.BelowMinimumQuantity => "belowMinimumQuantity",
        RefusalReason.CatchUpCapped => "catchUpCapped",
        RefusalReason.RetryBudgetExhausted => "retryBudgetExhausted",
        RefusalReason.ContainmentFull => "containmentFull",
        RefusalReason.ContainmentTimeout => "containmentTimeout",
        RefusalReason.ApprovalDenied => "approvalDenied",
        RefusalReason.ApprovalTimeout => "approvalTimeout",
        RefusalReason.NoSession => "noSession",
        RefusalReason.DeadlinePassed => "deadlinePassed",
        RefusalReason.ShuttingDown => "shuttingDown",
        _ => "unknown",
    };

    /// <summary>The name of an order event kind.</summary>
    /// <param name="kind">The kind.</param>
    public static string Of(OrderEventKind kind) => kind switch
    {
        OrderEventKind.Acknowledged => "acknowledged",
        OrderEventKind.Rejected => "rejected",
        OrderEventKind.Filled => "filled",
        OrderEventKind.Done => "done",
        _ => "unknown",
    };

    /// <summary>Writes each hold reason in <paramref name="holds"/> as a string value of the open array.</summary>
    /// <param name="writer">The writer, inside an array.</param>
    /// <param name="holds">The reasons.</param>
    public static void WriteHolds(Utf8JsonWriter writer, HoldReasons holds)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if ((holds & HoldReasons.Jitter) != 0)
            writer.WriteStringValue("jitter"u8);
        if ((holds & HoldReasons.Pacing) != 0)
            writer.WriteStringValue("pacing"u8);
        if ((holds & HoldReasons.Containment) != 0)
            writer.WriteStringValue("containment"u8);
        if ((holds & HoldReasons.Approval) != 0)
            writer.WriteStringValue("approval"u8);
        if ((holds & HoldReasons.Retry) != 0)
            writer.WriteStringValue("retry"u8);
    }
}
