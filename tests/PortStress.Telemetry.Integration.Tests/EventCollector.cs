namespace PortStress.Telemetry.Integration.Tests;

/// <summary>A ring handler that keeps every drained event, for assertions.</summary>
internal struct EventCollector : ITransportEventHandler
{
    public List<TransportEvent> Events;

    public readonly void OnEvent(in TransportEvent transportEvent) => Events.Add(transportEvent);
}
