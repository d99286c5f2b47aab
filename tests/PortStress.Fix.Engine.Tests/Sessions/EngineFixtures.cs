using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Dictionary;
using PortStress.Testing;

namespace PortStress.Fix.Engine.Tests.Sessions;

/// <summary>Sessions, orders and waits the engine tests share.</summary>
internal static class EngineFixtures
{
    private static readonly Lazy<DataDictionary> OwnFix44 = new(() => DataDictionary.Load(SharedMaterial.InRepository("fixspec", "FIX44.xml")));

    public static DataDictionary Fix44 => OwnFix44.Value;

    public static SessionSettings Settings(ConnectionType type, string sender, string target, int heartBtIntSeconds = 30) => new()
    {
        SessionId = new SessionId("FIX.4.4", sender, target),
        ConnectionType = type,
        HeartBtInt = TimeSpan.FromSeconds(heartBtIntSeconds),
    };

    public static FixMessage Order(string clOrdId, string symbol = "INTC")
    {
        var order = new FixMessage();
        order.Header.Set(Tags.MsgType, "D");
        order.Body.Set(Tags.ClOrdID, clOrdId);
        order.Body.Set(Tags.HandlInst, '1');
        order.Body.Set(Tags.Symbol, symbol);
        order.Body.Set(Tags.Side, '1');
        order.Body.SetTimestamp(Tags.TransactTime, DateTime.UtcNow);
        order.Body.Set(Tags.OrderQty, 100L);
        order.Body.Set(Tags.OrdType, '2');
        order.Body.Set(Tags.Price, 10.5m);
        return order;
    }

    /// <summary>Polls until the condition holds; see <see cref="Eventually.WaitFor"/>.</summary>
    public static Task WaitFor(Func<bool> condition, string what, int timeoutMs = 10_000) => Eventually.WaitFor(condition, what, timeoutMs);

    public static Session NewSession(SessionSettings settings, IApplication app, IMessageStore? store = null, TimeProvider? time = null) =>
        new(settings, app, store ?? new MemoryStore(), Fix44, timeProvider: time);
}
