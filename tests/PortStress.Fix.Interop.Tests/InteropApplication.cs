using System.Collections.Concurrent;
using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Fix.Interop.Tests;

/// <summary>One message as the application saw it (copied out of the engine's reused message).</summary>
/// <param name="MsgType">35.</param>
/// <param name="MsgSeqNum">34.</param>
/// <param name="PossDup">43=Y.</param>
/// <param name="Text">The whole message with '|' for SOH.</param>
/// <param name="Fields">Body fields by tag (the last value for a repeated tag).</param>
internal sealed record Seen(string MsgType, int MsgSeqNum, bool PossDup, string Text, IReadOnlyDictionary<int, string> Fields)
{
    public string? this[int tag] => Fields.TryGetValue(tag, out var value) ? value : null;

    public static Seen Of(FixMessage message)
    {
        var fields = new Dictionary<int, string>();
        for (var i = 0; i < message.Body.Count; i++)
        {
            fields[message.Body.TagAt(i)] = System.Text.Encoding.Latin1.GetString(message.Body.ValueAt(i));
        }

        message.Header.TryGetInt32(Tags.MsgSeqNum, out var seqNum);
        var possDup = message.Header.TryGetBoolean(Tags.PossDupFlag, out var flag) && flag;
        return new Seen(message.MsgType ?? string.Empty, seqNum, possDup, message.ToString(), fields);
    }
}

/// <summary>
/// Records what the engine hands the application, in and out, and can answer NewOrderSingles
/// with a complete fill (for tests where our side is the venue).
/// </summary>
internal sealed class InteropApplication : IApplication
{
    public ConcurrentQueue<string> Events { get; } = new();

    public ConcurrentQueue<Seen> FromApp { get; } = new();

    public ConcurrentQueue<Seen> FromAdmin { get; } = new();

    public ConcurrentQueue<Seen> ToAdmin { get; } = new();

    /// <summary>When set, every NewOrderSingle is answered with a fill through this session.</summary>
    public Session? FillThrough { get; set; }

    public IEnumerable<Seen> ExecutionReports => FromApp.Where(m => m.MsgType == "8");

    public int AdminReceived(string msgType) => FromAdmin.Count(m => m.MsgType == msgType);

    public int AdminSent(string msgType) => ToAdmin.Count(m => m.MsgType == msgType);

    public void OnCreate(SessionId sessionId) => Events.Enqueue("create");

    public void OnLogon(SessionId sessionId) => Events.Enqueue("logon");

    public void OnLogout(SessionId sessionId) => Events.Enqueue("logout");

    void IApplication.ToAdmin(FixMessage message, SessionId sessionId) => ToAdmin.Enqueue(Seen.Of(message));

    void IApplication.FromAdmin(FixMessage message, SessionId sessionId) => FromAdmin.Enqueue(Seen.Of(message));

    public void ToApp(FixMessage message, SessionId sessionId)
    {
    }

    void IApplication.FromApp(FixMessage message, SessionId sessionId)
    {
        FromApp.Enqueue(Seen.Of(message));
        if (FillThrough is { } session && message.MsgType == "D")
        {
            var outcome = session.Send(Fill(message, sessionId.BeginString));
            Events.Enqueue(outcome == SendOutcome.Sent ? "filled" : $"fill not sent: {outcome}");
        }
    }

    /// <summary>A complete fill of <paramref name="order"/> at its limit price.</summary>
    private static FixMessage Fill(FixMessage order, string beginString)
    {
        var clOrdId = order.Body.GetString(Tags.ClOrdID)!;
        var quantity = order.Body.GetDecimal(Tags.OrderQty);
        var price = order.Body.GetDecimal(Tags.Price);
        var fill = new FixMessage();
        fill.Header.Set(Tags.MsgType, "8");
        fill.Body.Set(Tags.OrderID, "PS-" + clOrdId);
        fill.Body.Set(Tags.ExecID, "PS-E-" + clOrdId);
        fill.Body.Set(Tags.ClOrdID, clOrdId);
        if (beginString == "FIX.4.2")
        {
            fill.Body.Set(20, '0'); // ExecTransType New
        }

        fill.Body.Set(Tags.ExecType, beginString == "FIX.4.2" ? '2' : 'F');
        fill.Body.Set(Tags.OrdStatus, '2');
        fill.Body.Set(Tags.Symbol, order.Body.GetString(Tags.Symbol)!);
        fill.Body.Set(Tags.Side, order.Body.GetString(Tags.Side)!);
        fill.Body.Set(Tags.OrderQty, quantity);
        fill.Body.Set(Tags.LastQty, quantity);
        fill.Body.Set(Tags.LastPx, price);
        fill.Body.Set(Tags.LeavesQty, 0L);
        fill.Body.Set(Tags.CumQty, quantity);
        fill.Body.Set(Tags.AvgPx, price);
        fill.Body.SetTimestamp(Tags.TransactTime, DateTime.UtcNow);
        return fill;
    }
}
