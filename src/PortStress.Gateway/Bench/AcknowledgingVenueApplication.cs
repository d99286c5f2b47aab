using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Gateway.Bench;

/// <summary>The acceptor's application: answers every NewOrderSingle with one ExecutionReport through <see cref="Session.Send"/>.</summary>
internal sealed class AcknowledgingVenueApplication : ApplicationBase
{
    private readonly FixMessage _report = new();
    private long _execId;
    private long _refused;

    /// <summary>The acceptor session the acknowledgements go out on (set once it is created).</summary>
    public Session? Session { get; set; }

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
    }
}
