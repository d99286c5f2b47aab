using System.Collections.Concurrent;
using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Fix.Engine.Tests.Sessions;

/// <summary>An application that records what the engine gives it (as text) and can answer orders with fills.</summary>
internal sealed class RecordingApplication : IApplication
{
    public ConcurrentQueue<string> Events { get; } = new();

    public ConcurrentQueue<string> FromAppMessages { get; } = new();

    public ConcurrentQueue<string> FromAdminMessages { get; } = new();

    /// <summary>Answer each NewOrderSingle with a fill through this session.</summary>
    public Session? FillThrough { get; set; }

    public string? RejectLogonWith { get; set; }

    public Func<FixMessage, bool>? VetoToApp { get; set; }

    /// <summary>Called inside FromApp, under the session's lock, before anything else.</summary>
    public Action<FixMessage>? InsideFromApp { get; set; }

    /// <summary>Message types FromApp refuses as unsupported.</summary>
    public HashSet<string> Unsupported { get; } = [];

    public void OnCreate(SessionId sessionId) => Events.Enqueue("create");

    public void OnLogon(SessionId sessionId) => Events.Enqueue("logon");

    public void OnLogout(SessionId sessionId) => Events.Enqueue("logout");

    public void ToAdmin(FixMessage message, SessionId sessionId)
    {
    }

    public void FromAdmin(FixMessage message, SessionId sessionId)
    {
        FromAdminMessages.Enqueue(message.ToString());
        if (RejectLogonWith is { } reason && message.MsgType == "A")
        {
            throw new RejectLogonException(reason);
        }
    }

    public void ToApp(FixMessage message, SessionId sessionId)
    {
        if (VetoToApp?.Invoke(message) == true)
        {
            throw new DoNotSendException("test veto");
        }
    }

    public void FromApp(FixMessage message, SessionId sessionId)
    {
        InsideFromApp?.Invoke(message);
        FromAppMessages.Enqueue(message.ToString());
        if (FillThrough is { } session && message.MsgType == "D")
        {
            var fill = new FixMessage();
            fill.Header.Set(Tags.MsgType, "8");
            fill.Body.Set(Tags.OrderID, "V-1");
            fill.Body.Set(Tags.ExecID, "E-" + message.Body.GetString(Tags.ClOrdID));
            fill.Body.Set(Tags.ClOrdID, message.Body.GetString(Tags.ClOrdID)!);
            fill.Body.Set(Tags.ExecType, 'F');
            fill.Body.Set(Tags.OrdStatus, '2');
            fill.Body.Set(Tags.Symbol, message.Body.GetString(Tags.Symbol)!);
            fill.Body.Set(Tags.Side, '1');
            fill.Body.Set(Tags.LeavesQty, 0L);
            fill.Body.Set(Tags.CumQty, 100L);
            fill.Body.Set(Tags.AvgPx, 10.5m);
            session.Send(fill);
        }

        if (Unsupported.Contains(message.MsgType ?? string.Empty))
        {
            throw new UnsupportedMessageTypeException();
        }
    }
}
