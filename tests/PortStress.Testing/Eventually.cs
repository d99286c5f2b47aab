namespace PortStress.Testing;

/// <summary>Waiting on real sockets and real peers, which need real time.</summary>
public static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds; after the timeout fails saying what it waited for (and what it saw).</summary>
    /// <param name="condition">The condition.</param>
    /// <param name="what">What is awaited, for the failure message.</param>
    /// <param name="timeoutMs">How long to wait.</param>
    /// <param name="context">What was seen instead, for the failure message.</param>
    public static async Task WaitFor(Func<bool> condition, string what, int timeoutMs = 10_000, Func<string>? context = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"timed out after {timeoutMs} ms waiting for: {what}{(context is null ? string.Empty : "; " + context())}");
            }

            await Task.Delay(10);
        }
    }
}
