using PortStress.Fix.Engine;

namespace PortStress.Gateway.Hosting;

/// <summary>One venue file (<c>venues/NAME.json</c>): the venue's name and its initiator sessions, in the engine's session options shape.</summary>
public sealed class VenueFileOptions
{
    /// <summary>The venue's name, as routing and the gate know it; the file name without <c>.json</c> when unset.</summary>
    public string? Venue { get; set; }

    /// <summary>The venue's initiator sessions (<c>ConnectionType</c> defaults to <c>initiator</c>), each with its failover hosts.</summary>
    public IList<FixSessionOptions> Sessions { get; } = new List<FixSessionOptions>();
}
