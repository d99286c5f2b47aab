using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Dictionary;
using PortStress.Testing;

namespace PortStress.Fix.Interop.Tests;

/// <summary>Sessions, dictionaries, orders and bounded waits the interop tests share.</summary>
internal static class Interop
{
    private static readonly Lazy<DataDictionary> Fix42Dictionary = new(() => Load("FIX42.xml"));
    private static readonly Lazy<DataDictionary> Fix44Dictionary = new(() => Load("FIX44.xml"));
    private static readonly Lazy<DataDictionary> Fixt11Dictionary = new(() => DataDictionary.Load(SharedMaterial.PathOf("fixspec", "FIXT11.xml")));
    private static readonly Lazy<DataDictionary> Fix50Sp2Dictionary = new(() => DataDictionary.Load(SharedMaterial.PathOf("fixspec", "FIX50SP2.xml")));

    /// <summary>The session dictionary for a BeginString: the full shared one when ../shared exists, else the project's own subset (FIXT needs shared).</summary>
    public static DataDictionary DictionaryFor(string beginString) => beginString switch
    {
        "FIX.4.2" => Fix42Dictionary.Value,
        "FIX.4.4" => Fix44Dictionary.Value,
        "FIXT.1.1" => Fixt11Dictionary.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(beginString), beginString, "no dictionary"),
    };

    public static SessionSettings Settings(string beginString, string sender, string target, int heartBtIntSeconds = 30, ConnectionType type = ConnectionType.Initiator) => new()
    {
        SessionId = new SessionId(beginString, sender, target),
        ConnectionType = type,
        HeartBtInt = TimeSpan.FromSeconds(heartBtIntSeconds),
        // The peers reset on Logon; so do we, and say so (141=Y) so a peer's older store never matters.
        ResetOnLogon = type == ConnectionType.Initiator,
        DefaultApplVerId = beginString == "FIXT.1.1" ? "9" : null,
    };

    public static Session NewSession(SessionSettings settings, IApplication application, IMessageStore? store = null, Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        var begin = settings.SessionId.BeginString;
        var applicationDictionary = begin == "FIXT.1.1" ? Fix50Sp2Dictionary.Value : null;
        return new Session(settings, application, store ?? new MemoryStore(), DictionaryFor(begin), applicationDictionary, logger: logger);
    }

    public static FixInitiator Initiator(Session session, int port) => new([new InitiatorSessionOptions
    {
        Session = session,
        Targets = [new ConnectTarget("127.0.0.1", port)],
        Reconnect = new ReconnectPolicy { Base = TimeSpan.FromMilliseconds(200), Cap = TimeSpan.FromSeconds(1) },
    }]);

    /// <summary>A limit DAY NewOrderSingle in the layout of <paramref name="beginString"/> (FIX.5.0 ApplVerID 1128=7 on FIXT, which the QuickFIX executor example handles).</summary>
    public static FixMessage LimitOrder(string beginString, string clOrdId, string symbol = "IBM", char side = '1', long quantity = 100, decimal price = 10.25m)
    {
        var order = new FixMessage();
        order.Header.Set(Tags.MsgType, "D");
        if (beginString == "FIXT.1.1")
        {
            order.Header.Set(Tags.ApplVerID, "7");
        }

        order.Body.Set(Tags.ClOrdID, clOrdId);
        if (beginString != "FIXT.1.1")
        {
            order.Body.Set(Tags.HandlInst, '1');
        }

        order.Body.Set(Tags.Symbol, symbol);
        order.Body.Set(Tags.Side, side);
        order.Body.SetTimestamp(Tags.TransactTime, DateTime.UtcNow);
        order.Body.Set(Tags.OrderQty, quantity);
        order.Body.Set(Tags.OrdType, '2');
        order.Body.Set(Tags.Price, price);
        order.Body.Set(Tags.TimeInForce, '0');
        return order;
    }

    /// <summary>Polls until the condition holds; see <see cref="Eventually.WaitFor"/>.</summary>
    public static Task WaitFor(Func<bool> condition, string what, int timeoutMs = 10_000, Func<string>? context = null) =>
        Eventually.WaitFor(condition, what, timeoutMs, context);

    private static DataDictionary Load(string file) => DataDictionary.Load(SharedMaterial.Folder is null
        ? SharedMaterial.InRepository("fixspec", file)
        : SharedMaterial.PathOf("fixspec", file));
}
