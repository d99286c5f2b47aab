using System.Collections.Concurrent;
using System.Threading.Channels;
using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Gateway.Routing;

/// <summary>
/// Sends reports to upstream sessions, in order per session, and keeps what a session cannot take yet (not logged on,
/// pushing back) until its next logon. Never waiting for a session's lock on the caller's thread is the point: the
/// engine calls an application's <c>FromApp</c> under that session's lock, so a venue session's report handler that
/// waited for the upstream session's lock, while an upstream order handler waits for the venue's, would deadlock. A
/// report goes out:
/// <list type="bullet">
/// <item>at once, on the caller's thread, when nothing waits before it and the session is free
/// (<see cref="Session.TrySend"/>);</item>
/// <item>when the session's own thread is inside its <c>FromApp</c> (<see cref="Entering"/>), from that thread as it
/// leaves (<see cref="Leaving"/>): it holds the session then, so sending costs no wait and no thread hop;</item>
/// <item>otherwise (another thread holds the session, or it cannot take the report) from a task of the outbox's own,
/// which waits for the session without holding anything.</item>
/// </list>
/// The outbox owns a message from <see cref="Send(SessionId, FixMessage, Action?)"/> on: once the session has taken it,
/// it is cleared and handed out again by <see cref="Rent"/>.
/// </summary>
public sealed class UpstreamOutbox : IAsyncDisposable
{
    private const int PooledMessages = 256;
    private readonly Func<SessionId, Session?> _sessions;
    private readonly ConcurrentDictionary<SessionId, Lane> _lanes = new();
    private readonly Channel<Wake> _wakes = Channel.CreateUnbounded<Wake>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentBag<FixMessage> _pool = [];
    private readonly Task _pump;
    private int _waitingCount;
    private int _pooled;
    private long _sentAtOnce;
    private long _sentByPump;

    /// <summary>Creates the outbox and starts its sending task.</summary>
    /// <param name="sessions">Finds an upstream session by id.</param>
    public UpstreamOutbox(Func<SessionId, Session?> sessions)
    {
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Reports waiting for their session (to log on, to be free, to take more).</summary>
    public int Waiting => Volatile.Read(ref _waitingCount);

    /// <summary>Reports sent on the caller's thread, or by the session's own thread as it left its callback.</summary>
    public long SentAtOnce => Interlocked.Read(ref _sentAtOnce);

    /// <summary>Reports sent by the outbox's task (they had to wait).</summary>
    public long SentByPump => Interlocked.Read(ref _sentByPump);

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
    /// <param name="sent">Called once the session has taken the report (on the caller's thread or the outbox's task), or null.</param>
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
    /// <param name="sent">Called once the session has taken the report (on the caller's thread or the outbox's task).</param>
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
            if (lane.Scheduled || lane.Draining)
            {
                return;
            }

            lane.Scheduled = true;
        }

