namespace PortStress.Control;

/// <summary>The port-stress states, ordered by severity (a higher value is worse).</summary>
public enum StressState : byte
{
    /// <summary>SESSION_STABLE: standard tactics.</summary>
    Green = 0,

    /// <summary>PORT_PRESSURE_RISING: pooled connections, small clip trim, short launch jitter.</summary>
    Yellow = 1,

    /// <summary>RETRY_BURST_ACTIVE: larger trim and jitter, catch-up cap, retry budget, warm sessions.</summary>
    Orange = 2,

    /// <summary>PORT_EXHAUSTION_TAX: containment of non-urgent flow, frozen reconnect churn, approvals.</summary>
    Red = 3,
}
