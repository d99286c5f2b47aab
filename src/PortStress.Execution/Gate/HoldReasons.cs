namespace PortStress.Execution.Gate;

/// <summary>Why an order was held before it was sent (or refused); several can apply to one order.</summary>
[Flags]
public enum HoldReasons : byte
{
    /// <summary>Not held.</summary>
    None = 0,

    /// <summary>Launch jitter on the timer wheel.</summary>
    Jitter = 1,

    /// <summary>Waited for a venue message-rate permit.</summary>
    Pacing = 2,

    /// <summary>Waited in the containment queue.</summary>
    Containment = 4,

    /// <summary>Waited for a manual approval of its urgency override.</summary>
    Approval = 8,

    /// <summary>Waited to retry after a failed send.</summary>
    Retry = 16,
}
