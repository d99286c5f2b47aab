using System.Collections.Concurrent;
using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Fix.Engine.Tests.Sessions;

/// <summary>An in-memory connection: keeps what the session sends (as text) and reports disconnects back to it at once.</summary>
internal sealed class CapturingConnection : ISessionConnection
{
    private Session? _session;

    public ConcurrentQueue<string> Sent { get; } = new();

    public string? DisconnectReason { get; private set; }

    public long PendingBytes { get; set; }

    public string RemoteEndPoint => "memory";

    public void Attach(Session session)
    {
        _session = session;
        session.OnConnected(this).Should().BeTrue();
    }

    public void Send(ReadOnlySpan<byte> frame) => Sent.Enqueue(FixText.ToText(frame));

    public void Disconnect(string reason)
    {
        DisconnectReason ??= reason;
        _session?.OnDisconnected(this, DisconnectInitiator.Local, reason);
    }

    /// <summary>Everything sent so far, then cleared.</summary>
    public List<string> Take()
    {
        var all = new List<string>();
        while (Sent.TryDequeue(out var m))
        {
            all.Add(m);
        }

        return all;
    }
}
