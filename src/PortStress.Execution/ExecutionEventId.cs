namespace PortStress.Execution;

/// <summary>
/// Event ids of the execution assembly's log messages. Ranges: 5000–5099 the child-order gate (refusals, holds,
/// approvals, shutdown); 5100–5199 are left to the interceptor and the schedules.
/// </summary>
public static class ExecutionEventId
{
    /// <summary>The gate refused an order (debug).</summary>
    public const int OrderRefused = 5000;

    /// <summary>An order was put in containment (debug).</summary>
    public const int OrderContained = 5001;

    /// <summary>Contained orders were released because the state no longer contains (information).</summary>
    public const int ContainmentReleased = 5002;

    /// <summary>An urgency override waits for manual approval (warning: someone has to act).</summary>
    public const int ApprovalRequested = 5003;

    /// <summary>An approver approved an override (information).</summary>
    public const int ApprovalGranted = 5004;

    /// <summary>An approver denied an override (information).</summary>
    public const int ApprovalDenied = 5005;

    /// <summary>An approve or deny call carried an invalid credential (warning).</summary>
    public const int ApprovalCredentialInvalid = 5006;

    /// <summary>The gate scheduled its own retry of a failed send (debug).</summary>
    public const int RetryScheduled = 5007;

    /// <summary>The venue answered about an order id the gate does not track (debug).</summary>
    public const int UnknownOrderEvent = 5008;

    /// <summary>The gate is shutting down and refused the orders it held (information).</summary>
    public const int ShuttingDown = 5009;

    /// <summary>A session's Send threw; the gate treats it as a failed send (warning).</summary>
    public const int SessionSendThrew = 5010;

    /// <summary>A listener callback threw; the gate carries on (error).</summary>
    public const int ListenerThrew = 5011;
}
