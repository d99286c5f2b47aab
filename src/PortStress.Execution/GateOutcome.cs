namespace PortStress.Execution;

/// <summary>How a child order's passage through the gate ended.</summary>
public enum GateOutcomeKind : byte
{
    /// <summary>Sent on arrival.</summary>
    Sent = 1,

    /// <summary>Held (jitter, pacing, containment, approval, retry backoff), then sent.</summary>
    HeldThenSent = 2,

    /// <summary>Not sent; <see cref="GateOutcome.Refusal"/> says why.</summary>
    Refused = 3,
}

/// <summary>Why the gate refused an order.</summary>
public enum RefusalReason : byte
{
    /// <summary>Not refused.</summary>
    None = 0,

    /// <summary>The intent was malformed (non-positive quantity, unknown venue, duplicate order id...).</summary>
    InvalidIntent,

    /// <summary>The trimmed quantity fell below the minimum quantity.</summary>
    BelowMinimumQuantity,

    /// <summary>The catch-up cap left nothing to send.</summary>
    CatchUpCapped,

    /// <summary>The destination's retry budget is below half.</summary>
    RetryBudgetExhausted,

    /// <summary>The containment queue was full.</summary>
    ContainmentFull,

    /// <summary>The order waited in containment longer than the maximum hold time.</summary>
    ContainmentTimeout,

    /// <summary>An urgency override was denied by an approver.</summary>
    ApprovalDenied,

    /// <summary>No approval arrived in time.</summary>
    ApprovalTimeout,

    /// <summary>No session to the venue is logged on and retries are spent.</summary>
    NoSession,

    /// <summary>The deadline passed before the order could go out.</summary>
    DeadlinePassed,

    /// <summary>The gate is shutting down.</summary>
    ShuttingDown,
}

/// <summary>
/// The one terminal outcome of a child order. <see cref="SentQuantity"/> + <see cref="TrimmedQuantity"/> equals the
/// intent's quantity when sent; a refusal returns the whole quantity (<see cref="SentQuantity"/> is 0).
/// </summary>
/// <param name="Intent">The intent.</param>
/// <param name="Kind">Sent, held then sent, or refused.</param>
/// <param name="Refusal">Why it was refused, or <see cref="RefusalReason.None"/>.</param>
/// <param name="SentQuantity">The quantity sent (after trim).</param>
/// <param name="TrimmedQuantity">The quantity removed by the trim or the catch-up cap, to go back to the parent.</param>
/// <param name="SentTimestamp">When it was sent; 0 when refused.</param>
/// <param name="SessionName">The session it went out on; null when refused.</param>
public readonly record struct GateOutcome(
    ChildOrderIntent Intent, GateOutcomeKind Kind, RefusalReason Refusal, decimal SentQuantity, decimal TrimmedQuantity,
    long SentTimestamp, string? SessionName);
