namespace PortStress.Fix.Engine.Transport;

/// <summary>
/// Calls <see cref="Session.OnTimer"/> exactly when its next deadline falls (sub-second), re-armed on every state
/// change. The engine's initiator and acceptor keep one per session; a transport of one's own (the venue
/// simulator's) uses it the same way.
/// </summary>
public sealed class SessionTimer : IDisposable
{
    private readonly Session _session;
    private readonly ITimer _timer;
    private int _disposed;

    /// <summary>Starts driving <paramref name="session"/>'s timers on <paramref name="time"/>'s clock.</summary>
    /// <param name="session">The session.</param>
    /// <param name="time">The clock.</param>
    public SessionTimer(Session session, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(time);
        _session = session;
        _timer = time.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        session.StateChanged += OnStateChanged;
        session.DeadlinesChanged += OnDeadlinesChanged;
    }

    /// <summary>Stops driving the session's timers.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _session.StateChanged -= OnStateChanged;
            _session.DeadlinesChanged -= OnDeadlinesChanged;
            _timer.Dispose();
        }
    }

    private void OnStateChanged(Session session, SessionState state) => Arm(TimeSpan.Zero);

    private void OnDeadlinesChanged() => Arm(TimeSpan.Zero);

    private void Fire()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            Arm(_session.OnTimer());
        }
    }

    private void Arm(TimeSpan due)
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }
}
