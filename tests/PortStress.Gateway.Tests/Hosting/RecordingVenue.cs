using System.Collections.Concurrent;
using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Dictionary;
using PortStress.Gateway.Tests.Routing;
using PortStress.Testing;

namespace PortStress.Gateway.Tests.Hosting;

/// <summary>
/// A venue in the test process that records every NewOrderSingle it receives by ClOrdID and fills each new one at
/// once (ack then fill). Its sessions (VENUE->GW, VENUE->GW2) keep their memory stores across the gateway's restarts,
/// so they ask for what they missed. A NewOrderSingle resent with PossDupFlag for a ClOrdID already seen is the same
/// order again (recorded, not filled twice); any other one is a new order.
/// </summary>
internal sealed class RecordingVenue : ApplicationBase, IAsyncDisposable
{
    private static readonly Lazy<DataDictionary> Fix44 = new(() => DataDictionary.Load(SharedMaterial.InRepository("fixspec", "FIX44.xml")));
    private readonly Dictionary<SessionId, Session> _sessions = [];
    private readonly FixAcceptor _acceptor;

    public RecordingVenue()
    {
        foreach (var target in new[] { "GW", "GW2" })
        {
            var session = new Session(new SessionSettings
            {
                SessionId = new SessionId("FIX.4.4", "VENUE", target),
                ConnectionType = ConnectionType.Acceptor,
                HeartBtInt = TimeSpan.FromSeconds(30),
            }, this, new MemoryStore(), Fix44.Value);
            _sessions.Add(session.Id, session);
        }

        _acceptor = new FixAcceptor([.. _sessions.Values], new AcceptorOptions());
    }

    public int Port => _acceptor.LocalEndPoint.Port;

    /// <summary>Per ClOrdID: how many times it arrived as a new order (not a PossDup resend of one already seen).</summary>
    public ConcurrentDictionary<string, int> NewOrders { get; } = new(StringComparer.Ordinal);

    /// <summary>PossDup resends of orders already seen.</summary>
    public int PossDupResends => Volatile.Read(ref _possDupResends);

    private int _possDupResends;

    public Task StartAsync() => _acceptor.StartAsync();

    public override void FromApp(FixMessage message, SessionId sessionId)
    {
        if (message.MsgType != "D")
        {
            return;
        }

        var body = message.Body;
        var clOrdId = body.GetString(Tags.ClOrdID)!;
        var possDup = message.Header.TryGetBoolean(Tags.PossDupFlag, out var flag) && flag;
        if (possDup && NewOrders.ContainsKey(clOrdId))
        {
            Interlocked.Increment(ref _possDupResends);
            return;
        }

        NewOrders.AddOrUpdate(clOrdId, 1, (_, n) => n + 1);
        var quantity = body.GetDecimal(Tags.OrderQty);
        var session = _sessions[sessionId];
        session.Send(VenueApplication.Report(clOrdId, null, '0', '0', quantity, 0, null, null));
        session.Send(VenueApplication.Report(clOrdId, null, 'F', '2', quantity, quantity, quantity, 20m));
    }

    public ValueTask DisposeAsync() => _acceptor.DisposeAsync();
}
