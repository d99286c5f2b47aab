using System.Collections.Concurrent;
using PortStress.Execution;
using PortStress.Execution.Interception;
using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Dictionary;
using PortStress.Gateway.Routing;
using PortStress.Testing;

namespace PortStress.Gateway.Tests.Routing;

/// <summary>
/// An upstream order manager, the router and a venue, all real FIX sessions over loopback. The gate is played by
/// <see cref="ScriptedGate"/> (the router is under test here), which sends through the real venue session.
/// </summary>
internal sealed class RouterHarness : IAsyncDisposable
{
    internal static readonly Lazy<DataDictionary> Fix44 = new(() => DataDictionary.Load(SharedMaterial.InRepository("fixspec", "FIX44.xml")));
    private readonly FixAcceptor _venueAcceptor;
    private readonly FixAcceptor _upstreamAcceptor;
    private readonly Session _gatewayUpstream;
    private FixInitiator? _venueLink;
    private FixInitiator? _upstreamLink;

    private RouterHarness(string journal, bool venueFills, ReplacePolicy? replacePolicy, int finishedOrdersKept, int clOrdIdsInMemory)
    {
        Venue = new VenueApplication { Fills = venueFills };
        var venueSession = new Session(Settings("VENUE", "GW", ConnectionType.Acceptor), Venue, new MemoryStore(), Fix44.Value);
        Venue.Session = venueSession;
        _venueAcceptor = new FixAcceptor([venueSession], new AcceptorOptions());

        var venueAnswers = new VenueAnswers();
        var gatewayVenue = new Session(Settings("GW", "VENUE", ConnectionType.Initiator), venueAnswers, new MemoryStore(), Fix44.Value);
        VenueSession = new FixVenueSession("XNAS", gatewayVenue);
        Gate = new ScriptedGate(VenueSession);

        var upstreamApplication = new ApplicationHolder();
        _gatewayUpstream = new Session(Settings("GW", "OMS", ConnectionType.Acceptor), upstreamApplication, new MemoryStore(), Fix44.Value);
        Outbox = new UpstreamOutbox(id => id == _gatewayUpstream.Id ? _gatewayUpstream : null);
        var routes = new RouteTable(new RoutingOptions { DefaultVenue = "XNAS", Destinations = { ["N"] = "XNAS" } }, ["XNAS"]);
        Router = new OrderRouter(Gate, Gate, routes, new RoutingOptions { FinishedOrdersKept = finishedOrdersKept, ClOrdIdsInMemory = clOrdIdsInMemory, ExpectedClOrdIdsPerDay = 10_000 },
            journal, Outbox, (venue, _) => venue == "XNAS" ? gatewayVenue : null,
            replacePolicy: replacePolicy);
        venueAnswers.Router = Router;
        upstreamApplication.Inner = new UpstreamApplication(Router, Outbox);
        _upstreamAcceptor = new FixAcceptor([_gatewayUpstream], new AcceptorOptions());

        Oms = new OmsApplication();
        OmsSession = new Session(Settings("OMS", "GW", ConnectionType.Initiator), Oms, new MemoryStore(), Fix44.Value);
    }

    /// <summary>The upstream session as the gateway names it.</summary>
    public static SessionId UpstreamId { get; } = new("FIX.4.4", "GW", "OMS");

    public VenueApplication Venue { get; }

    public FixVenueSession VenueSession { get; }

    public ScriptedGate Gate { get; }

    public UpstreamOutbox Outbox { get; }

    public OrderRouter Router { get; }

    public OmsApplication Oms { get; }

    public Session OmsSession { get; }

    public static async Task<RouterHarness> StartAsync(
        string journal, bool venueFills = true, ReplacePolicy? replacePolicy = null, int finishedOrdersKept = 20_000, int clOrdIdsInMemory = 4_096)
    {
        var h = new RouterHarness(journal, venueFills, replacePolicy, finishedOrdersKept, clOrdIdsInMemory);
        await h._venueAcceptor.StartAsync();
        await h._upstreamAcceptor.StartAsync();
        h._venueLink = new FixInitiator([new InitiatorSessionOptions
        {
            Session = h.VenueSession.Session, Targets = [new ConnectTarget("127.0.0.1", h._venueAcceptor.LocalEndPoint.Port)],
        }]);
        h._upstreamLink = new FixInitiator([new InitiatorSessionOptions
        {
            Session = h.OmsSession, Targets = [new ConnectTarget("127.0.0.1", h._upstreamAcceptor.LocalEndPoint.Port)],
        }]);
        await h._venueLink.StartAsync();
        await h._upstreamLink.StartAsync();
        await Eventually.WaitFor(() => h.VenueSession.IsLoggedOn && h.OmsSession.IsLoggedOn && h._gatewayUpstream.IsLoggedOn, "all sessions logged on");
        return h;
    }

