using System.Threading.Channels;
using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Gateway.Routing;

/// <summary>
/// Sends reports to upstream sessions from one task of its own, in order. Two reasons: the engine calls an
/// application's <c>FromApp</c> under that session's lock, so a venue session's report handler that sent upstream
/// directly, while an upstream order handler sends to the venue, would take the two session locks in opposite
/// orders (a deadlock); and a report for a session that is not logged on (or pushes back) must wait, in order, for
/// its next logon rather than be lost.
/// </summary>
public sealed class UpstreamOutbox : IAsyncDisposable
{
    private readonly Func<SessionId, Session?> _sessions;
    private readonly Channel<Item> _queue = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<SessionId, Queue<Item>> _waiting = [];
    private readonly Task _pump;
    private int _waitingCount;

    /// <summary>Creates the outbox and starts its sending task.</summary>
    /// <param name="sessions">Finds an upstream session by id.</param>
    public UpstreamOutbox(Func<SessionId, Session?> sessions)
    {
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Reports waiting for their session to log on.</summary>
    public int Waiting => Volatile.Read(ref _waitingCount);

    /// <summary>Queues <paramref name="message"/> for <paramref name="session"/>, behind earlier reports to it.</summary>
    /// <param name="session">The upstream session.</param>
    /// <param name="message">The report.</param>
    /// <param name="sent">Called (on the outbox's task) once the session has taken the report, or null.</param>
    public void Send(SessionId session, FixMessage message, Action? sent = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        _queue.Writer.TryWrite(new Item(session, message, sent, null));
    }

    /// <summary>Queues a report about <paramref name="order"/>; <paramref name="sent"/> gets the order and <paramref name="version"/> once the session has taken it (no closure per report).</summary>
    /// <param name="session">The upstream session.</param>
    /// <param name="message">The report.</param>
    /// <param name="order">The order the report is about.</param>
    /// <param name="version">The order's version the report shows.</param>
    /// <param name="sent">Called (on the outbox's task) once the session has taken the report.</param>
    internal void Send(SessionId session, FixMessage message, RoutedOrder order, int version, Action<RoutedOrder, int> sent)
    {
        ArgumentNullException.ThrowIfNull(message);
        _queue.Writer.TryWrite(new Item(session, message, null, null, order, version, sent));
    }

    /// <summary>Sends what waits for <paramref name="session"/> (call on logon).</summary>
    /// <param name="session">The session that logged on.</param>
    public void Flush(SessionId session) => _queue.Writer.TryWrite(new Item(session, null, null, null));

    /// <summary>Completes once every report queued before the call has been sent or set waiting for a logon.</summary>
    public Task DrainAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Item(default, null, null, done)))
        {
            done.TrySetResult();
        }

        return done.Task;
    }

    /// <summary>Stops taking reports and sends (or keeps waiting) what is queued.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _pump.ConfigureAwait(false);
    }

    private async Task PumpAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                if (item.Drained is { } drained)
                {
                    drained.TrySetResult();
                    continue;
                }

                if (!_waiting.TryGetValue(item.Session, out var waiting))
                {
                    waiting = new Queue<Item>();
                    _waiting.Add(item.Session, waiting);
                }

                if (item.Message is not null)
                {
                    waiting.Enqueue(item);
                    Interlocked.Increment(ref _waitingCount);
                }

                SendWaiting(item.Session, waiting);
            }
        }
    }

    private void SendWaiting(SessionId id, Queue<Item> waiting)
    {
        if (waiting.Count == 0 || _sessions(id) is not { } session)
        {
            return;
        }

        while (waiting.TryPeek(out var next) && session.Send(next.Message!) == SendOutcome.Sent)
        {
            waiting.Dequeue();
            Interlocked.Decrement(ref _waitingCount);
            next.Sent?.Invoke();
            next.OrderSent?.Invoke(next.Order!, next.Version);
        }
    }

    private readonly record struct Item(
        SessionId Session, FixMessage? Message, Action? Sent, TaskCompletionSource? Drained,
        RoutedOrder? Order = null, int Version = 0, Action<RoutedOrder, int>? OrderSent = null);
}
