namespace PortStress.Execution.Gate;

/// <summary>
/// A success-credited token bucket for one destination: it starts full; every failure (a failed send, a send with
/// no session logged on, a venue reject) spends one token; every success (an acknowledgement) returns
/// <c>refill × scale</c> tokens, up to the maximum. Retries are allowed only while at least half the tokens remain,
/// so a destination that keeps failing stops being retried until successes earn the budget back. Time plays no
/// part (unlike the platform's rate limiters). Not thread-safe: the gate calls it under its lock.
/// </summary>
public sealed class RetryBudget
{
    /// <summary>Creates a full budget.</summary>
    /// <param name="maxTokens">The bucket size (at least 2).</param>
    /// <param name="refillPerSuccess">Tokens one success returns before scaling.</param>
    public RetryBudget(int maxTokens, double refillPerSuccess)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(refillPerSuccess);
        MaxTokens = maxTokens;
        RefillPerSuccess = refillPerSuccess;
        Tokens = maxTokens;
    }

    /// <summary>The bucket size.</summary>
    public int MaxTokens { get; }

    /// <summary>Tokens one success returns before scaling.</summary>
    public double RefillPerSuccess { get; }

    /// <summary>The tokens left.</summary>
    public double Tokens { get; private set; }

    /// <summary>True while at least half the tokens remain.</summary>
    public bool CanRetry => Tokens >= MaxTokens / 2.0;

    /// <summary>A failure spends one token (not below zero).</summary>
    public void RecordFailure() => Tokens = Math.Max(0, Tokens - 1);

    /// <summary>A success returns <see cref="RefillPerSuccess"/> × <paramref name="scale"/> tokens (not above the maximum).</summary>
    /// <param name="scale">The state's refill scale (1 normal, 0.5 halved).</param>
    public void RecordSuccess(double scale) => Tokens = Math.Min(MaxTokens, Tokens + (RefillPerSuccess * Math.Max(0, scale)));

    /// <summary>The full-jitter exponential back-off before retry <paramref name="attempt"/> (0-based): U(0, min(cap, base × 2^attempt)).</summary>
    /// <param name="attempt">How many retries came before.</param>
    /// <param name="baseDelay">The base delay.</param>
    /// <param name="maxDelay">The cap.</param>
    /// <param name="uniform">A uniform draw in [0, 1).</param>
    public static TimeSpan Backoff(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double uniform)
    {
        var ceiling = Math.Min(maxDelay.Ticks, baseDelay.Ticks * Math.Pow(2, Math.Min(attempt, 30)));
        return TimeSpan.FromTicks((long)(ceiling * uniform));
    }
}
