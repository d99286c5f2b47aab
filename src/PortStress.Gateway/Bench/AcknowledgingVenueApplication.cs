using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Gateway.Bench;

/// <summary>
/// The acceptor's application: answers every NewOrderSingle with one ExecutionReport (New) through
/// <see cref="Session.Send"/>, and with <see cref="FillAfterAcknowledgement"/> a second one filling it at once.
/// </summary>
internal sealed class AcknowledgingVenueApplication : ApplicationBase
{
    private readonly FixMessage _report = new();
    private long _execId;
    private long _refused;

    /// <summary>The acceptor session the acknowledgements go out on (set once it is created).</summary>
    public Session? Session { get; set; }

    /// <summary>Fill each order right after acknowledging it (ExecType F, OrdStatus 2), so it is done and a gateway can let it go.</summary>
    public bool FillAfterAcknowledgement { get; init; }

    /// <summary>Acknowledgements the session refused (not logged on, backpressure, vetoed).</summary>
    public long Refused => Volatile.Read(ref _refused);

    public override void FromApp(FixMessage message, SessionId sessionId)
    {
        if (!message.Header.TryGet(Tags.MsgType, out var msgType) || !msgType.SequenceEqual("D"u8) || Session is not { } session)
        {
            return;
        }

        BenchMessages.FillAcknowledgement(_report, message.Body, ++_execId, DateTime.UtcNow);
        if (session.Send(_report) != SendOutcome.Sent)
        {
            Interlocked.Increment(ref _refused);
        }

        if (FillAfterAcknowledgement)
        {
            BenchMessages.FillExecution(_report, message.Body, ++_execId, DateTime.UtcNow);
            if (session.Send(_report) != SendOutcome.Sent)
            {
                Interlocked.Increment(ref _refused);
            }
        }
    }
}
