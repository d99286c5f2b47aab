namespace PortStress.Control.Policy;

/// <summary>
/// What one state asks of outbound child orders, as configuration (bound from settings, then frozen into an
/// <see cref="ExecutionParameters"/> by <see cref="ControlPolicy"/>). Each property mirrors the one of
/// <see cref="ExecutionParameters"/> with the same name.
/// </summary>
public sealed class StatePolicyOptions
{
    /// <summary>Fraction of each clip removed before sending, 0 to less than 1.</summary>
    public double ClipTrim { get; set; }

    /// <summary>Upper bound of the uniform launch jitter U(0, max).</summary>
    public TimeSpan LaunchJitterMax { get; set; }

    /// <summary>Catch-up orders are limited to this multiple of the schedule rate (at least 1); null for no cap.</summary>
    public double? CatchUpCap { get; set; }

    /// <summary>Multiplier on the retry budget's refill per success, in (0, 1].</summary>
    public double RetryRefillScale { get; set; } = 1;

    /// <summary>Ask connection owners to keep connections pooled and alive.</summary>
    public bool KeepConnectionsPooled { get; set; }

    /// <summary>Prefer long-lived, recently healthy sessions.</summary>
    public bool PreferWarmSessions { get; set; }

    /// <summary>How many new-session attempts may run at once (0 or more); null for no cap.</summary>
    public int? MaxConcurrentNewSessions { get; set; }

    /// <summary>Non-urgent intents wait in the containment queue.</summary>
    public bool ContainNonUrgent { get; set; }

    /// <summary>Optional reconnection churn is frozen.</summary>
    public bool FreezeOptionalReconnects { get; set; }

    /// <summary>Urgency overrides need manual approval.</summary>
    public bool RequireApprovalForOverrides { get; set; }

    /// <summary>Entering the state raises an incident.</summary>
    public bool RaiseIncident { get; set; }

    /// <summary>The frozen parameters.</summary>
    public ExecutionParameters ToParameters() => new()
    {
        ClipTrim = ClipTrim,
        LaunchJitterMax = LaunchJitterMax,
        CatchUpCap = CatchUpCap,
        RetryRefillScale = RetryRefillScale,
        KeepConnectionsPooled = KeepConnectionsPooled,
        PreferWarmSessions = PreferWarmSessions,
        MaxConcurrentNewSessions = MaxConcurrentNewSessions,
        ContainNonUrgent = ContainNonUrgent,
        FreezeOptionalReconnects = FreezeOptionalReconnects,
        RequireApprovalForOverrides = RequireApprovalForOverrides,
        RaiseIncident = RaiseIncident,
    };
}
