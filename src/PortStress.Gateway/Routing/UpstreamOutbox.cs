using System.Collections.Concurrent;
using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Gateway.Routing;

/// <summary>
/// Sends reports to upstream sessions; a report for a session that is not logged on (or pushes back) waits here, in
/// order, and goes out when the session logs on again, so no report is lost to a reconnect.
/// </summary>
public sealed class UpstreamOutbox
{
    private readonly Func<SessionId, Session?> _sessions;
    private readonly ConcurrentDictionary<SessionId, Queue<FixMessage>> _waiting = new();

    /// <summary>Creates the outbox.</summary>
    /// <param name="sessions">Finds an upstream session by id.</param>
    public UpstreamOutbox(Func<SessionId, Session?> sessions) => _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));

    /// <summary>Reports waiting for a session to log on.</summary>
    public int Waiting => _waiting.Values.Sum(q => { lock (q) { return q.Count; } });

    /// <summary>Sends <paramref name="message"/> to <paramref name="session"/> now, or queues it behind earlier ones.</summary>
    /// <param name="session">The upstream session.</param>
    /// <param name="message">The report.</param>
    /// <returns>True when sent now.</returns>
    public bool Send(SessionId session, FixMessage message)
    {
        var queue = _waiting.GetOrAdd(session, _ => new Queue<FixMessage>());
        lock (queue)
        {
            if (queue.Count == 0 && _sessions(session)?.Send(message) == SendOutcome.Sent)
            {
                return true;
            }

            queue.Enqueue(message);
            return false;
        }
    }

    /// <summary>Sends what waits for <paramref name="session"/> (call on logon); stops at the first refusal.</summary>
    /// <param name="session">The session that logged on.</param>
    /// <returns>How many were sent.</returns>
    public int Flush(SessionId session)
    {
        if (!_waiting.TryGetValue(session, out var queue) || _sessions(session) is not { } target)
        {
            return 0;
        }

        var sent = 0;
        lock (queue)
        {
            while (queue.TryPeek(out var next) && target.Send(next) == SendOutcome.Sent)
            {
                queue.Dequeue();
                sent++;
            }
        }

        return sent;
    }
}
