using System.Globalization;
using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Dictionary;

namespace PortStress.Fix.Faults.Host;

/// <summary>
/// Usage: <c>host PORT STORE_FOLDER DICTIONARY RUN_ID</c>. Logs on to 127.0.0.1:PORT as GW -> VENUE
/// with a FileStore (flushed to the OS on every message), sends an order every millisecond
/// with ClOrdID RUN_ID-N, and prints <c>SENT seq clordid</c> after each Send that returned Sent.
/// Runs until killed.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var port = int.Parse(args[0], CultureInfo.InvariantCulture);
        var settings = new SessionSettings
        {
            SessionId = new SessionId("FIX.4.4", "GW", "VENUE"),
            ConnectionType = ConnectionType.Initiator,
            HeartBtInt = TimeSpan.FromSeconds(5),
        };
        using var store = new FileStore(args[1], "GW-VENUE", StoreFlushPolicy.OperatingSystem);
        var session = new Session(settings, new QuietApplication(), store, DataDictionary.Load(args[2]));
        await using var initiator = new FixInitiator([new InitiatorSessionOptions
        {
            Session = session,
            Targets = [new ConnectTarget("127.0.0.1", port)],
            Reconnect = new ReconnectPolicy { Base = TimeSpan.FromMilliseconds(20) },
        }]);
        await initiator.StartAsync();
        var order = new FixMessage();
        var output = Console.Out;
        for (var n = 0; ; n++)
        {
            if (!session.IsLoggedOn)
            {
                await Task.Delay(5);
                n--;
                continue;
            }

            order.Clear();
            order.Header.Set(Tags.MsgType, "D");
            var clOrdId = $"{args[3]}-{n}";
            order.Body.Set(Tags.ClOrdID, clOrdId);
            order.Body.Set(Tags.HandlInst, '1');
            order.Body.Set(Tags.Symbol, "INTC");
            order.Body.Set(Tags.Side, '1');
            order.Body.SetTimestamp(Tags.TransactTime, DateTime.UtcNow);
            order.Body.Set(Tags.OrderQty, 100L);
            order.Body.Set(Tags.OrdType, '1');
            if (session.Send(order) == SendOutcome.Sent)
            {
                order.Header.TryGetInt32(Tags.MsgSeqNum, out var seq);
                output.WriteLine($"SENT {seq} {clOrdId}");
                output.Flush();
            }

            await Task.Delay(1);
        }
    }

    private sealed class QuietApplication : ApplicationBase
    {
        public override void OnLogon(SessionId sessionId) => Console.Out.WriteLine("LOGON");

    }
}