    public void SendUpstream(string clOrdId, decimal quantity = 100, string symbol = "MSFT", decimal? price = 10.5m, string? exDestination = null) =>
        OmsSession.Send(UpstreamMessages.Order(clOrdId, quantity, price, symbol, exDestination)).Should().Be(SendOutcome.Sent);

    public void CancelUpstream(string clOrdId, string origClOrdId) =>
        OmsSession.Send(UpstreamMessages.Cancel(clOrdId, origClOrdId, 100)).Should().Be(SendOutcome.Sent);

    public void ReplaceUpstream(string clOrdId, string origClOrdId, decimal quantity, decimal? price = 10.5m) =>
        OmsSession.Send(UpstreamMessages.Replace(clOrdId, origClOrdId, quantity, price)).Should().Be(SendOutcome.Sent);

    public async ValueTask DisposeAsync()
    {
        await Outbox.DisposeAsync();
        if (_upstreamLink is not null)
        {
            await _upstreamLink.DisposeAsync();
        }

        if (_venueLink is not null)
        {
            await _venueLink.DisposeAsync();
        }

        await _upstreamAcceptor.DisposeAsync();
        await _venueAcceptor.DisposeAsync();
        Router.Dispose();
    }

    internal static SessionSettings Settings(string sender, string target, ConnectionType type) => new()
    {
        SessionId = new SessionId("FIX.4.4", sender, target),
        ConnectionType = type,
        HeartBtInt = TimeSpan.FromSeconds(30),
    };

    /// <summary>The upstream session's application, set once the router exists.</summary>
    private sealed class ApplicationHolder : IApplication
    {
        public IApplication? Inner { get; set; }

        public void OnCreate(SessionId sessionId) => Inner?.OnCreate(sessionId);

        public void OnLogon(SessionId sessionId) => Inner?.OnLogon(sessionId);

        public void OnLogout(SessionId sessionId) => Inner?.OnLogout(sessionId);

        public void ToAdmin(FixMessage message, SessionId sessionId) => Inner?.ToAdmin(message, sessionId);

        public void FromAdmin(FixMessage message, SessionId sessionId) => Inner?.FromAdmin(message, sessionId);

        public void ToApp(FixMessage message, SessionId sessionId) => Inner?.ToApp(message, sessionId);

        public void FromApp(FixMessage message, SessionId sessionId) => Inner?.FromApp(message, sessionId);
    }

    /// <summary>The gateway's venue session: answers reach the router once it exists.</summary>
    private sealed class VenueAnswers : ApplicationBase
    {
        public OrderRouter? Router { get; set; }

        public override void FromApp(FixMessage message, SessionId sessionId) => Router?.OnVenueMessage(message, sessionId);
    }
}

/// <summary>Plays the gate: sends through the venue session, trimming, refusing or holding as told; records the venue events it is given.</summary>
internal sealed class ScriptedGate(IVenueSession venue) : IChildOrderSubmitter, IOrderEventSink
{
    private readonly ConcurrentQueue<(ChildOrderIntent Intent, IChildOrderListener? Listener)> _held = new();

    public decimal TrimFraction { get; set; }

    public bool Refuse { get; set; }

    public bool Hold { get; set; }

    public ConcurrentQueue<string> Events { get; } = new();

    public void Submit(ChildOrderIntent intent, IChildOrderListener? listener)
    {
        if (Refuse)
        {
            listener?.OnOutcome(new GateOutcome(intent, GateOutcomeKind.Refused, RefusalReason.ContainmentFull, 0, 0, 0, null));
            return;
        }

        if (Hold)
        {
            _held.Enqueue((intent, listener));
            return;
        }

        Send(intent, listener, GateOutcomeKind.Sent);
    }

    public void ReleaseHeld()
    {
        while (_held.TryDequeue(out var held))
        {
            Send(held.Intent, held.Listener, GateOutcomeKind.HeldThenSent);
        }
    }

    public void OnAcknowledged(long orderId, long timestamp) => Events.Enqueue($"ack {orderId}");

    public void OnRejected(long orderId, string reason, long timestamp) => Events.Enqueue($"reject {orderId}");

    public void OnFilled(long orderId, decimal quantity, decimal price, long timestamp) => Events.Enqueue($"fill {orderId}");

    public void OnDone(long orderId, decimal leavesQuantity, long timestamp) => Events.Enqueue($"done {orderId}");

