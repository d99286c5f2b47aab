using System.Diagnostics.Metrics;
using PortStress.Execution.Records;

namespace PortStress.Execution;

/// <summary>
/// The gate's instruments on the <see cref="MeterName"/> meter: <c>portstress.gate.outcomes</c> ({order}, tagged
/// <c>kind</c> and <c>reason</c>), <c>portstress.gate.held</c> ({order} waiting in the gate now),
/// <c>portstress.gate.trimmed</c> (quantity handed back by trims and the catch-up cap),
/// <c>portstress.gate.hold.duration</c> (s, arrival to outcome of held orders), <c>portstress.gate.retries</c>
/// ({retry} the gate scheduled itself) and <c>portstress.gate.order_events</c> ({event}, tagged <c>event</c>).
/// Measuring allocates nothing: tag values are cached strings.
/// </summary>
public sealed class ExecutionMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "PortStress.Execution";

    private static readonly string[] KindNames = [.. Enumerable.Range(0, 4).Select(i => RecordNames.Of((GateOutcomeKind)i))];
    private static readonly string[] ReasonNames = [.. Enumerable.Range(0, 12).Select(i => RecordNames.Of((RefusalReason)i))];
    private static readonly string[] EventNames = [.. Enumerable.Range(0, 5).Select(i => RecordNames.Of((OrderEventKind)i))];
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _outcomes;
    private readonly Counter<double> _trimmed;
    private readonly Histogram<double> _holdDuration;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _events;

    /// <summary>Creates the instruments.</summary>
    /// <param name="meterFactory">Creates the meter; null for a meter of its own (disposed with this object).</param>
    /// <param name="held">Reads how many orders wait in the gate (observed by the gauge).</param>
    public ExecutionMetrics(IMeterFactory? meterFactory, Func<int> held)
    {
        ArgumentNullException.ThrowIfNull(held);
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _outcomes = _meter.CreateCounter<long>("portstress.gate.outcomes", "{order}", "Child orders by terminal gate outcome (kind) and refusal reason.");
        _trimmed = _meter.CreateCounter<double>("portstress.gate.trimmed", "{quantity}", "Quantity handed back to parents by clip trims and the catch-up cap.");
        _holdDuration = _meter.CreateHistogram<double>("portstress.gate.hold.duration", "s", "Arrival to outcome of orders the gate held (jitter, pacing, containment, approval, retry).");
        _retries = _meter.CreateCounter<long>("portstress.gate.retries", "{retry}", "Retries the gate scheduled itself after a failed send.");
        _events = _meter.CreateCounter<long>("portstress.gate.order_events", "{event}", "Venue answers about sent child orders (acknowledged, rejected, filled, done).");
        _meter.CreateObservableUpDownCounter("portstress.gate.held", held, "{order}", "Child orders waiting in the gate now.");
    }

    /// <summary>Counts a terminal outcome.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="reason">The refusal reason.</param>
    public void Outcome(GateOutcomeKind kind, RefusalReason reason)
    {
        if (_outcomes.Enabled)
        {
            _outcomes.Add(1, new KeyValuePair<string, object?>("kind", KindNames[(int)kind & 3]),
                new KeyValuePair<string, object?>("reason", ReasonNames[Math.Min((int)reason, ReasonNames.Length - 1)]));
        }
    }

    /// <summary>Adds trimmed quantity.</summary>
    /// <param name="quantity">The quantity handed back.</param>
    public void Trimmed(decimal quantity)
    {
        if (quantity > 0 && _trimmed.Enabled)
            _trimmed.Add((double)quantity);
    }

    /// <summary>Records how long a held order waited.</summary>
    /// <param name="seconds">Arrival to outcome.</param>
    public void HoldDuration(double seconds)
    {
        if (_holdDuration.Enabled)
            _holdDuration.Record(seconds);
    }

    /// <summary>Counts a retry the gate scheduled.</summary>
    public void Retry()
    {
        if (_retries.Enabled)
            _retries.Add(1);
    }

    /// <summary>Counts a venue answer.</summary>
    /// <param name="kind">Its kind.</param>
    public void OrderEvent(OrderEventKind kind)
    {
        if (_events.Enabled)
            _events.Add(1, new KeyValuePair<string, object?>("event", EventNames[Math.Min((int)kind, EventNames.Length - 1)]));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsMeter)
            _meter.Dispose();
    }
}
