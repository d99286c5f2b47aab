using PortStress.Fix.Protocol;

namespace PortStress.Fix.Engine.Transport;

/// <summary>Forwards a connection's frames to its session once the session is known.</summary>
internal sealed class SessionFrameHandler(Session session, Action<StreamConnection>? closed = null) : IFrameHandler
{
    public void OnFrame(StreamConnection connection, ReadOnlySpan<byte> frame) => session.OnFrame(connection, frame);

    public void OnGarbled(StreamConnection connection, ScanResult rejected) => session.OnGarbled(rejected.Describe());

    public void OnClosed(StreamConnection connection, DisconnectInitiator initiator, string reason)
    {
        session.OnDisconnected(connection, initiator, reason);
        closed?.Invoke(connection);
    }
}