    private void Send(ChildOrderIntent intent, IChildOrderListener? listener, GateOutcomeKind kind)
    {
        var trimmed = Math.Floor(intent.Quantity * TrimFraction);
        var quantity = intent.Quantity - trimmed;
        // The outcome is reported before the send so it precedes the venue's answer, as the real gate does.
        listener?.OnOutcome(new GateOutcome(intent, kind, RefusalReason.None, quantity, trimmed, 1, venue.Name));
        venue.Send(intent, quantity).Should().Be(SendResult.Sent);
    }
}

/// <summary>The venue: acknowledges every order, fills it in full unless told not to, cancels on request, replaces unless told to reject.</summary>
internal sealed class VenueApplication : ApplicationBase
{
    public Session? Session { get; set; }

    public bool Fills { get; init; } = true;

    public bool RejectReplaces { get; set; }

    public bool RejectReplacesWithReport { get; set; }

    public ConcurrentQueue<string> Received { get; } = new();

    public override void FromApp(FixMessage message, SessionId sessionId)
    {
        Received.Enqueue(message.ToString());
        var body = message.Body;
        var type = message.MsgType;
        if (type == "D")
        {
            var quantity = body.GetDecimal(Tags.OrderQty);
            var price = body.TryGetDecimal(Tags.Price, out var p) ? p : 10m;
            Session!.Send(Report(body.GetString(Tags.ClOrdID)!, null, '0', '0', quantity, 0, null, null));
            if (Fills)
            {
                Session.Send(Report(body.GetString(Tags.ClOrdID)!, null, 'F', '2', quantity, quantity, quantity, price));
            }
        }
        else if (type == "F")
        {
            Session!.Send(Report(body.GetString(Tags.ClOrdID)!, body.GetString(Tags.OrigClOrdID), '4', '4', body.GetDecimal(Tags.OrderQty), 0, null, null));
        }
        else if (type == "G" && RejectReplacesWithReport)
        {
            var report = Report(body.GetString(Tags.ClOrdID)!, body.GetString(Tags.OrigClOrdID), '8', '8', body.GetDecimal(Tags.OrderQty), 0, null, null);
            report.Body.Set(Tags.Text, "replace not allowed");
            Session!.Send(report);
        }
        else if (type == "G" && RejectReplaces)
        {
            var reject = new FixMessage();
            reject.Header.Set(Tags.MsgType, "9");
            reject.Body.Set(Tags.OrderID, "V-1");
            reject.Body.Set(Tags.ClOrdID, body.GetString(Tags.ClOrdID)!);
            reject.Body.Set(Tags.OrigClOrdID, body.GetString(Tags.OrigClOrdID)!);
            reject.Body.Set(Tags.OrdStatus, '0');
            reject.Body.Set(434, '2');
            reject.Body.Set(102, 2L);
            reject.Body.Set(Tags.Text, "venue says no");
            Session!.Send(reject);
        }
        else if (type == "G")
        {
            Session!.Send(Report(body.GetString(Tags.ClOrdID)!, body.GetString(Tags.OrigClOrdID), '5', '0', body.GetDecimal(Tags.OrderQty), 0, null, null));
        }
    }

    internal static FixMessage Report(string clOrdId, string? orig, char execType, char status, decimal quantity, decimal cumulative, decimal? lastQty, decimal? lastPx)
    {
        var report = new FixMessage();
        report.Header.Set(Tags.MsgType, "8");
        report.Body.Set(Tags.OrderID, "V-" + (orig ?? clOrdId));
        report.Body.Set(Tags.ExecID, Guid.NewGuid().ToString("N"));
        report.Body.Set(Tags.ClOrdID, clOrdId);
        if (orig is not null)
        {
            report.Body.Set(Tags.OrigClOrdID, orig);
        }

        report.Body.Set(Tags.ExecType, execType);
        report.Body.Set(Tags.OrdStatus, status);
        report.Body.Set(Tags.Symbol, "MSFT");
        report.Body.Set(Tags.Side, '1');
        report.Body.Set(Tags.OrderQty, quantity);
        report.Body.Set(Tags.LeavesQty, status is '2' or '4' ? 0 : quantity - cumulative);
        report.Body.Set(Tags.CumQty, cumulative);
        report.Body.Set(Tags.AvgPx, lastPx ?? 0);
        if (lastQty is { } q)
        {
            report.Body.Set(Tags.LastQty, q);
            report.Body.Set(Tags.LastPx, lastPx!.Value);
        }

        return report;
    }
}

/// <summary>The upstream order manager: keeps every report it gets.</summary>
internal sealed class OmsApplication : ApplicationBase
{
    public ConcurrentQueue<string> Reports { get; } = new();

    public override void FromApp(FixMessage message, SessionId sessionId) => Reports.Enqueue(message.ToString());

    public List<string> For(string clOrdId) => Reports.Where(r => r.Contains($"|11={clOrdId}|", StringComparison.Ordinal)).ToList();
}
