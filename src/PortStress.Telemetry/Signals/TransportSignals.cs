namespace PortStress.Telemetry.Signals;

/// <summary>
/// The ring consumer's estimators: turns <see cref="TransportEvent"/>s into CFR (by cause), connect latency
/// quantiles per destination and overall, logon latency, DSD, ack latency, reconnect rate, retry queue depth
/// and RBI. <see cref="OnEvent"/> never allocates once a destination has been seen. Not thread-safe: call it
/// from the consumer thread only (it is the handler passed to <see cref="TransportEventRing.Drain{THandler}"/>).
/// </summary>
public sealed class TransportSignals : ITransportEventHandler
{
    private readonly TransportSignalOptions _options;
    private readonly TimeProvider _time;
    private readonly long _frequency;
    private readonly LogBuckets _buckets;
    private readonly SlidingWindowCounter[] _failuresByCause;
    private DestinationSignals?[] _destinations = new DestinationSignals?[8];
    private int _retryQueueDepth;

    /// <summary>Creates the estimators.</summary>
    /// <param name="timeProvider">The clock; events must be stamped by the same one.</param>
    /// <param name="options">Windows and thresholds; defaults when null.</param>
    public TransportSignals(TimeProvider timeProvider, TransportSignalOptions? options = null)
    {
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _options = options ?? new TransportSignalOptions();
        _frequency = _time.TimestampFrequency;
        _buckets = new LogBuckets(_options.QuantileRelativeAccuracy, 1e-9, 3600);
        ConnectAttempts = Counter(_options.CountWindow);
        ConnectFailures = Counter(_options.CountWindow);
        Disconnects = Counter(_options.CountWindow);
        Reconnects = Counter(_options.ReconnectWindow);
        _failuresByCause = new SlidingWindowCounter[Enum.GetValues<ConnectFailureCause>().Length];
        for (var i = 0; i < _failuresByCause.Length; i++)
            _failuresByCause[i] = Counter(_options.CountWindow);
        ConnectLatency = Quantiles();
        LogonLatency = Quantiles();
        DecisionToSend = Quantiles();
        OrderAckLatency = Quantiles();
        RetryBurst = new RetryBurstIndex(_options.RetryBurstBucket, _options.RetryBurstBuckets, _options.RetryBurstMinimumCount, _frequency);
    }

    /// <summary>Connect attempts, all destinations.</summary>
    public SlidingWindowCounter ConnectAttempts { get; }

    /// <summary>Connect failures, all destinations.</summary>
    public SlidingWindowCounter ConnectFailures { get; }

    /// <summary>Disconnects, all destinations.</summary>
    public SlidingWindowCounter Disconnects { get; }

    /// <summary>Reconnects scheduled, all destinations.</summary>
    public SlidingWindowCounter Reconnects { get; }

    /// <summary>Connect latency, all destinations (CTL).</summary>
    public SlidingWindowQuantiles ConnectLatency { get; }

    /// <summary>Logon latency (logon sent to logon acknowledged).</summary>
    public SlidingWindowQuantiles LogonLatency { get; }

    /// <summary>Decision-to-send delay of child orders (DSD).</summary>
    public SlidingWindowQuantiles DecisionToSend { get; }

    /// <summary>Order send-to-ack latency.</summary>
    public SlidingWindowQuantiles OrderAckLatency { get; }

    /// <summary>Retry Burst Index.</summary>
    public RetryBurstIndex RetryBurst { get; }

    /// <summary>The latest retry queue depth reported with a retry.</summary>
    public int RetryQueueDepth => _retryQueueDepth;

    /// <summary>Failures of one cause, all destinations.</summary>
    /// <param name="cause">The cause.</param>
    public SlidingWindowCounter FailuresOf(ConnectFailureCause cause) => _failuresByCause[(int)cause];

    /// <summary>The estimators of one destination, or null before its first event.</summary>
    /// <param name="destination">The destination.</param>
    public DestinationSignals? ForDestination(DestinationId destination) =>
        destination.Value > 0 && destination.Value < _destinations.Length ? _destinations[destination.Value] : null;

