namespace PortStress.Execution.Schedules;

/// <summary>Hands out child order ids, unique per source (share one per gate). Thread-safe.</summary>
/// <param name="first">The first id handed out.</param>
public sealed class OrderIdSource(long first = 1)
{
    private long _next = first - 1;

    /// <summary>The next id.</summary>
    public long Next() => Interlocked.Increment(ref _next);
}
