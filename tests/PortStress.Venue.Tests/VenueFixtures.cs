using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Dictionary;
using PortStress.Testing;

namespace PortStress.Venue.Tests;

/// <summary>Options, clocks and a FIX client for the venue tests.</summary>
internal static class VenueFixtures
{
    private static readonly Lazy<DataDictionary> OwnFix44 = new(() => DataDictionary.Load(SharedMaterial.InRepository("fixspec", "FIX44.xml")));
    private static readonly Lazy<DataDictionary> OwnFix42 = new(() => DataDictionary.Load(SharedMaterial.InRepository("fixspec", "FIX42.xml")));

    public static DataDictionary Fix44 => OwnFix44.Value;

    public static DataDictionary Fix42 => OwnFix42.Value;

    /// <summary>A fake clock that starts at the real time (FIX timestamps stay plausible).</summary>
    public static FakeTimeProvider Clock() => new(DateTimeOffset.UtcNow);

    public static VenueOptions Options(Action<VenueOptions>? change = null)
    {
        var options = new VenueOptions
        {
            Sessions =
            [
                new VenueSessionOptions { BeginString = "FIX.4.4", SenderCompId = "VENUE", TargetCompIds = ["GW", "GW2"] },
                new VenueSessionOptions { BeginString = "FIX.4.2", SenderCompId = "VENUE42", TargetCompIds = ["GW"] },
            ],
            Symbols =
            [
                new VenueSymbolOptions { Symbol = "INTC", InitialPrice = 30m, TickSize = 0.01m, Volatility = 0, SpreadTicks = 2, VolumePerSecond = 0 },
                new VenueSymbolOptions { Symbol = "MSFT", InitialPrice = 400m, TickSize = 0.01m, Volatility = 0.0005, SpreadTicks = 2, VolumePerSecond = 1000 },
            ],
            Seed = 7,
        };
        change?.Invoke(options);
        return options;
    }

    public static Task WaitFor(Func<bool> condition, string what, int timeoutMs = 10_000, Func<string>? context = null) =>
        Eventually.WaitFor(condition, what, timeoutMs, context);
}

/// <summary>One message the client received, as tag to value.</summary>
internal sealed record Received(string MsgType, IReadOnlyDictionary<int, string> Fields)
{
    public string this[int tag] => Fields.TryGetValue(tag, out var v) ? v : string.Empty;

    public bool Has(int tag) => Fields.ContainsKey(tag);

    public decimal Decimal(int tag) => decimal.Parse(this[tag], System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => $"35={MsgType} " + string.Join(' ', Fields.Select(f => $"{f.Key}={f.Value}"));
}

/// <summary>A counterparty of the venue: our own initiator (real clock, reconnects quickly) validating with the real dictionary.</summary>
internal sealed class FixClient : ApplicationBase, IAsyncDisposable
{
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly FixInitiator _initiator;
    private int _logons;
    private int _logouts;

    public FixClient(int port, string beginString = "FIX.4.4", string sender = "GW", string target = "VENUE")
    {
        var settings = new SessionSettings
        {
            SessionId = new SessionId(beginString, sender, target),
            ConnectionType = ConnectionType.Initiator,
            HeartBtInt = TimeSpan.FromSeconds(120),
        };
        Session = new Session(settings, this, new MemoryStore(), beginString == "FIX.4.2" ? VenueFixtures.Fix42 : VenueFixtures.Fix44);
        _initiator = new FixInitiator([new InitiatorSessionOptions
        {
            Session = Session,
            Targets = [new ConnectTarget("127.0.0.1", port)],
            Reconnect = new ReconnectPolicy { Base = TimeSpan.FromMilliseconds(50), Cap = TimeSpan.FromMilliseconds(200) },
        }]);
    }

    public Session Session { get; }

    public int Logons => Volatile.Read(ref _logons);

    public int Logouts => Volatile.Read(ref _logouts);

    public IReadOnlyList<Received> Reports => _received.Where(r => r.MsgType == "8").ToList();

    public IReadOnlyList<Received> All => _received.ToList();

    public Task StartAsync() => _initiator.StartAsync();

    public async Task<FixClient> LoggedOnAsync()
    {
        await StartAsync();
        await VenueFixtures.WaitFor(() => Session.IsLoggedOn, $"{Session.Id} logged on");
        return this;
    }

    public IReadOnlyList<Received> For(string clOrdId) => _received.Where(r => r[Tags.ClOrdID] == clOrdId).ToList();

    public Task WaitForReports(int count, string what) =>
        VenueFixtures.WaitFor(() => Reports.Count >= count, what, context: () => string.Join(" | ", All));

    public void Send(FixMessage message) => Session.Send(message).Should().Be(SendOutcome.Sent);

    public static FixMessage Order(string clOrdId, char side, decimal quantity, decimal? price, string symbol = "INTC", char? timeInForce = null)
    {
        var order = new FixMessage();
        order.Header.Set(Tags.MsgType, "D");
        order.Body.Set(Tags.ClOrdID, clOrdId);
        order.Body.Set(Tags.HandlInst, '1');
        order.Body.Set(Tags.Symbol, symbol);
        order.Body.Set(Tags.Side, side);
        order.Body.SetTimestamp(Tags.TransactTime, DateTime.UtcNow);
        order.Body.Set(Tags.OrderQty, quantity);
        order.Body.Set(Tags.OrdType, price is null ? '1' : '2');
        if (price is { } p)
        {
            order.Body.Set(Tags.Price, p);
        }

        if (timeInForce is { } tif)
        {
            order.Body.Set(Tags.TimeInForce, tif);
        }

        return order;
    }

    public static FixMessage Cancel(string clOrdId, string origClOrdId, char side, decimal quantity, string symbol = "INTC")
    {
        var cancel = new FixMessage();
        cancel.Header.Set(Tags.MsgType, "F");
        cancel.Body.Set(Tags.OrigClOrdID, origClOrdId);
        cancel.Body.Set(Tags.ClOrdID, clOrdId);
        cancel.Body.Set(Tags.Symbol, symbol);
        cancel.Body.Set(Tags.Side, side);
        cancel.Body.SetTimestamp(Tags.TransactTime, DateTime.UtcNow);
        cancel.Body.Set(Tags.OrderQty, quantity);
        return cancel;
    }

    public override void OnLogon(SessionId sessionId) => Interlocked.Increment(ref _logons);

    public override void OnLogout(SessionId sessionId) => Interlocked.Increment(ref _logouts);

    public override void FromApp(FixMessage message, SessionId sessionId)
    {
        var fields = new Dictionary<int, string>();
        for (var i = 0; i < message.Body.Count; i++)
        {
            fields[message.Body.TagAt(i)] = System.Text.Encoding.Latin1.GetString(message.Body.ValueAt(i));
        }

        _received.Enqueue(new Received(message.MsgType ?? "?", fields));
    }

    public async ValueTask DisposeAsync() => await _initiator.DisposeAsync();
}
