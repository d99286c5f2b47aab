using System.Diagnostics.CodeAnalysis;
using System.Threading.RateLimiting;

namespace PortStress.Execution.Gate;

/// <summary>
/// A venue's message-rate limit: a token bucket of <c>burst</c> permits refilled at <c>rate</c> per second, as a
/// System.Threading.RateLimiting <see cref="ReplenishingRateLimiter"/> driven by the gate's <see cref="TimeProvider"/>.
/// The platform's <see cref="TokenBucketRateLimiter"/> is not used because (in System.Threading.RateLimiting 10.0)
/// it refills from the machine's monotonic clock even when replenished by hand, so a fake clock cannot drive it, and
/// a refused acquisition allocates a lease. Here the refill is a pure function of the gate clock, leases are cached
/// (acquiring allocates nothing), and there is no queue: an order without a permit waits in the gate's pacing queue.
/// Not thread-safe on its own: the gate calls it under its lock.
/// </summary>
public sealed class VenuePacer : ReplenishingRateLimiter
{
    private static readonly RateLimitLease Granted = new Lease(true);
    private static readonly RateLimitLease Refused = new Lease(false);
    private readonly TimeProvider _time;
    private readonly long _frequency;
    private readonly long _capacity;
    private long _credit; // permits × timestamp frequency: integer arithmetic, so a refill lands exactly on its tick
    private long _updated;
    private long _successful;
    private long _failed;

    /// <summary>Creates a full bucket.</summary>
    /// <param name="messagesPerSecond">The refill rate (positive).</param>
    /// <param name="burst">The bucket size (positive).</param>
    /// <param name="timeProvider">The gate's clock.</param>
    public VenuePacer(int messagesPerSecond, int burst, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(messagesPerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        MessagesPerSecond = messagesPerSecond;
        Burst = burst;
        _frequency = _time.TimestampFrequency;
        _capacity = burst * _frequency;
        _credit = _capacity;
        _updated = _time.GetTimestamp();
    }

    /// <summary>The refill rate in messages per second.</summary>
    public int MessagesPerSecond { get; }

    /// <summary>The bucket size.</summary>
    public int Burst { get; }

    /// <inheritdoc />
    public override TimeSpan? IdleDuration => null;

    /// <inheritdoc />
    public override bool IsAutoReplenishing => true;

    /// <inheritdoc />
    public override TimeSpan ReplenishmentPeriod => TimeSpan.FromSeconds(1.0 / MessagesPerSecond);

    /// <summary>True when a permit is available now, taking it.</summary>
    /// <param name="now">The gate clock.</param>
    public bool TryTake(long now)
    {
        Refill(now);
        if (_credit >= _frequency)
        {
            _credit -= _frequency;
            _successful++;
            return true;
        }
        _failed++;
        return false;
    }

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics()
    {
        Refill(_time.GetTimestamp());
        return new RateLimiterStatistics
        {
            CurrentAvailablePermits = _credit / _frequency,
            CurrentQueuedCount = 0,
            TotalSuccessfulLeases = _successful,
            TotalFailedLeases = _failed,
        };
    }

    /// <inheritdoc />
    public override bool TryReplenish()
    {
        Refill(_time.GetTimestamp());
        return true;
    }

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        if (permitCount == 0)
            return _credit >= _frequency ? Granted : Refused;
        if (permitCount != 1)
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, "A venue pacer hands out one permit per message.");
        return TryTake(_time.GetTimestamp()) ? Granted : Refused;
    }

    /// <inheritdoc />
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private void Refill(long now)
    {
        if (now > _updated)
        {
            var elapsed = Math.Min(now - _updated, (_capacity / MessagesPerSecond) + 1);
            _credit = Math.Min(_capacity, _credit + (elapsed * MessagesPerSecond));
            _updated = now;
        }
    }

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public override bool IsAcquired { get; } = acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, [NotNullWhen(true)] out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
