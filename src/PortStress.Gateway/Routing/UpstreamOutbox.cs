using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Gateway.Routing;

/// <summary>
/// Sends reports to upstream sessions, in order per session, and keeps what a session cannot take yet (not logged on,
/// pushing back) until its next logon. Each session's reports queue in its lane, and the lane is drained under the
/// session's lock through <see cref="Session.Post"/>: at once on the caller's thread when the session is free, else by
/// the thread inside the session as it leaves (the session's reader, usually), so the caller never waits for a
/// session's lock. That is the point: the engine calls an application's <c>FromApp</c> under that session's lock, so
/// a venue session's report handler that waited for the upstream session's lock, while an upstream order handler
/// waits for the venue's, would deadlock; and no report takes a hop to a thread of the outbox's own, which is what a
/// loaded two-core machine charges most for. The outbox owns a message from
/// <see cref="Send(SessionId, FixMessage, Action?)"/> on: once the session has taken it, it is cleared and handed out
/// again by <see cref="Rent"/>.
/// </summary>
public sealed class UpstreamOutbox : IAsyncDisposable
{
    private const int PooledMessages = 256;
    private static readonly Action<Session, object?> DrainPosted = static (session, lane) => ((Lane)lane!).Outbox.Drain(session, (Lane)lane!);

    [ThreadStatic]
    private static Lane? _postingLane;

    private readonly Func<SessionId, Session?> _sessions;
    private readonly ConcurrentDictionary<SessionId, Lane> _lanes = new();
    private readonly ConcurrentBag<FixMessage> _pool = [];
    private int _waitingCount;
    private int _pooled;
    private long _sentAtOnce;
    private long _sentLater;

    /// <summary>Creates the outbox.</summary>
    /// <param name="sessions">Finds an upstream session by id.</param>
    public UpstreamOutbox(Func<SessionId, Session?> sessions)
    {
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
    }

    /// <summary>Reports not yet taken by their session (it is busy, not logged on, or pushing back).</summary>
    public int Waiting => Volatile.Read(ref _waitingCount);

    /// <summary>Reports sent on the thread that made them (the session was free).</summary>
    public long SentAtOnce => Interlocked.Read(ref _sentAtOnce);

    /// <summary>Reports sent later, by the thread that was inside the session as it left, or after a logon.</summary>
    public long SentLater => Interlocked.Read(ref _sentLater);

    /// <summary>An empty message to build a report in (one sent earlier, cleared, when there is one).</summary>
    public FixMessage Rent()
    {
        if (_pool.TryTake(out var message))
        {
            Interlocked.Decrement(ref _pooled);
            return message;
        }

        return new FixMessage();
    }

    /// <summary>Sends <paramref name="message"/> to <paramref name="session"/>, behind earlier reports to it. The outbox owns the message from here on.</summary>
    /// <param name="session">The upstream session.</param>
    /// <param name="message">The report.</param>
    /// <param name="sent">Called once the session has taken the report (under the session's lock, on whichever thread sent it), or null.</param>
    public void Send(SessionId session, FixMessage message, Action? sent = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        Enqueue(session, new Item(message, sent));
    }

    /// <summary>Sends a report about <paramref name="order"/>; <paramref name="sent"/> gets the order and <paramref name="version"/> once the session has taken it (no closure per report).</summary>
    /// <param name="session">The upstream session.</param>
    /// <param name="message">The report.</param>
    /// <param name="order">The order the report is about.</param>
    /// <param name="version">The order's version the report shows.</param>
    /// <param name="sent">Called once the session has taken the report (under the session's lock, on whichever thread sent it).</param>
    internal void Send(SessionId session, FixMessage message, RoutedOrder order, int version, Action<RoutedOrder, int> sent)
    {
        ArgumentNullException.ThrowIfNull(message);
        Enqueue(session, new Item(message, null, order, version, sent));
    }

    /// <summary>Sends what waits for <paramref name="session"/> (call on logon).</summary>
    /// <param name="session">The session that logged on.</param>
    public void Flush(SessionId session)
    {
        var lane = LaneOf(session);
        lock (lane.Sync)
        {
            if (lane.Waiting.Count == 0 || lane.Posted)
            {
                return;
            }

            lane.Posted = true;
        }

        Post(lane);
    }

