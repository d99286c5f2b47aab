using System.Diagnostics;
using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Gateway.Bench;

/// <summary>The initiator's application: stamps each ExecutionReport's arrival and hands it to the probe by ClOrdID.</summary>
internal sealed class AcknowledgementRecordingApplication(RoundTripProbe probe) : IApplication
{
    private long _unreadable;

    /// <summary>ExecutionReports without a numeric ClOrdID (never expected).</summary>
    public long Unreadable => Volatile.Read(ref _unreadable);

    public void OnCreate(SessionId sessionId)
    {
    }

    public void OnLogon(SessionId sessionId)
    {
    }

    public void OnLogout(SessionId sessionId)
    {
    }

    public void ToAdmin(FixMessage message, SessionId sessionId)
    {
    }

    public void FromAdmin(FixMessage message, SessionId sessionId)
    {
    }

    public void ToApp(FixMessage message, SessionId sessionId)
    {
    }

    public void FromApp(FixMessage message, SessionId sessionId)
    {
        var now = Stopwatch.GetTimestamp();
        if (!message.Header.TryGet(Tags.MsgType, out var msgType) || !msgType.SequenceEqual("8"u8))
        {
            return;
        }

        if (message.Body.TryGetInt64(Tags.ClOrdID, out var index))
        {
            probe.Acknowledge(index, now);
        }
        else
        {
            Interlocked.Increment(ref _unreadable);
        }
    }
}
