using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PortStress.Control;
using PortStress.Control.Records;
using PortStress.Execution.Records;
using PortStress.Telemetry;

namespace PortStress.Execution.Gate;

/// <summary>
/// The outbound child-order gate. Every intent reads the control snapshot once (one volatile read) and gets the
/// applied state's actions: clip trim, launch jitter on a timer wheel, the catch-up cap, the retry budget with
/// full-jitter back-off, per-venue pacing, warm-session choice, containment and manual approval of urgency
/// overrides; in shadow mode GREEN is applied and the decided actions are only recorded. Every intent ends in
/// exactly one outcome (sent, held then sent, or refused with a reason), reported to its listener and written as a
/// <see cref="ChildOrderRecord"/>; nothing is dropped, also not on <see cref="Dispose"/>.
/// </summary>
/// <remarks>
/// Thread-safe: <see cref="Submit"/> and the venue-answer methods may be called from any thread. State lives under one
/// lock; sessions are called and listeners notified outside it, on the submitting thread (an order sent on arrival),
/// the timer thread (held orders), the control thread (containment released) or the approver's thread. Held orders are
/// released by a timer of the gate's <see cref="TimeProvider"/> that ticks every <see cref="GateOptions.TimerTick"/>
/// only while something is held. Admission, sending and tracking allocate nothing in steady state.
/// </remarks>
public sealed partial class ChildOrderGate : IChildOrderSubmitter, IOrderEventSink, IDisposable
{
    private readonly Lock _sync = new();
    private readonly GateOptions _options;
    private readonly VenueSessionPool _pool;
    private readonly IControlSnapshotSource _control;
    private readonly ITransportObserver _observer;
    private readonly TimeProvider _time;
    private readonly RecordTime _recordTime;
    private readonly IRecordSink<ChildOrderRecord>? _orderRecords;
    private readonly IRecordSink<OrderEventRecord>? _eventRecords;
    private readonly ExecutionMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly long _frequency;
    private readonly long _tickTicks;
    private readonly ScoreParameters _score;
    private readonly Dictionary<string, VenueState> _venues = new(StringComparer.Ordinal);
    private readonly Dictionary<long, GateOrder> _orders;
    private readonly Stack<GateOrder> _free;
    private readonly LaunchTimerWheel _wheel;
    private readonly List<GateOrder> _expired;
    private readonly OrderQueue _contained = new();
    private readonly CatchUpLimiter _catchUp;
    private readonly ITimer _timer;
    private readonly DispatchBatch?[] _spareBatches = new DispatchBatch?[8];
    private readonly DispatchBatch _timerBatch = new();
    private readonly Action<ControlSnapshot> _onPublished;
    private VenueState[] _venueList = [];
    private bool _armed;
    private int _ticking;
    private bool _disposed;
    private int _held;
    private int _retryWaiting;
    private long _unknownEvents;
    private long _nextContainmentExpiry = long.MaxValue;

