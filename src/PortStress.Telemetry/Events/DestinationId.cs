namespace PortStress.Telemetry;

/// <summary>
/// A small interned number for a destination (remote ip:port), handed out by <see cref="DestinationRegistry"/>.
/// Events carry this instead of an address so that recording one never allocates.
/// </summary>
/// <param name="Value">The index in the registry; 0 means "no destination" (events that are host-wide).</param>
public readonly record struct DestinationId(int Value)
{
    /// <summary>The id of events that belong to no destination.</summary>
    public static DestinationId None => default;
}
