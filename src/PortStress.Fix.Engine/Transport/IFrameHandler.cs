using PortStress.Fix.Protocol;

namespace PortStress.Fix.Engine.Transport;

/// <summary>Receives what a <see cref="StreamConnection"/> reads: frames, rejected bytes, and the end.</summary>
internal interface IFrameHandler
{
    void OnFrame(StreamConnection connection, ReadOnlySpan<byte> frame);

    void OnGarbled(StreamConnection connection, ScanResult rejected);

    void OnClosed(StreamConnection connection, DisconnectInitiator initiator, string reason);
}
