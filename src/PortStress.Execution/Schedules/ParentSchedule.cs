namespace PortStress.Execution.Schedules;

/// <summary>
/// Works a <see cref="ParentOrder"/> by emitting child intents at the order's cadence. On each slice the schedule
/// compares its target (what should be committed by now) with what is working or filled: the new slice goes out as
/// a regular child, and any shortfall (quantity the gate trimmed or refused, the venue rejected, or left unfilled)
/// goes out as a catch-up child, so the gate's trims and holds feed back into the schedule and nothing is lost.
/// Thread-safe: the gate calls back from its own threads.
/// </summary>
public abstract class ParentSchedule : IChildOrderListener, IDisposable
{
    private readonly IChildOrderSubmitter _submitter;
    private readonly OrderIdSource _ids;
    private readonly Lock _sync = new();
    private readonly Dictionary<long, decimal> _open = [];
    private readonly TaskCompletionSource<ScheduleProgress> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _timer;
    private long _started;
    private decimal _lastTarget;
    private decimal _target;
    private decimal _working;
    private decimal _filled;
    private decimal _returned;
    private int _children;
    private int _catchUps;
    private int _refused;
    private bool _windowEnded;

    /// <summary>Creates the schedule (not started).</summary>
    /// <param name="order">The parent order (validated here).</param>
    /// <param name="submitter">Where children go (the gate).</param>
    /// <param name="ids">Child order ids.</param>
    /// <param name="timeProvider">The clock; children's timestamps are of it.</param>
    protected ParentSchedule(ParentOrder order, IChildOrderSubmitter submitter, OrderIdSource ids, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(order);
        Order = order.Validate();
        _submitter = submitter ?? throw new ArgumentNullException(nameof(submitter));
        _ids = ids ?? throw new ArgumentNullException(nameof(ids));
        Time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>The parent order.</summary>
    public ParentOrder Order { get; }

    /// <summary>The schedule's intended rate in quantity per second (what a catch-up cap multiplies).</summary>
    public abstract decimal ScheduleRate { get; }

    /// <summary>Completes with the final progress once the schedule has finished.</summary>
    public Task<ScheduleProgress> Finished => _finished.Task;

    /// <summary>The clock.</summary>
    protected TimeProvider Time { get; }

    /// <summary>When the schedule started (a <see cref="TimeProvider"/> timestamp); 0 before. The parent's decision time in its record.</summary>
    public long StartTimestamp => _started;

    /// <summary>Where the schedule stands now.</summary>
    public ScheduleProgress Progress
    {
        get
        {
            lock (_sync)
            {
                return Snapshot();
            }
        }
    }

    /// <summary>Starts the slice timer; the first slice goes out now.</summary>
    public void Start()
    {
        lock (_sync)
        {
            if (_started != 0)
            {
                throw new InvalidOperationException($"parent {Order.ParentId} already started");
            }

            _started = Time.GetTimestamp();
        }

        _timer = Time.CreateTimer(static s => ((ParentSchedule)s!).Tick(), this, TimeSpan.Zero, Order.SliceInterval);
    }

    /// <summary>Runs one slice now (the timer calls it; tests may too).</summary>
    public void Tick()
    {
        ChildOrderIntent? regular = null;
        ChildOrderIntent? catchUp = null;
        lock (_sync)
        {
            if (_started == 0 || _windowEnded)
            {
                return;
            }

            var now = Time.GetTimestamp();
            var elapsed = Time.GetElapsedTime(_started, now);
            var final = elapsed >= Order.Duration;
            var target = final ? Order.Quantity : RoundDown(Math.Min(Order.Quantity, TargetAt(elapsed)));
            _target = Math.Max(_target, target);
            var gap = _target - _working - _filled;
            var slice = Math.Max(0, _target - _lastTarget);
            _lastTarget = _target;
            if (gap > 0)
            {
                var regularQuantity = RoundDown(Math.Min(slice, gap));
                var catchUpQuantity = RoundDown(gap - regularQuantity);
                var deadline = now + (long)((Order.ChildDeadline ?? Order.SliceInterval).TotalSeconds * Time.TimestampFrequency);
                var late = final || elapsed >= Order.Duration * 0.8;
                regular = regularQuantity > 0 ? NewChild(regularQuantity, now, deadline, catchUpFlag: false, final ? Urgency.Critical : late ? Urgency.High : Urgency.Normal) : null;
                catchUp = catchUpQuantity > 0 ? NewChild(catchUpQuantity, now, deadline, catchUpFlag: true, final ? Urgency.Critical : late ? Urgency.High : Urgency.Normal) : null;
            }

            if (final)
            {
                _windowEnded = true;
                _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }

        // Submitted outside the lock: the gate may answer on this thread.
        if (regular is not null)
        {
            _submitter.Submit(regular, this);
        }

        if (catchUp is not null)
        {
            _submitter.Submit(catchUp, this);
        }

        CheckFinished();
    }

    /// <summary>The quantity that should be committed <paramref name="elapsed"/> after the start (before lot rounding).</summary>
    /// <param name="elapsed">Time since the start, less than the duration.</param>
    protected abstract decimal TargetAt(TimeSpan elapsed);

    /// <inheritdoc />
    public void OnOutcome(in GateOutcome outcome)
    {
        lock (_sync)
        {
            var id = outcome.Intent.OrderId;
            if (outcome.Kind == GateOutcomeKind.Refused)
            {
                _refused++;
                Return(id, outcome.Intent.Quantity);
                _open.Remove(id);
            }
            else if (outcome.TrimmedQuantity > 0)
            {
                Return(id, outcome.TrimmedQuantity);
            }
        }

        CheckFinished();
    }

    /// <inheritdoc />
    public void OnAcknowledged(ChildOrderIntent intent)
    {
    }

    /// <inheritdoc />
    public void OnRejected(ChildOrderIntent intent, string reason) => Close(intent);

    /// <inheritdoc />
    public void OnFilled(ChildOrderIntent intent, decimal quantity, decimal price)
    {
        ArgumentNullException.ThrowIfNull(intent);
        lock (_sync)
        {
            if (!_open.TryGetValue(intent.OrderId, out var remaining))
            {
                return;
            }

            var filled = Math.Min(quantity, remaining);
            _open[intent.OrderId] = remaining - filled;
            _working -= filled;
            _filled += filled;
        }

        CheckFinished();
    }

    /// <inheritdoc />
    public void OnDone(ChildOrderIntent intent, decimal leavesQuantity) => Close(intent);

    /// <summary>Stops the slice timer.</summary>
    public void Dispose()
    {
        _timer?.Dispose();
        GC.SuppressFinalize(this);
    }

    private ChildOrderIntent NewChild(decimal quantity, long now, long deadline, bool catchUpFlag, Urgency urgency)
    {
        var child = new ChildOrderIntent
        {
            OrderId = _ids.Next(),
            ParentId = Order.ParentId,
            Venue = Order.Venue,
            Symbol = Order.Symbol,
            Side = Order.Side,
            Quantity = quantity,
            LimitPrice = Order.LimitPrice,
            Urgency = urgency,
            DecisionTimestamp = now,
            DeadlineTimestamp = deadline,
            IsCatchUp = catchUpFlag,
            ScheduleRate = ScheduleRate,
        };
        _open[child.OrderId] = quantity;
        _working += quantity;
        _children++;
        _catchUps += catchUpFlag ? 1 : 0;
        return child;
    }

    // A child that ended (rejected, or done at the venue): what it still had working comes back, whatever the venue
    // said it left.
    private void Close(ChildOrderIntent intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        lock (_sync)
        {
            if (_open.Remove(intent.OrderId, out var remaining))
            {
                _working -= remaining;
                _returned += remaining;
            }
        }

        CheckFinished();
    }

    private void Return(long orderId, decimal quantity)
    {
        if (!_open.TryGetValue(orderId, out var remaining))
        {
            return;
        }

        var back = Math.Min(quantity, remaining);
        _open[orderId] = remaining - back;
        _working -= back;
        _returned += back;
    }

    private decimal RoundDown(decimal quantity) => Math.Floor(quantity / Order.LotSize) * Order.LotSize;

    private ScheduleProgress Snapshot() => new(
        _target, _working, _filled, _returned, _children, _catchUps, _refused,
        _filled >= Order.Quantity || (_windowEnded && _working == 0));

    private void CheckFinished()
    {
        ScheduleProgress progress;
        lock (_sync)
        {
            progress = Snapshot();
            if (!progress.Finished)
            {
                return;
            }

            _windowEnded = true;
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        _finished.TrySetResult(progress);
    }
}
