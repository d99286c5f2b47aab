using System.Diagnostics;
using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Gateway.Bench;

/// <summary>The initiator's application: stamps each acknowledgement's (ExecutionReport, ExecType New) arrival and hands it to the probe by ClOrdID.</summary>
internal sealed class AcknowledgementRecordingApplication(RoundTripProbe probe) : ApplicationBase
{
    private long _unreadable;

    /// <summary>ExecutionReports without a numeric ClOrdID (never expected).</summary>
    public long Unreadable => Volatile.Read(ref _unreadable);

    public override void FromApp(FixMessage message, SessionId sessionId)
    {
        var now = Stopwatch.GetTimestamp();
        if (!message.Header.TryGet(Tags.MsgType, out var msgType) || !msgType.SequenceEqual("8"u8))
        {
            return;
        }

        // The acknowledgement (ExecType New) answers the order; a fill that follows it is not another answer.
        if (message.Body.TryGetChar(Tags.ExecType, out var execType) && execType != '0')
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
