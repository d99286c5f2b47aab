using System.ComponentModel.DataAnnotations;

namespace PortStress.Execution.Gate;

/// <summary>
/// Configuration of the <see cref="ChildOrderGate"/> (section <c>PortStress:Gate</c>). What the gate does to an order
/// comes from the control snapshot's <c>ExecutionParameters</c>; these options are the mechanics under them: lot sizes
/// and venue message rates, the retry budget, the containment queue, the approval timeout and credentials, the timer
/// wheel. See docs/gate.md.
/// </summary>
public sealed class GateOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "PortStress:Gate";

    /// <summary>Per-venue settings, keyed by venue name (case-sensitive). A venue without an entry uses the defaults.</summary>
    public Dictionary<string, VenueGateOptions> Venues { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Lot size for venues without their own: trims round down to a multiple of it. Default 1.</summary>
    [Range(typeof(decimal), "0.00000001", "79228162514264337593543950335")]
    public decimal DefaultLotSize { get; set; } = 1;

    /// <summary>Minimum order quantity for venues without their own; an intent below it is refused. Default 0 (none).</summary>
    [Range(typeof(decimal), "0", "79228162514264337593543950335")]
    public decimal DefaultMinimumQuantity { get; set; }

    /// <summary>Order messages per second a venue accepts, for venues without their own; 0 for no pacing. Default 0.</summary>
    [Range(0, 1_000_000)]
    public int DefaultMessagesPerSecond { get; set; }

    /// <summary>How many messages may go out back to back before pacing starts (token bucket size); 0 for one second's worth. Default 0.</summary>
    [Range(0, 1_000_000)]
    public int DefaultMessageBurst { get; set; }

    /// <summary>Granularity of the timer wheel that releases held orders. Default 1 ms.</summary>
    public TimeSpan TimerTick { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Slots of the timer wheel (a power of two); delays longer than slots × tick take more than one turn. Default 4096.</summary>
    [Range(16, 1 << 20)]
    public int WheelSlots { get; set; } = 4096;

    /// <summary>Orders the gate pre-allocates room for (held plus awaiting the venue's final answer). More still works but allocates. Default 8192.</summary>
    [Range(16, 1 << 22)]
    public int Capacity { get; set; } = 8192;

    /// <summary>Tokens of each venue's retry budget (it starts full; retries stop below half). Default 10.</summary>
    [Range(2, 1_000_000)]
    public int RetryBudgetTokens { get; set; } = 10;

    /// <summary>Tokens a success (an acknowledgement) returns to the budget, before the state's refill scale. Default 0.1.</summary>
    [Range(0.0, 1_000_000.0)]
    public double RetryRefillPerSuccess { get; set; } = 0.1;

    /// <summary>Base of the gate's own retry back-off: retry n waits U(0, min(<see cref="RetryMaxDelay"/>, base × 2^n)). Default 10 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Cap of the retry back-off. Default 1 s.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many times the gate itself retries one order whose send failed. Default 5.</summary>
    [Range(0, 1000)]
    public int MaxGateRetries { get; set; } = 5;

    /// <summary>How many orders the containment queue holds; more are refused <c>ContainmentFull</c>. Default 4096.</summary>
    [Range(1, 1 << 22)]
    public int ContainmentCapacity { get; set; } = 4096;

    /// <summary>The longest an order waits in containment before it is refused <c>ContainmentTimeout</c>. Default 30 s.</summary>
    public TimeSpan ContainmentMaxHold { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an urgency override waits for approval before it is refused <c>ApprovalTimeout</c>. Default 60 s.</summary>
    public TimeSpan ApprovalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Credentials an approver presents (compared in constant time). Empty means no approval can succeed, so overrides
    /// needing one are refused at the timeout. Keep them in a secret store, not in a checked-in file.
    /// </summary>
    public List<string> ApprovalCredentials { get; set; } = [];

    /// <summary>The burst window of the catch-up cap: a parent may send up to cap × rate × window of catch-up at once. Default 1 s.</summary>
    public TimeSpan CatchUpWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Session age at which the warm-session score stops rising. Default 60 s.</summary>
    public TimeSpan SessionWarmAge { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Half-life of a session's recent-failure count in the warm-session score. Default 30 s.</summary>
    public TimeSpan SessionFailureHalfLife { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Ack latency that costs a session as much score as one recent failure. Default 50 ms.</summary>
    public TimeSpan SessionAckLatencyReference { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Weight of the newest ack latency in a session's moving average (EWMA). Default 0.2.</summary>
    [Range(0.001, 1.0)]
    public double SessionAckLatencySmoothing { get; set; } = 0.2;

    /// <summary>Seed of the gate's random draws (jitter, back-off) for reproducible runs; null seeds from the system.</summary>
    public int? RandomSeed { get; set; }

    /// <summary>The lot size of <paramref name="venue"/>.</summary>
    /// <param name="venue">The venue.</param>
    public decimal LotSizeOf(string venue) =>
        Venues.TryGetValue(venue, out var v) && v.LotSize is { } lot ? lot : DefaultLotSize;

    /// <summary>The minimum quantity of <paramref name="venue"/>.</summary>
    /// <param name="venue">The venue.</param>
    public decimal MinimumQuantityOf(string venue) =>
        Venues.TryGetValue(venue, out var v) && v.MinimumQuantity is { } min ? min : DefaultMinimumQuantity;

    /// <summary>The message rate of <paramref name="venue"/> (0: unpaced).</summary>
    /// <param name="venue">The venue.</param>
    public int MessagesPerSecondOf(string venue) =>
        Venues.TryGetValue(venue, out var v) && v.MessagesPerSecond is { } rate ? rate : DefaultMessagesPerSecond;

    /// <summary>The message burst of <paramref name="venue"/> (0: one second's worth).</summary>
    /// <param name="venue">The venue.</param>
    public int MessageBurstOf(string venue) =>
        Venues.TryGetValue(venue, out var v) && v.MessageBurst is { } burst ? burst : DefaultMessageBurst;
}

/// <summary>One venue's settings; an unset value falls back to the gate-wide default.</summary>
public sealed class VenueGateOptions
{
    /// <summary>Lot size: trims round down to a multiple of it.</summary>
    public decimal? LotSize { get; set; }

    /// <summary>Minimum order quantity; an intent below it is refused <c>BelowMinimumQuantity</c>.</summary>
    public decimal? MinimumQuantity { get; set; }

    /// <summary>Order messages per second the venue accepts; 0 for no pacing.</summary>
    public int? MessagesPerSecond { get; set; }

    /// <summary>Messages that may go back to back before pacing starts; 0 for one second's worth.</summary>
    public int? MessageBurst { get; set; }
}
