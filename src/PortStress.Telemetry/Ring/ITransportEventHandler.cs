namespace PortStress.Telemetry;

/// <summary>Receives drained events. Implement it on a struct to let the JIT inline the call in <see cref="TransportEventRing.Drain{THandler}"/>.</summary>
public interface ITransportEventHandler
{
    /// <summary>Handles one event. The reference is valid only during the call.</summary>
    /// <param name="transportEvent">The event.</param>
    void OnEvent(in TransportEvent transportEvent);
}