        _wakes.Writer.TryWrite(new Wake(lane, null));
    }

    /// <summary>Completes once every report given before the call has been sent or set waiting for its session.</summary>
    public Task DrainAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_wakes.Writer.TryWrite(new Wake(null, done)))
        {
            done.TrySetResult();
        }

        return done.Task;
    }

    /// <summary>Stops taking reports and sends (or keeps waiting) what is queued.</summary>
    public async ValueTask DisposeAsync()
    {
        _wakes.Writer.TryComplete();
        await _pump.ConfigureAwait(false);
    }

    private Lane LaneOf(SessionId session) =>
        _lanes.TryGetValue(session, out var lane) ? lane : _lanes.GetOrAdd(session, static id => new Lane(id));

    /// <summary>
    /// The session's own thread is entering its <c>FromApp</c> (under the session's lock): reports for the session queue
    /// until <see cref="Leaving"/>, which sends them from that thread. Call both on that thread, <see cref="Leaving"/> in
    /// a <c>finally</c>.
    /// </summary>
    /// <param name="session">The upstream session.</param>
    public void Entering(SessionId session)
    {
        var lane = LaneOf(session);
        lock (lane.Sync)
        {
            lane.InCallback++;
        }
    }

    /// <summary>The session's own thread leaves its <c>FromApp</c>: it sends what queued for the session meanwhile, while it still holds the session.</summary>
    /// <param name="session">The upstream session.</param>
    public void Leaving(SessionId session)
    {
        var lane = LaneOf(session);
        var delivered = lane.Delivered;
        lock (lane.Sync)
        {
            lane.InCallback--;
            if (lane.InCallback > 0 || lane.Draining || (lane.Session ??= _sessions(session)) is not { } target)
            {
                return;
            }

            while (lane.Waiting.TryPeek(out var next) && target.TrySend(next.Message) == SendOutcome.Sent)
            {
                lane.Waiting.Dequeue();
                delivered.Add(next);
            }

            if (lane.Waiting.Count > 0 && !lane.Scheduled)
            {
                // The session would not take them (not logged on, pushing back): the outbox's task keeps trying.
                lane.Scheduled = true;
                _wakes.Writer.TryWrite(new Wake(lane, null));
            }
        }

        if (delivered.Count > 0)
        {
            Interlocked.Add(ref _waitingCount, -delivered.Count);
            Interlocked.Add(ref _sentAtOnce, delivered.Count);
            foreach (var item in delivered)
            {
                Delivered(item);
            }

            delivered.Clear();
        }
    }

    private void Enqueue(SessionId session, Item item)
    {
        var lane = LaneOf(session);
        var wake = false;
        lock (lane.Sync)
        {
            if (lane.InCallback == 0 && lane.Waiting.Count == 0 && !lane.Draining && (lane.Session ??= _sessions(session)) is { } target
                && target.TrySend(item.Message) == SendOutcome.Sent)
            {
                Interlocked.Increment(ref _sentAtOnce);
            }
            else
            {
                lane.Waiting.Enqueue(item);
                Interlocked.Increment(ref _waitingCount);

                // The session's thread sends it as it leaves its callback, or the task that is draining the lane does.
                if (lane.InCallback == 0 && !lane.Scheduled && !lane.Draining)
                {
                    lane.Scheduled = wake = true;
                }

                item = default;
            }
        }

        if (item.Message is not null)
        {
            Delivered(item);
        }
        else if (wake && !_wakes.Writer.TryWrite(new Wake(lane, null)))
        {
            // Disposed: the report stays waiting, as one for a session that never logs on again would.
            lock (lane.Sync)
            {
                lane.Scheduled = false;
            }
        }
    }

    // Callbacks run outside the lane's lock: they take the order's lock, which a sender may hold while it takes the lane's.
    private void Delivered(in Item item)
    {
        item.Sent?.Invoke();
        item.OrderSent?.Invoke(item.Order!, item.Version);
        if (Interlocked.Increment(ref _pooled) <= PooledMessages)
        {
            item.Message.Clear();
            _pool.Add(item.Message);
        }
        else
        {
            Interlocked.Decrement(ref _pooled);
        }
    }

    private async Task PumpAsync()
    {
        var reader = _wakes.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var wake))
            {
                if (wake.Drained is { } drained)
                {
                    drained.TrySetResult();
                }
                else
                {
                    Drain(wake.Lane!);
                }
            }
        }
    }

    // Sends the lane's reports in order, waiting for the session's lock without holding the lane's (a sender on the
    // session's own thread may want the lane meanwhile); stops at the first the session will not take.
    private void Drain(Lane lane)
    {
        lock (lane.Sync)
        {
            lane.Scheduled = false;
            lane.Draining = true;
        }

        while (true)
        {
            Item next;
            Session? session;
            lock (lane.Sync)
            {
                session = lane.Session ??= _sessions(lane.Id);
                if (session is null || !lane.Waiting.TryPeek(out next))
                {
                    lane.Draining = false;
                    return;
                }
            }

            var outcome = session.Send(next.Message);
            lock (lane.Sync)
            {
                if (outcome != SendOutcome.Sent)
                {
                    lane.Draining = false;
                    return;
                }

                lane.Waiting.Dequeue();
            }

            Interlocked.Decrement(ref _waitingCount);
            Interlocked.Increment(ref _sentByPump);
            Delivered(next);
        }
    }

    // One upstream session's reports that could not go at once, in order. Guarded by Sync.
    private sealed class Lane(SessionId id)
    {
        public SessionId Id { get; } = id;

        public Lock Sync { get; } = new();

        public Queue<Item> Waiting { get; } = new();

        public Session? Session { get; set; }

        // A wake for this lane is in the channel.
        public bool Scheduled { get; set; }

        // The outbox's task is sending this lane's reports: a new one queues behind them.
        public bool Draining { get; set; }

        // The session's own thread is inside its FromApp (nested calls counted): a new report queues for Leaving.
        public int InCallback { get; set; }

        // Reports Leaving sent, to be called back outside the lock (used only by the session's thread, under the session).
        public List<Item> Delivered { get; } = [];
    }

    private readonly record struct Wake(Lane? Lane, TaskCompletionSource? Drained);

    internal readonly record struct Item(
        FixMessage Message, Action? Sent, RoutedOrder? Order = null, int Version = 0, Action<RoutedOrder, int>? OrderSent = null);
}
