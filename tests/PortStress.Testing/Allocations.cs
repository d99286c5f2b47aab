namespace PortStress.Testing;

/// <summary>
/// Measuring what code allocates on the calling thread in steady state. The runtime can allocate on the calling
/// thread once while it tiers a method up (it happens when the test run is busy enough to start call counting
/// inside the measured loop), so a single measurement can see a few KB that no later call repeats. A cost per
/// call shows in every round, so the least over several rounds is the steady-state figure.
/// </summary>
public static class Allocations
{
    /// <summary>Bytes the calling thread allocates while <paramref name="action"/> runs once.</summary>
    /// <param name="action">The code measured.</param>
    public static long Of(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>The least bytes allocated by one round of <paramref name="round"/> over up to <paramref name="rounds"/> rounds (stops at the first round that allocates nothing).</summary>
    /// <param name="round">One round of the code measured; must do the same work every time.</param>
    /// <param name="rounds">How many rounds at most.</param>
    public static long LeastPerRound(Action round, int rounds = 5) => LeastOf(() => Of(round), rounds);

    /// <summary>The least of up to <paramref name="rounds"/> results of <paramref name="measuredRound"/>, which measures one round itself (for rounds whose set-up between calls must stay outside the measurement).</summary>
    /// <param name="measuredRound">Runs one round and returns the bytes it allocated.</param>
    /// <param name="rounds">How many rounds at most.</param>
    public static long LeastOf(Func<long> measuredRound, int rounds = 5)
    {
        ArgumentNullException.ThrowIfNull(measuredRound);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var least = long.MaxValue;
        for (var i = 0; i < rounds && least > 0; i++)
        {
            least = Math.Min(least, measuredRound());
        }

        return least;
    }
}
