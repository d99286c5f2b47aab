namespace PortStress.Venue.Internal;

/// <summary>A token bucket per session on the venue's clock: <c>rate</c> orders per second, bursts up to one second's worth.</summary>
internal sealed class OrderRateLimiter
{
    private readonly double _rate;
    private readonly double _capacity;
    private readonly object _sync = new();
    private double _tokens;
    private DateTimeOffset _last;

    public OrderRateLimiter(double ordersPerSecond, DateTimeOffset now)
    {
        _rate = ordersPerSecond;
        _capacity = Math.Max(1, ordersPerSecond);
        _tokens = _capacity;
        _last = now;
    }

    public double Rate => _rate;

    /// <summary>True if an order may pass now (and takes its token).</summary>
    public bool TryAcquire(DateTimeOffset now)
    {
        if (_rate <= 0)
        {
            return true;
        }

        lock (_sync)
        {
            if (now > _last)
            {
                _tokens = Math.Min(_capacity, _tokens + ((now - _last).TotalSeconds * _rate));
                _last = now;
            }

            if (_tokens >= 1)
            {
                _tokens -= 1;
                return true;
            }

            return false;
        }
    }
}
