using System.Collections.Concurrent;
using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Dictionary;
using PortStress.Testing;

namespace PortStress.Gateway.Tests.Hosting;

/// <summary>An upstream order manager: our own engine's initiator (FIX.4.4 OMS->GW), reconnecting quickly; keeps every report by ClOrdID.</summary>
internal sealed class UpstreamClient : ApplicationBase, IAsyncDisposable
{
    private static readonly Lazy<DataDictionary> Fix44 = new(() => DataDictionary.Load(SharedMaterial.InRepository("fixspec", "FIX44.xml")));
    private readonly FixInitiator _initiator;
    private int _logouts;
    private int _logons;

    private UpstreamClient(int port)
    {
        Session = new Session(new SessionSettings
        {
            SessionId = new SessionId("FIX.4.4", "OMS", "GW"),
            ConnectionType = ConnectionType.Initiator,
            HeartBtInt = TimeSpan.FromSeconds(30),
        }, this, new MemoryStore(), Fix44.Value);
        _initiator = new FixInitiator([new InitiatorSessionOptions
        {
            Session = Session,
            Targets = [new ConnectTarget("127.0.0.1", port)],
            Reconnect = new ReconnectPolicy { Base = TimeSpan.FromMilliseconds(50), Cap = TimeSpan.FromMilliseconds(300) },
        }]);
    }

    public Session Session { get; }

    public ConcurrentQueue<string> Reports { get; } = new();

    public int Logouts => Volatile.Read(ref _logouts);

    public int Logons => Volatile.Read(ref _logons);

    /// <summary>A client connected to <paramref name="port"/> and logged on (disposed again if it does not log on).</summary>
    public static async Task<UpstreamClient> ConnectAsync(int port)
    {
        var client = new UpstreamClient(port);
        try
        {
            await client._initiator.StartAsync();
            await Eventually.WaitFor(() => client.Session.IsLoggedOn, "the upstream session logged on", 15_000);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public void Send(FixMessage message) => Session.Send(message).Should().Be(SendOutcome.Sent);

    /// <summary>The reports for <paramref name="clOrdId"/>, oldest first.</summary>
    public List<string> For(string clOrdId) => Reports.Where(r => r.Contains($"|11={clOrdId}|", StringComparison.Ordinal)).ToList();

    public override void OnLogon(SessionId sessionId) => Interlocked.Increment(ref _logons);

    public override void OnLogout(SessionId sessionId) => Interlocked.Increment(ref _logouts);

    public override void FromApp(FixMessage message, SessionId sessionId) => Reports.Enqueue(message.ToString());

    public ValueTask DisposeAsync() => _initiator.DisposeAsync();
}
