namespace PortStress.Venue.Internal;

/// <summary>Waiting for an instant of the venue's clock, which may be simulated.</summary>
internal static class ClockWait
{
    private static readonly TimeSpan Recheck = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Completes once <paramref name="time"/> reads at least <paramref name="due"/>. Besides a timer on that clock it
    /// looks again every 50 ms of real time, so a simulated clock moved forward between reading it and arming the timer
    /// (which would arm the timer too late) still releases the wait promptly.
    /// </summary>
    public static async Task UntilAsync(TimeProvider time, DateTimeOffset due, CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = due - time.GetUtcNow();
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            using var round = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var onClock = Task.Delay(wait, time, round.Token);
            var recheck = ReferenceEquals(time, TimeProvider.System) ? onClock : Task.Delay(wait < Recheck ? wait : Recheck, TimeProvider.System, round.Token);
            await Task.WhenAny(onClock, recheck).ConfigureAwait(false);
            await round.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
