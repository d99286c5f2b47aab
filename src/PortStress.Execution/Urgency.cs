namespace PortStress.Execution;

/// <summary>How urgently a child order must go out. Containment holds only <see cref="Low"/> and <see cref="Normal"/>.</summary>
public enum Urgency : byte
{
    /// <summary>Can wait.</summary>
    Low = 0,

    /// <summary>The schedule's regular flow.</summary>
    Normal = 1,

    /// <summary>Behind schedule or near a deadline; not contained.</summary>
    High = 2,

    /// <summary>Must go now; never contained, never jittered past its deadline.</summary>
    Critical = 3,
}
