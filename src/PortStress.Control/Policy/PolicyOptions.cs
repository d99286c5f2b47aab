using System.Globalization;

namespace PortStress.Control.Policy;

/// <summary>
/// The policy table: state → execution parameters. GREEN is always <see cref="ExecutionParameters.Standard"/>
/// (standard tactics). Defaults (DESIGN.md, States and actions):
/// <list type="bullet">
/// <item>YELLOW: trim 10%, jitter U(0, 50 ms), keep connections pooled.</item>
/// <item>ORANGE: trim 15%, jitter U(0, 150 ms), catch-up cap 1.5× the schedule rate, retry refill halved, prefer
///   warm sessions, one new-session attempt at a time, keep connections pooled.</item>
/// <item>RED: ORANGE's actions plus contain non-urgent flow, freeze optional reconnects, raise an incident, require
///   approval for urgency overrides. New-session attempts stay capped at 1, not 0: a session a venue needs must
///   still be able to come back, and optional churn is already frozen.</item>
/// </list>
/// </summary>
public sealed class PolicyOptions
{
    /// <summary>YELLOW PORT_PRESSURE_RISING.</summary>
    public StatePolicyOptions Yellow { get; set; } = new()
    {
        ClipTrim = 0.10,
        LaunchJitterMax = TimeSpan.FromMilliseconds(50),
        KeepConnectionsPooled = true,
    };

    /// <summary>ORANGE RETRY_BURST_ACTIVE.</summary>
    public StatePolicyOptions Orange { get; set; } = new()
    {
        ClipTrim = 0.15,
        LaunchJitterMax = TimeSpan.FromMilliseconds(150),
        CatchUpCap = 1.5,
        RetryRefillScale = 0.5,
        KeepConnectionsPooled = true,
        PreferWarmSessions = true,
        MaxConcurrentNewSessions = 1,
    };

    /// <summary>RED PORT_EXHAUSTION_TAX.</summary>
    public StatePolicyOptions Red { get; set; } = new()
    {
        ClipTrim = 0.15,
        LaunchJitterMax = TimeSpan.FromMilliseconds(150),
        CatchUpCap = 1.5,
        RetryRefillScale = 0.5,
        KeepConnectionsPooled = true,
        PreferWarmSessions = true,
        MaxConcurrentNewSessions = 1,
        ContainNonUrgent = true,
        FreezeOptionalReconnects = true,
        RaiseIncident = true,
        RequireApprovalForOverrides = true,
    };

    /// <summary>The options of a non-GREEN state.</summary>
    /// <param name="state">YELLOW, ORANGE or RED.</param>
    public StatePolicyOptions For(StressState state) => state switch
    {
        StressState.Yellow => Yellow,
        StressState.Orange => Orange,
        StressState.Red => Red,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "GREEN has no policy options: it is always the standard parameters."),
    };

    /// <summary>
    /// Checks every state's values and that a worse state is never gentler than a milder one in clip trim and
    /// launch jitter.
    /// </summary>
    /// <param name="prefix">Prepended to each key in the messages (e.g. <c>PortStress:Control:Policy:</c>).</param>
    /// <returns>One message per broken rule.</returns>
    public IEnumerable<string> Check(string prefix = "")
    {
        var errors = new List<string>();
        foreach (var state in new[] { StressState.Yellow, StressState.Orange, StressState.Red })
        {
            var name = prefix + state + ":";
            var o = For(state);
            if (o is null)
            {
                errors.Add($"{prefix}{state} is missing");
                continue;
            }
            if (!(o.ClipTrim >= 0 && o.ClipTrim < 1))
                errors.Add($"{name}ClipTrim must be at least 0 and below 1 (a fraction of the clip; got {F(o.ClipTrim)})");
            if (o.LaunchJitterMax < TimeSpan.Zero || o.LaunchJitterMax > TimeSpan.FromSeconds(10))
                errors.Add($"{name}LaunchJitterMax must be between 00:00:00 and 00:00:10 (got {o.LaunchJitterMax})");
            if (o.CatchUpCap is { } cap && !(cap >= 1 && double.IsFinite(cap)))
                errors.Add($"{name}CatchUpCap must be at least 1 (a multiple of the schedule rate) or empty for no cap (got {F(cap)})");
            if (!(o.RetryRefillScale > 0 && o.RetryRefillScale <= 1))
                errors.Add($"{name}RetryRefillScale must be above 0 and at most 1 (got {F(o.RetryRefillScale)})");
            if (o.MaxConcurrentNewSessions is < 0)
                errors.Add($"{name}MaxConcurrentNewSessions must be 0 or more, or empty for no cap (got {o.MaxConcurrentNewSessions})");
        }
        if (errors.Count > 0 || Yellow is null || Orange is null || Red is null)
            return errors;
        if (Orange.ClipTrim < Yellow.ClipTrim)
            errors.Add($"{prefix}Orange:ClipTrim ({F(Orange.ClipTrim)}) must not be below {prefix}Yellow:ClipTrim ({F(Yellow.ClipTrim)}): a worse state never trims less");
        if (Red.ClipTrim < Orange.ClipTrim)
            errors.Add($"{prefix}Red:ClipTrim ({F(Red.ClipTrim)}) must not be below {prefix}Orange:ClipTrim ({F(Orange.ClipTrim)}): a worse state never trims less");
        if (Orange.LaunchJitterMax < Yellow.LaunchJitterMax)
            errors.Add($"{prefix}Orange:LaunchJitterMax ({Orange.LaunchJitterMax}) must not be below {prefix}Yellow:LaunchJitterMax ({Yellow.LaunchJitterMax}): a worse state never jitters less");
        if (Red.LaunchJitterMax < Orange.LaunchJitterMax)
            errors.Add($"{prefix}Red:LaunchJitterMax ({Red.LaunchJitterMax}) must not be below {prefix}Orange:LaunchJitterMax ({Orange.LaunchJitterMax}): a worse state never jitters less");
        return errors;
    }

    private static string F(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
