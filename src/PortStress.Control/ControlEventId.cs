namespace PortStress.Control;

/// <summary>
/// Event ids of the control log, in ranges by area: 2000 state transitions, 2100 the loop, 2200 hosting.
/// (The engine uses 1000..1499.)
/// </summary>
public static class ControlEventId
{
    /// <summary>The state went up (escalation; may skip levels).</summary>
    public const int StateEscalated = 2000;

    /// <summary>The state stepped down one level after its minimum dwell.</summary>
    public const int StateRelaxed = 2001;

    /// <summary>A state whose parameters raise an incident was entered.</summary>
    public const int IncidentRaised = 2002;

    /// <summary>Shadow mode was switched at run time (admin API); the next snapshot applies it.</summary>
    public const int ShadowSwitched = 2003;

    /// <summary>A control tick threw; the previous snapshot stays in force.</summary>
    public const int TickFailed = 2100;

    /// <summary>The control loop started.</summary>
    public const int LoopStarted = 2101;

    /// <summary>The control loop stopped.</summary>
    public const int LoopStopped = 2102;

    /// <summary>A tick or transition record was refused by its sink (full or closed).</summary>
    public const int RecordDropped = 2103;

    /// <summary>The OS socket sampler is unavailable; PPR and TWR stay 0.</summary>
    public const int SamplerUnavailable = 2200;

    /// <summary>The OS socket sampler failed and stopped.</summary>
    public const int SamplerFailed = 2201;
}
