using System.Collections.Concurrent;
using System.Net;
using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Dictionary;
using PortStress.Testing;

namespace PortStress.Fix.Faults.Tests;

/// <summary>An acceptor of ours (ISLD, serving TW and others) whose application records orders by MsgSeqNum.</summary>
internal sealed class RecordingAcceptor : IAsyncDisposable
{
    private readonly FixAcceptor _acceptor;

    private RecordingAcceptor(FixAcceptor acceptor, Dictionary<string, Session> sessions, Recorder recorder)
    {
        _acceptor = acceptor;
        Sessions = sessions;
        Recorder = recorder;
    }

    public static DataDictionary Fix44 { get; } = DataDictionary.Load(SharedMaterial.InRepository("fixspec", "FIX44.xml"));

    public Dictionary<string, Session> Sessions { get; }

    public Recorder Recorder { get; }

    public IPEndPoint EndPoint => _acceptor.LocalEndPoint;

    public static async Task<RecordingAcceptor> StartAsync(Func<SessionSettings, SessionSettings>? change = null, string sender = "ISLD", params string[] targets)
    {
        var recorder = new Recorder();
        var sessions = new Dictionary<string, Session>();
        foreach (var target in targets.Length == 0 ? ["TW"] : targets)
        {
            var settings = new SessionSettings { SessionId = new SessionId("FIX.4.4", sender, target), ConnectionType = ConnectionType.Acceptor };
            sessions[target] = new Session(change?.Invoke(settings) ?? settings, recorder, new MemoryStore(), Fix44);
        }

        var acceptor = new FixAcceptor(sessions.Values, new AcceptorOptions { LogonTimeout = TimeSpan.FromSeconds(2) });
        await acceptor.StartAsync();
        return new RecordingAcceptor(acceptor, sessions, recorder);
    }

    public ValueTask DisposeAsync() => _acceptor.DisposeAsync();
}

/// <summary>Records what the acceptor's sessions receive.</summary>
internal sealed class Recorder : ApplicationBase
{
    public ConcurrentQueue<(string Target, int Seq, string ClOrdId, bool PossDup)> Orders { get; } = new();

    public ConcurrentQueue<string> Events { get; } = new();

    public override void OnLogon(SessionId sessionId) => Events.Enqueue($"logon {sessionId.TargetCompId}");

    public override void OnLogout(SessionId sessionId) => Events.Enqueue($"logout {sessionId.TargetCompId}");

    public override void FromApp(FixMessage message, SessionId sessionId)
    {
        message.Header.TryGetInt32(Tags.MsgSeqNum, out var seq);
        var possDup = message.Header.TryGetBoolean(Tags.PossDupFlag, out var flag) && flag;
        Orders.Enqueue((sessionId.TargetCompId, seq, message.Body.GetString(Tags.ClOrdID) ?? "?", possDup));
    }
}

/// <summary>Bounded waits that fail with the reason.</summary>
internal static class Wait
{
    public static async Task For(Func<bool> condition, string what, int timeoutMs = 15_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"timed out waiting for: {what}");
            }

            await Task.Delay(10);
        }
    }
}
