using System.Diagnostics;
using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Gateway.Bench.Gateway;

/// <summary>
/// The upstream simulator's application: stamps each ExecutionReport from the gateway and hands the answers to the
/// probe by ClOrdID. New (150=0) and rejected (150=8) answer an order; fills (F), pending new (A) and restated (D)
/// are only counted.
/// </summary>
internal sealed class GatewayAcknowledgementApplication(RoundTripProbe probe) : ApplicationBase
{
    private long _rejected;
    private long _interim;
    private long _fills;
    private long _unreadable;

    /// <summary>Orders the gateway or the venue rejected.</summary>
    public long Rejected => Volatile.Read(ref _rejected);

    /// <summary>Fill reports (ExecType F).</summary>
    public long Fills => Volatile.Read(ref _fills);

    /// <summary>Pending-new and restated reports: the controller acted on the flow.</summary>
    public long Interim => Volatile.Read(ref _interim);

    /// <summary>ExecutionReports without a numeric ClOrdID (never expected).</summary>
    public long Unreadable => Volatile.Read(ref _unreadable);

    public override void FromApp(FixMessage message, SessionId sessionId)
    {
        var now = Stopwatch.GetTimestamp();
        if (!message.Header.TryGet(Tags.MsgType, out var msgType) || !msgType.SequenceEqual("8"u8))
        {
            return;
        }

        if (!message.Body.TryGetInt64(Tags.ClOrdID, out var index))
        {
            Interlocked.Increment(ref _unreadable);
            return;
        }

        message.Body.TryGetChar(Tags.ExecType, out var execType);
        switch (execType)
        {
            case '0':
                probe.Acknowledge(index, now);
                break;
            case '8':
                Interlocked.Increment(ref _rejected);
                probe.Acknowledge(index, now);
                break;
            case 'F':
                Interlocked.Increment(ref _fills);
                break;
            default:
                Interlocked.Increment(ref _interim);
                break;
        }
    }
}