    /// <summary>Completes once every report given before the call has been sent or set waiting for its session.</summary>
    public Task DrainAsync()
    {
        var lanes = _lanes.Values.Where(lane => (lane.Session ??= _sessions(lane.Id)) is not null).ToList();
        if (lanes.Count == 0)
        {
            return Task.CompletedTask;
        }

        // Posted work runs in order: a marker posted now runs after every drain posted before it.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var remaining = new StrongBox<int>(lanes.Count);
        foreach (var lane in lanes)
        {
            lane.Session!.Post(
                static (_, state) =>
                {
                    var (counter, completion) = ((StrongBox<int>, TaskCompletionSource))state!;
                    if (Interlocked.Decrement(ref counter.Value) == 0)
                    {
                        completion.TrySetResult();
                    }
                },
                (remaining, done));
        }

        return done.Task;
    }

    /// <summary>Nothing to stop: reports still waiting stay with their lanes (they are journaled; a restart re-reports them).</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Lane LaneOf(SessionId session) =>
        _lanes.TryGetValue(session, out var lane) ? lane : _lanes.GetOrAdd(session, id => new Lane(this, id));

    private void Enqueue(SessionId session, Item item)
    {
        var lane = LaneOf(session);
        bool post;
        lock (lane.Sync)
        {
            lane.Waiting.Enqueue(item);
            post = !lane.Posted;
            lane.Posted = true;
        }

        Interlocked.Increment(ref _waitingCount);
        if (post)
        {
            Post(lane);
        }
    }

    // Outside the lane's lock: Post may drain at once, under the session's lock, and the drain takes the lane's.
    private void Post(Lane lane)
    {
        if ((lane.Session ??= _sessions(lane.Id)) is not { } session)
        {
            // No such session (yet): the reports wait for its logon's Flush.
            lock (lane.Sync)
            {
                lane.Posted = false;
            }

            return;
        }

        var outer = _postingLane;
        _postingLane = lane;
        try
        {
            session.Post(DrainPosted, lane);
        }
        finally
        {
            _postingLane = outer;
        }
    }

    // Under the session's lock: sends the lane's reports in order until the session will not take one (not logged on,
    // pushing back: those wait for the next report or logon). Callbacks run outside the lane's lock: they take the
    // order's lock, which a sender may hold while it takes the lane's.
    private void Drain(Session session, Lane lane)
    {
        var delivered = lane.Delivered;
        lock (lane.Sync)
        {
            lane.Posted = false;
            while (lane.Waiting.TryPeek(out var next) && session.Send(next.Message) == SendOutcome.Sent)
            {
                lane.Waiting.Dequeue();
                delivered.Add(next);
            }
        }

        if (delivered.Count == 0)
        {
            return;
        }

        Interlocked.Add(ref _waitingCount, -delivered.Count);
        Interlocked.Add(ref ReferenceEquals(_postingLane, lane) ? ref _sentAtOnce : ref _sentLater, delivered.Count);
        foreach (var item in delivered)
        {
            item.Sent?.Invoke();
            item.OrderSent?.Invoke(item.Order!, item.Version);
            Recycle(item.Message);
        }

        delivered.Clear();
    }

    private void Recycle(FixMessage message)
    {
        if (Interlocked.Increment(ref _pooled) <= PooledMessages)
        {
            message.Clear();
            _pool.Add(message);
        }
        else
        {
            Interlocked.Decrement(ref _pooled);
        }
    }

    // One upstream session's reports not yet taken, in order. Waiting and Posted are guarded by Sync.
    private sealed class Lane(UpstreamOutbox outbox, SessionId id)
    {
        public UpstreamOutbox Outbox { get; } = outbox;

        public SessionId Id { get; } = id;

        public Lock Sync { get; } = new();

        public Queue<Item> Waiting { get; } = new();

        public Session? Session { get; set; }

        // A drain is posted to the session and has not started: a new report needs no other.
        public bool Posted { get; set; }

        // Reports a drain sent, called back after it lets the lane go (used only under the session's lock).
        public List<Item> Delivered { get; } = [];
    }

    private readonly record struct Item(
        FixMessage Message, Action? Sent, RoutedOrder? Order = null, int Version = 0, Action<RoutedOrder, int>? OrderSent = null);
}
