using System.Text.Json;
using PortStress.Control;
using PortStress.Control.Decoding;
using PortStress.Control.Records;
using PortStress.Execution.Gate;

namespace PortStress.Execution.Records;

/// <summary>
/// One child order's passage through the gate (<c>order.jsonl</c>), written once, at its terminal gate outcome
/// (sent, held then sent, or refused). Times are microseconds since the Unix epoch (0 when not applicable);
/// quantities are decimals as sent on the wire. The venue's answers that follow are <see cref="OrderEventRecord"/>s
/// with the same <see cref="OrderId"/>.
/// </summary>
public readonly record struct ChildOrderRecord : IJsonRecord
{
    /// <inheritdoc />
    public static string StreamName => "order";

    /// <summary><c>orderId</c>: the child order id (the wire ClOrdID).</summary>
    public long OrderId { get; init; }

    /// <summary><c>parentId</c>: the parent order (schedule); 0 for none.</summary>
    public long ParentId { get; init; }

    /// <summary><c>venue</c>: the venue the order addresses.</summary>
    public string? Venue { get; init; }

    /// <summary><c>symbol</c>: the instrument.</summary>
    public string? Symbol { get; init; }

    /// <summary><c>side</c>: <c>buy</c>, <c>sell</c> or <c>sellShort</c>.</summary>
    public OrderSide Side { get; init; }

    /// <summary><c>urgency</c>: <c>low</c>, <c>normal</c>, <c>high</c> or <c>critical</c>.</summary>
    public Urgency Urgency { get; init; }

    /// <summary><c>catchUp</c>: the intent was flagged as catch-up.</summary>
    public bool IsCatchUp { get; init; }

    /// <summary><c>retry</c>: the intent was flagged as a retry of an earlier order.</summary>
    public bool IsRetry { get; init; }

    /// <summary><c>urgencyOverride</c>: the intent asked to bypass containment.</summary>
    public bool UrgencyOverride { get; init; }

    /// <summary><c>appliedState</c>: the state whose actions the gate applied (GREEN in shadow mode).</summary>
    public StressState AppliedState { get; init; }

    /// <summary><c>decidedState</c>: the controller's decoded state when the order arrived.</summary>
    public StressState DecidedState { get; init; }

    /// <summary><c>shadow</c>: the controller was in shadow mode (applied GREEN, recorded what it would have done).</summary>
    public bool Shadow { get; init; }

    /// <summary><c>snapshotVersion</c>: the version of the control snapshot read for the order.</summary>
    public long SnapshotVersion { get; init; }

    /// <summary><c>p</c>: P(stress) of that snapshot.</summary>
    public double StressProbability { get; init; }

    /// <summary>The snapshot's features, written flat (<c>ppr</c>, <c>twr</c>, <c>cfr</c>, <c>connectFailures</c>, <c>ctl95Relative</c>, <c>rbi</c>, <c>dsd95Relative</c>, <c>retryQueueDepth</c>, <c>reconnectsPerMinute</c>, <c>ringDrops</c>).</summary>
    public ControlFeatures Features { get; init; }

    /// <summary><c>decisionTime</c>: when the strategy decided the order (the intent's decision timestamp).</summary>
    public long DecisionTimeUnixMicros { get; init; }

    /// <summary><c>arrivalTime</c>: when the order reached the gate.</summary>
    public long ArrivalTimeUnixMicros { get; init; }

    /// <summary><c>intendedLaunchTime</c>: arrival plus the jitter drawn, i.e. when the gate meant to launch it.</summary>
    public long IntendedLaunchTimeUnixMicros { get; init; }

    /// <summary><c>deadline</c>: the intent's deadline; 0 for none.</summary>
    public long DeadlineUnixMicros { get; init; }

    /// <summary><c>sentTime</c>: when it was handed to the session; 0 when refused.</summary>
    public long SentTimeUnixMicros { get; init; }

    /// <summary><c>outcomeTime</c>: when the terminal outcome was decided (the send or refusal time).</summary>
    public long OutcomeTimeUnixMicros { get; init; }

    /// <summary><c>holds</c>: why it was held, as an array of <c>jitter</c>, <c>pacing</c>, <c>containment</c>, <c>approval</c>, <c>retry</c> (empty when not held).</summary>
    public HoldReasons Holds { get; init; }

    /// <summary><c>holdMicros</c>: time from arrival to the outcome when held; 0 when not held.</summary>
    public long HoldMicros { get; init; }

    /// <summary>
    /// <c>intendedHoldMicros</c>: the part of the hold the controller intended (jitter, containment, approval). The
    /// decision-to-send delay reported to telemetry is <c>sentTime − decisionTime − intendedHoldMicros</c>, so the
    /// controller does not read its own action as transport delay; pacing and retry waits are not subtracted.
    /// </summary>
    public long IntendedHoldMicros { get; init; }

    /// <summary><c>quantity</c>: the intent's quantity before any trim.</summary>
    public decimal QuantityRequested { get; init; }

    /// <summary><c>sentQuantity</c>: the quantity sent (after trim and catch-up cap); 0 when refused.</summary>
    public decimal QuantitySent { get; init; }

    /// <summary><c>trimmedQuantity</c>: quantity handed back to the parent (clip trim plus catch-up cap); <c>quantity = sentQuantity + trimmedQuantity</c> when sent.</summary>
    public decimal QuantityTrimmed { get; init; }

    /// <summary><c>catchUpCappedQuantity</c>: the part of <c>trimmedQuantity</c> removed by the catch-up cap.</summary>
    public decimal QuantityCatchUpCapped { get; init; }

    /// <summary><c>limitPrice</c>: the limit price; null for a market order.</summary>
    public decimal? LimitPrice { get; init; }

    /// <summary><c>jitterMicros</c>: the launch jitter drawn (after the deadline clamp); 0 when none.</summary>
    public long JitterMicros { get; init; }

    /// <summary><c>session</c>: the session it went out on; null when refused.</summary>
    public string? SessionName { get; init; }

    /// <summary><c>gateRetries</c>: how many times the gate retried the send itself.</summary>
    public int GateRetries { get; init; }

    /// <summary><c>outcome</c>: <c>sent</c>, <c>heldThenSent</c> or <c>refused</c>.</summary>
    public GateOutcomeKind Outcome { get; init; }

    /// <summary><c>refusal</c>: the refusal reason (e.g. <c>containmentTimeout</c>); null unless refused.</summary>
    public RefusalReason Refusal { get; init; }

    /// <summary><c>wouldSentQuantity</c> (shadow only, else null): the quantity the decided parameters would have sent (trim and catch-up cap).</summary>
    public decimal WouldQuantity { get; init; }

    /// <summary><c>wouldJitterMicros</c> (shadow only): the jitter the decided parameters would have drawn.</summary>
    public long WouldJitterMicros { get; init; }

    /// <summary><c>wouldContain</c> (shadow only): the decided parameters would have held the order in containment.</summary>
    public bool WouldContain { get; init; }

    /// <summary><c>wouldRequireApproval</c> (shadow only): the decided parameters would have required an approval.</summary>
    public bool WouldRequireApproval { get; init; }

    /// <inheritdoc />
    public void WriteProperties(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("orderId"u8, OrderId);
        writer.WriteNumber("parentId"u8, ParentId);
        writer.WriteString("venue"u8, Venue);
        writer.WriteString("symbol"u8, Symbol);
        writer.WriteString("side"u8, RecordNames.Of(Side));
        writer.WriteString("urgency"u8, RecordNames.Of(Urgency));
        writer.WriteBoolean("catchUp"u8, IsCatchUp);
        writer.WriteBoolean("retry"u8, IsRetry);
        writer.WriteBoolean("urgencyOverride"u8, UrgencyOverride);
        writer.WriteString("appliedState"u8, DecoderNames.Of(AppliedState));
        writer.WriteString("decidedState"u8, DecoderNames.Of(DecidedState));
        writer.WriteBoolean("shadow"u8, Shadow);
        writer.WriteNumber("snapshotVersion"u8, SnapshotVersion);
        FeatureJson.Number(writer, "p"u8, StressProbability);
        FeatureJson.Write(writer, Features);
        writer.WriteNumber("decisionTime"u8, DecisionTimeUnixMicros);
        writer.WriteNumber("arrivalTime"u8, ArrivalTimeUnixMicros);
        writer.WriteNumber("intendedLaunchTime"u8, IntendedLaunchTimeUnixMicros);
        writer.WriteNumber("deadline"u8, DeadlineUnixMicros);
        writer.WriteNumber("sentTime"u8, SentTimeUnixMicros);
        writer.WriteNumber("outcomeTime"u8, OutcomeTimeUnixMicros);
        writer.WriteStartArray("holds"u8);
        RecordNames.WriteHolds(writer, Holds);
        writer.WriteEndArray();
        writer.WriteNumber("holdMicros"u8, HoldMicros);
        writer.WriteNumber("intendedHoldMicros"u8, IntendedHoldMicros);
        writer.WriteNumber("quantity"u8, QuantityRequested);
        writer.WriteNumber("sentQuantity"u8, QuantitySent);
        writer.WriteNumber("trimmedQuantity"u8, QuantityTrimmed);
        writer.WriteNumber("catchUpCappedQuantity"u8, QuantityCatchUpCapped);
        if (LimitPrice is { } limit)
            writer.WriteNumber("limitPrice"u8, limit);
        else
            writer.WriteNull("limitPrice"u8);
        writer.WriteNumber("jitterMicros"u8, JitterMicros);
        writer.WriteString("session"u8, SessionName);
        writer.WriteNumber("gateRetries"u8, GateRetries);
        writer.WriteString("outcome"u8, RecordNames.Of(Outcome));
        if (Outcome == GateOutcomeKind.Refused)
            writer.WriteString("refusal"u8, RecordNames.Of(Refusal));
        else
            writer.WriteNull("refusal"u8);
        if (Shadow)
        {
            writer.WriteNumber("wouldSentQuantity"u8, WouldQuantity);
            writer.WriteNumber("wouldJitterMicros"u8, WouldJitterMicros);
            writer.WriteBoolean("wouldContain"u8, WouldContain);
            writer.WriteBoolean("wouldRequireApproval"u8, WouldRequireApproval);
        }
        else
        {
            writer.WriteNull("wouldSentQuantity"u8);
            writer.WriteNull("wouldJitterMicros"u8);
            writer.WriteNull("wouldContain"u8);
            writer.WriteNull("wouldRequireApproval"u8);
        }
    }
}