    /// <summary>Creates the gate.</summary>
    /// <param name="options">The gate's mechanics (validated here; see <see cref="GateOptionsValidator"/>).</param>
    /// <param name="sessions">The sessions per venue.</param>
    /// <param name="control">Where the controller's snapshot is read; its <see cref="IControlSnapshotSource.Published"/> releases containment.</param>
    /// <param name="observer">Receives order decided/sent/acked/rejected and retry events; null for none.</param>
    /// <param name="timeProvider">The gate's clock (timestamps of intents and venue answers are of this clock); null for the system clock.</param>
    /// <param name="orderRecords">Receives one <see cref="ChildOrderRecord"/> per terminal outcome; null for none.</param>
    /// <param name="eventRecords">Receives an <see cref="OrderEventRecord"/> per venue answer; null for none.</param>
    /// <param name="meterFactory">Creates the <see cref="ExecutionMetrics.MeterName"/> meter; null for a meter of the gate's own.</param>
    /// <param name="logger">The logger; null for none.</param>
    public ChildOrderGate(GateOptions options, VenueSessionPool sessions, IControlSnapshotSource control,
        ITransportObserver? observer = null, TimeProvider? timeProvider = null,
        IRecordSink<ChildOrderRecord>? orderRecords = null, IRecordSink<OrderEventRecord>? eventRecords = null,
        IMeterFactory? meterFactory = null, ILogger<ChildOrderGate>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        GateOptionsValidator.ThrowIfInvalid(options);
        _options = options;
        _pool = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _control = control ?? throw new ArgumentNullException(nameof(control));
        _observer = observer ?? NullTransportObserver.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _recordTime = new RecordTime(_time);
        _orderRecords = orderRecords;
        _eventRecords = eventRecords;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _random = options.RandomSeed is { } seed ? new Random(seed) : new Random();
        _frequency = _time.TimestampFrequency;
        _tickTicks = Math.Max(1, (long)(options.TimerTick.TotalSeconds * _frequency));
        _score = ScoreParameters.From(options, _frequency);
        _orders = new Dictionary<long, GateOrder>(options.Capacity);
        _free = new Stack<GateOrder>(options.Capacity);
        for (var i = 0; i < options.Capacity; i++)
            _free.Push(new GateOrder());
        _expired = new List<GateOrder>(Math.Min(options.Capacity, 65536));
        _wheel = new LaunchTimerWheel(options.WheelSlots, _tickTicks, _time.GetTimestamp());
        _catchUp = new CatchUpLimiter(options.CatchUpWindow, _frequency);
        Approvals = new ApprovalBroker(this, options.ApprovalCredentials);
        _metrics = new ExecutionMetrics(meterFactory, () => Volatile.Read(ref _held), () => Approvals.PendingCount, VenueNames, RetryTokens);
        foreach (var venue in options.Venues.Keys)
            EnsureVenue(venue);
        foreach (var venue in _pool.Venues)
            EnsureVenue(venue);
        _pool.VenueAdded += OnVenueAdded;
        _timer = _time.CreateTimer(static state => ((ChildOrderGate)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _onPublished = OnPublished;
        _control.Published += _onPublished;
    }

    /// <summary>Pending manual approvals of urgency overrides (approve, deny, list).</summary>
    public ApprovalBroker Approvals { get; }

    /// <summary>The session pool the gate sends on.</summary>
    public VenueSessionPool Sessions => _pool;

    /// <summary>The gate's clock.</summary>
    public TimeProvider TimeProvider => _time;

    /// <summary>Orders waiting in the gate now (jitter, pacing, containment, approval, retry back-off).</summary>
    public int HeldCount => Volatile.Read(ref _held);

    /// <summary>Orders waiting in the containment queue now.</summary>
    public int ContainedCount
    {
        get
        {
            lock (_sync)
                return _contained.Count;
        }
    }

    /// <summary>Orders the gate tracks: held, plus sent and not yet done or rejected at the venue.</summary>
    public int LiveCount
    {
        get
        {
            lock (_sync)
                return _orders.Count;
        }
    }

    /// <summary>Retries the gate has scheduled and not yet attempted (the retry queue depth).</summary>
    public int RetryQueueDepth => Volatile.Read(ref _retryWaiting);

    /// <summary>Venue answers about order ids the gate does not track (ignored).</summary>
    public long UnknownOrderEvents => Interlocked.Read(ref _unknownEvents);

    /// <summary>The tokens left in <paramref name="venue"/>'s retry budget, or NaN for an unknown venue.</summary>
    /// <param name="venue">The venue.</param>
    public double RetryTokens(string venue)
    {
        lock (_sync)
            return _venues.TryGetValue(venue, out var v) ? v.Budget.Tokens : double.NaN;
    }

    private List<string> VenueNames()
    {
        lock (_sync)
            return [.. _venues.Keys];
    }

    /// <summary>True when <paramref name="venue"/>'s retry budget allows retries (at least half its tokens).</summary>
    /// <param name="venue">The venue.</param>
    public bool CanRetry(string venue)
    {
        lock (_sync)
            return _venues.TryGetValue(venue, out var v) && v.Budget.CanRetry;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Reads the control snapshot once, then, under the gate's lock: validates the intent, trims it, applies the
    /// catch-up cap and the retry budget, and either holds it (approval, containment, jitter, pacing) or picks a
    /// session; the session is called and the outcome reported after the lock is released, on this thread.
    /// </remarks>
    public void Submit(ChildOrderIntent intent, IChildOrderListener? listener)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var snapshot = _control.Current;
        DispatchBatch batch;
        lock (_sync)
        {
            batch = RentBatch();
            Admit(intent, listener, snapshot, _time.GetTimestamp(), batch);
        }
        Execute(batch);
        ReturnBatch(batch);
    }

    /// <summary>
    /// Stops the gate: every held order (jitter, pacing, containment, approval, retry back-off) is refused
    /// <see cref="RefusalReason.ShuttingDown"/>, later submissions are refused the same way, the timer stops. Orders
    /// already sent stay with the venue; their answers are still forwarded until the gate is collected.
    /// </summary>
    public void Dispose()
    {
        var batch = new DispatchBatch();
        var drained = new List<GateOrder>();
        lock (_sync)
        {
            if (_disposed)
                return;
            _disposed = true;
            _control.Published -= _onPublished;
            _pool.VenueAdded -= OnVenueAdded;
            var now = _time.GetTimestamp();
            _wheel.Drain(drained);
            while (_contained.Dequeue() is { } contained)
                drained.Add(contained);
            foreach (var venue in _venueList)
            {
                while (venue.Pacing.Dequeue() is { } paced)
                    drained.Add(paced);
            }
            drained.AddRange(Approvals.DrainLocked());
            foreach (var order in drained)
            {
                LeaveHold(order);
                Refuse(order, RefusalReason.ShuttingDown, now, batch);
            }
        }
        _timer.Dispose();
        if (drained.Count > 0)
            GateLog.ShuttingDown(_logger, drained.Count);
        Execute(batch);
        foreach (var venue in _venueList)
            venue.Dispose();
        _metrics.Dispose();
    }

    private void OnVenueAdded(string venue)
    {
        lock (_sync)
        {
            var state = EnsureVenue(venue);
            state.Sessions = _pool.SessionArrayOf(venue);
            state.Destination = _pool.DestinationOf(venue);
        }
    }

    private VenueState EnsureVenue(string venue)
    {
        if (_venues.TryGetValue(venue, out var state))
            return state;
        state = new VenueState(venue, _options, _time)
        {
            Sessions = _pool.SessionArrayOf(venue),
            Destination = _pool.DestinationOf(venue),
        };
        _venues.Add(venue, state);
        _venueList = [.. _venueList, state];
        return state;
    }

    private GateOrder Rent() => _free.TryPop(out var order) ? order : new GateOrder();

    private void Return(GateOrder order)
    {
        order.Reset();
        _free.Push(order);
    }

    private DispatchBatch RentBatch()
    {
        for (var i = 0; i < _spareBatches.Length; i++)
        {
            var batch = Interlocked.Exchange(ref _spareBatches[i], null);
            if (batch is not null)
                return batch;
        }
        return new DispatchBatch();
    }

    private void ReturnBatch(DispatchBatch batch)
    {
        batch.Clear();
        for (var i = 0; i < _spareBatches.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _spareBatches[i], batch, null) is null)
                return;
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _frequency);

    private long Micros(long ticks) => ticks * 1_000_000 / _frequency;

    private void EnsureArmed()
    {
        if (_armed || _disposed)
            return;
        _armed = true;
        _timer.Change(_options.TimerTick, _options.TimerTick);
    }

    private void EnterHold(GateOrder order, OrderStage stage, HoldReasons reason)
    {
        order.Stage = stage;
        order.Holds |= reason;
        _held++;
        EnsureArmed();
    }

    private void LeaveHold(GateOrder order)
    {
        if (order.Stage is OrderStage.Wheel or OrderStage.Pacing or OrderStage.Contained or OrderStage.Approval)
        {
            _held--;
            if (order.RetryPending)
            {
                order.RetryPending = false;
                _retryWaiting--;
            }
        }
        order.Stage = OrderStage.Free;
    }
}
