using System.Collections.Concurrent;
using System.Diagnostics;
using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Dictionary;

namespace PortStress.Gateway.E2E.Tests;

/// <summary>One ExecutionReport the order manager received.</summary>
/// <param name="ExecType">ExecType (150).</param>
/// <param name="OrdStatus">OrdStatus (39).</param>
/// <param name="Text">Text (58), or null.</param>
/// <param name="Seconds">When it arrived, seconds since the order manager started.</param>
internal sealed record UpstreamReport(char ExecType, char OrdStatus, string? Text, double Seconds)
{
    /// <summary>An order status after which nothing more is owed: working at the venue (new, partially filled) or done (filled, cancelled, rejected).</summary>
    public bool IsFinal => OrdStatus is '0' or '1' or '2' or '4' or '8' or 'C';

    public override string ToString() => $"150={ExecType} 39={OrdStatus} at {Seconds:0.00} s{(Text is null ? string.Empty : $" ({Text})")}";
}

/// <summary>
/// The upstream order manager: the test process's own FIX.4.4 initiator (our engine), connected through the veth pair
/// to the gateway's upstream acceptor inside the namespace. It sends NewOrderSingles and keeps every ExecutionReport
/// per ClOrdID, and counts its own logons and logouts.
/// </summary>
internal sealed class UpstreamOrderManager : ApplicationBase, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, List<UpstreamReport>> _reports = new(StringComparer.Ordinal);
    private readonly List<string> _sent = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Session _session;
    private readonly FixInitiator _initiator;
    private int _logons;
    private int _logouts;

    public UpstreamOrderManager(string host, int port, string senderCompId, string targetCompId, DataDictionary dictionary)
    {
        var settings = new SessionSettings
        {
            SessionId = new SessionId("FIX.4.4", senderCompId, targetCompId),
            ConnectionType = ConnectionType.Initiator,
            HeartBtInt = TimeSpan.FromSeconds(30),
        };
        _session = new Session(settings, this, new MemoryStore(), dictionary);
        _initiator = new FixInitiator([new InitiatorSessionOptions
        {
            Session = _session,
            Targets = [new ConnectTarget(host, port)],
            Reconnect = new ReconnectPolicy { Base = TimeSpan.FromMilliseconds(200), Cap = TimeSpan.FromSeconds(1) },
        }]);
    }

    public bool IsLoggedOn => _session.IsLoggedOn;

    public int Logons => Volatile.Read(ref _logons);

    public int Logouts => Volatile.Read(ref _logouts);

    /// <summary>Seconds since the order manager was created.</summary>
    public double Now => _clock.Elapsed.TotalSeconds;

    /// <summary>The ClOrdIDs sent, in order.</summary>
    public IReadOnlyList<string> Sent
    {
        get
        {
            lock (_sent)
                return [.. _sent];
        }
    }

    public Task StartAsync() => _initiator.StartAsync();

    /// <summary>Sends a resting limit buy (far below the market, so the venue acknowledges it and it rests).</summary>
    /// <param name="clOrdId">ClOrdID (11).</param>
    /// <param name="urgency">The gateway's urgency tag (9701): 0 low, 1 normal, 2 high, 3 critical; null leaves it out.</param>
    public void SendOrder(string clOrdId, int? urgency = null)
    {
        var order = new FixMessage();
        order.Header.Set(Tags.MsgType, "D"u8);
        order.Body.Set(Tags.ClOrdID, clOrdId);
        order.Body.Set(Tags.HandlInst, '1');
        order.Body.Set(Tags.Symbol, "INTC");
        order.Body.Set(Tags.Side, '1');
        order.Body.SetTimestamp(Tags.TransactTime, DateTime.UtcNow);
        order.Body.Set(Tags.OrderQty, 100L);
        order.Body.Set(Tags.OrdType, '2');
        order.Body.Set(Tags.Price, 20.00m);
        if (urgency is { } u)
            order.Body.Set(9701, (long)u);
        _reports.TryAdd(clOrdId, []);
        lock (_sent)
            _sent.Add(clOrdId);
        var outcome = _session.Send(order);
        if (outcome != SendOutcome.Sent)
            throw new InvalidOperationException($"the order manager could not send {clOrdId}: {outcome}");
    }

    /// <summary>The reports received for <paramref name="clOrdId"/>, in arrival order.</summary>
    public IReadOnlyList<UpstreamReport> Reports(string clOrdId)
    {
        if (!_reports.TryGetValue(clOrdId, out var list))
            return [];
        lock (list)
            return [.. list];
    }

    /// <summary>The latest report for <paramref name="clOrdId"/>, or null.</summary>
    public UpstreamReport? Last(string clOrdId) => Reports(clOrdId) is [.., var last] ? last : null;

    /// <summary>Every order sent whose latest report is not final (none yet, or pending new).</summary>
    public IReadOnlyList<string> Unaccounted() => [.. Sent.Where(id => Last(id) is not { IsFinal: true })];

    public override void OnLogon(SessionId sessionId) => Interlocked.Increment(ref _logons);

    public override void OnLogout(SessionId sessionId) => Interlocked.Increment(ref _logouts);

    public override void FromApp(FixMessage message, SessionId sessionId)
    {
        if (message.MsgType != "8" || message.Body.GetString(Tags.ClOrdID) is not { } clOrdId)
            return;
        message.Body.TryGetChar(Tags.ExecType, out var execType);
        message.Body.TryGetChar(Tags.OrdStatus, out var status);
        var report = new UpstreamReport(execType, status, message.Body.GetString(Tags.Text), Now);
        var list = _reports.GetOrAdd(clOrdId, _ => []);
        lock (list)
            list.Add(report);
    }

    public async ValueTask DisposeAsync()
    {
        if (_session.IsLoggedOn)
        {
            _session.Logout("test done");
            for (var i = 0; i < 50 && _session.IsConnected; i++)
                await Task.Delay(20);
        }

        await _initiator.DisposeAsync();
    }
}
