using PortStress.Control.Records;
using PortStress.Execution;
using PortStress.Execution.Gate;
using PortStress.Execution.Records;

namespace PortStress.Gateway.Demo;

/// <summary>Forwards tick records to the records file and keeps the latest for the live view.</summary>
/// <param name="inner">The records file.</param>
internal sealed class TickTap(IRecordSink<TickRecord> inner) : IRecordSink<TickRecord>
{
    private readonly Lock _sync = new();
    private TickRecord _latest;
    private bool _any;

    /// <summary>The latest tick, or null before the first.</summary>
    public TickRecord? Latest
    {
        get
        {
            lock (_sync)
                return _any ? _latest : null;
        }
    }

    /// <inheritdoc />
    public bool TryAppend(in TickRecord record)
    {
        lock (_sync)
        {
            _latest = record;
            _any = true;
        }

        return inner.TryAppend(record);
    }
}

/// <summary>Forwards child-order records to the records file and counts outcomes for the live view.</summary>
/// <param name="inner">The records file.</param>
internal sealed class OrderTap(IRecordSink<ChildOrderRecord> inner) : IRecordSink<ChildOrderRecord>
{
    private long _orders;
    private long _sent;
    private long _held;
    private long _contained;
    private long _refused;
    private long _trimmed;

    /// <summary>Child orders with an outcome.</summary>
    public long Orders => Interlocked.Read(ref _orders);

    /// <summary>Sent on arrival.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Held (jitter, pacing, containment, approval, retry), then sent.</summary>
    public long HeldThenSent => Interlocked.Read(ref _held);

    /// <summary>Held in containment at some point (sent later or refused).</summary>
    public long Contained => Interlocked.Read(ref _contained);

    /// <summary>Refused.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Sent with a trimmed quantity.</summary>
    public long Trimmed => Interlocked.Read(ref _trimmed);

    /// <inheritdoc />
    public bool TryAppend(in ChildOrderRecord record)
    {
        Interlocked.Increment(ref _orders);
        switch (record.Outcome)
        {
            case GateOutcomeKind.Sent:
                Interlocked.Increment(ref _sent);
                break;
            case GateOutcomeKind.HeldThenSent:
                Interlocked.Increment(ref _held);
                break;
            default:
                Interlocked.Increment(ref _refused);
                break;
        }

        if ((record.Holds & HoldReasons.Containment) != 0)
            Interlocked.Increment(ref _contained);
        if (record.QuantityTrimmed > 0)
            Interlocked.Increment(ref _trimmed);
        return inner.TryAppend(record);
    }
}
