using PortStress.Fix.Engine;

namespace PortStress.Venue.Transport;

/// <summary>Calls <see cref="Session.OnTimer"/> when its next deadline falls, re-armed on every state change (heartbeats, test requests, logout timeout).</summary>
internal sealed class VenueSessionTimer : IDisposable
{
    private readonly Session _session;
    private readonly ITimer _timer;
    private int _disposed;

    public VenueSessionTimer(Session session, TimeProvider time)
    {
        _session = session;
        _timer = time.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        session.StateChanged += OnStateChanged;
        session.DeadlinesChanged += OnDeadlinesChanged;
    }

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