    /// <inheritdoc />
    public void OnEvent(in TransportEvent transportEvent)
    {
        var at = transportEvent.Timestamp;
        switch (transportEvent.Kind)
        {
            case TransportEventKind.ConnectAttempt:
                ConnectAttempts.Add(at);
                Destination(transportEvent.Destination)?.ConnectAttempts.Add(at);
                break;
            case TransportEventKind.ConnectSucceeded:
                ConnectLatency.RecordElapsed(at, transportEvent.Elapsed);
                Destination(transportEvent.Destination)?.ConnectLatency.RecordElapsed(at, transportEvent.Elapsed);
                break;
            case TransportEventKind.ConnectFailed:
                ConnectFailures.Add(at);
                _failuresByCause[(int)transportEvent.FailureCause].Add(at);
                Destination(transportEvent.Destination)?.ConnectFailures.Add(at);
                break;
            case TransportEventKind.LogonAcked:
                LogonLatency.RecordElapsed(at, transportEvent.Elapsed);
                break;
            case TransportEventKind.Disconnected:
                Disconnects.Add(at);
                break;
            case TransportEventKind.ReconnectScheduled:
                Reconnects.Add(at);
                break;
            case TransportEventKind.OrderSent:
                DecisionToSend.RecordElapsed(at, transportEvent.Elapsed);
                break;
            case TransportEventKind.OrderAcked:
                OrderAckLatency.RecordElapsed(at, transportEvent.Elapsed);
                break;
            case TransportEventKind.RetryScheduled:
                RetryBurst.Record(at);
                _retryQueueDepth = transportEvent.QueueDepth;
                break;
            default:
                break;
        }
    }

    /// <summary>Reads every signal at the provider's current time (allocates the snapshot; call it on the control tick).</summary>
    /// <param name="ringDrops">The ring's drop count, to export with the signals.</param>
    public TransportSignalSnapshot Snapshot(long ringDrops = 0)
    {
        var now = _time.GetTimestamp();
        var attempts = ConnectAttempts.Sum(now);
        var failures = ConnectFailures.Sum(now);
        var byCause = new long[_failuresByCause.Length];
        for (var i = 0; i < byCause.Length; i++)
            byCause[i] = _failuresByCause[i].Sum(now);
        var destinations = new List<DestinationSignalSnapshot>();
        foreach (var d in _destinations)
        {
            if (d is null)
                continue;
            destinations.Add(new DestinationSignalSnapshot(
                d.Destination, d.ConnectAttempts.Sum(now), d.ConnectFailureRatio(now),
                d.ConnectLatency.Quantile(now, 0.95), d.ConnectLatency.Quantile(now, 0.99)));
        }
        return new TransportSignalSnapshot
        {
            Timestamp = now,
            ConnectAttempts = attempts,
            ConnectFailures = failures,
            ConnectFailureRatio = DestinationSignals.Ratio(failures, attempts),
            FailuresByCause = byCause,
            ConnectLatencyP95 = ConnectLatency.Quantile(now, 0.95),
            ConnectLatencyP99 = ConnectLatency.Quantile(now, 0.99),
            LogonLatencyP95 = LogonLatency.Quantile(now, 0.95),
            DecisionToSendP95 = DecisionToSend.Quantile(now, 0.95),
            OrderAckLatencyP95 = OrderAckLatency.Quantile(now, 0.95),
            ReconnectsPerMinute = Reconnects.Sum(now) * 60 / _options.ReconnectWindow.TotalSeconds,
            Disconnects = Disconnects.Sum(now),
            RetryQueueDepth = _retryQueueDepth,
            RetryBurstIndex = RetryBurst.Value(now),
            RingDrops = ringDrops,
            Destinations = destinations,
        };
    }

    private DestinationSignals? Destination(DestinationId id)
    {
        if (id.Value <= 0)
            return null;
        if (id.Value >= _destinations.Length)
            Array.Resize(ref _destinations, Math.Max(id.Value + 1, _destinations.Length * 2));
        return _destinations[id.Value] ??= new DestinationSignals(id, _options, _frequency, _buckets);
    }

    private SlidingWindowCounter Counter(TimeSpan window) =>
        new(window, window == _options.CountWindow ? _options.CountBuckets : 12, _frequency);

    private SlidingWindowQuantiles Quantiles() =>
        new(_options.LatencyWindow, _options.LatencySubWindows, _frequency, _buckets);
}
