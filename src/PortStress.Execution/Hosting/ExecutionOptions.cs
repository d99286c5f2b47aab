namespace PortStress.Execution.Hosting;

/// <summary>How the engine's initiator sessions map onto the gate's venues.</summary>
public sealed class ExecutionOptions
{
    /// <summary>The configuration section: <c>PortStress:Execution</c>.</summary>
    public const string SectionName = "PortStress:Execution";

    /// <summary>
    /// Venue per initiator session, keyed by the session id text (<c>FIX.4.4:GW-&gt;XNAS</c>). A session not listed
    /// serves the venue named by its TargetCompID.
    /// </summary>
    public Dictionary<string, string> SessionVenues { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The venue an initiator session serves.</summary>
    /// <param name="sessionId">The session id text.</param>
    /// <param name="targetCompId">The session's TargetCompID.</param>
    public string VenueOf(string sessionId, string targetCompId) =>
        SessionVenues.TryGetValue(sessionId, out var venue) ? venue : targetCompId;
}
