namespace PortStress.Control;

/// <summary>
/// What one state asks of outbound child orders. Immutable; the policy builds one per state and the gate reads
/// it through <see cref="ControlSnapshot.Parameters"/>. <see cref="Standard"/> is GREEN's (no action).
/// </summary>
public sealed record ExecutionParameters
{
    /// <summary>The parameters that change nothing (GREEN, and what shadow mode applies).</summary>
    public static ExecutionParameters Standard { get; } = new();

    /// <summary>Fraction of each clip removed before sending, 0 to less than 1 (0.10 trims 10%).</summary>
    public double ClipTrim { get; init; }

    /// <summary>Upper bound of the uniform launch jitter U(0, max); <see cref="TimeSpan.Zero"/> for none.</summary>
    public TimeSpan LaunchJitterMax { get; init; }

    /// <summary>Catch-up orders are limited to this multiple of the schedule rate; null for no cap.</summary>
    public double? CatchUpCap { get; init; }

    /// <summary>Multiplier on the retry budget's refill per success (1 = normal, 0.5 = halved).</summary>
    public double RetryRefillScale { get; init; } = 1;

    /// <summary>Ask connection owners to keep connections pooled and alive rather than opening new ones.</summary>
    public bool KeepConnectionsPooled { get; init; }

    /// <summary>Choose among a venue's sessions by health, preferring long-lived, recently healthy ones.</summary>
    public bool PreferWarmSessions { get; init; }

    /// <summary>How many new-session attempts may run at once; null for no cap.</summary>
    public int? MaxConcurrentNewSessions { get; init; }

    /// <summary>Non-urgent intents wait in the containment queue instead of going out.</summary>
    public bool ContainNonUrgent { get; init; }

    /// <summary>Optional reconnection churn (reconnects that no order needs right now) is frozen.</summary>
    public bool FreezeOptionalReconnects { get; init; }

    /// <summary>An urgency override needs a manual approval before it is sent.</summary>
    public bool RequireApprovalForOverrides { get; init; }

    /// <summary>Entering this state raises an incident (logged at error level and exported).</summary>
    public bool RaiseIncident { get; init; }
}
