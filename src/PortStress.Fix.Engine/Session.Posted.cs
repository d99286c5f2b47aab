using System.Collections.Concurrent;
using PortStress.Fix.Engine.Internal;
using PortStress.Fix.Engine.Transport;

namespace PortStress.Fix.Engine;

/// <summary>
/// Work handed to the session from another thread (<see cref="Post"/>) runs under the session's lock without that
/// thread waiting for it: at once when the session is free, else on whichever thread leaves the session last (the
/// session's reader, its timer, a sender), before it lets go. A thread holding another session's lock can so send on
/// this one (a router forwarding a venue's report upstream) with no deadlock and no hop to a thread of its own.
/// Every entry to the session goes through <see cref="Enter"/> and leaves through <see cref="Exit"/>, which runs what
/// was posted at the outermost exit and looks once more after letting go, so nothing posted is left behind.
/// </summary>
public sealed partial class Session
{
    private readonly ConcurrentQueue<PostedWork> _posted = new();

    // How deep the holding thread is inside the session's lock (changed only under it).
    private int _depth;

    /// <summary>
    /// Runs <paramref name="work"/> under the session's lock, in the order posted: now on this thread if the session is
    /// free; if this thread is inside the session, when it leaves; otherwise on the thread inside as it leaves. Never
    /// waits. The work may send (<see cref="Send"/>); an exception from it is logged and does not reach the session.
    /// </summary>
    /// <param name="work">What to run, given the session and <paramref name="state"/>.</param>
    /// <param name="state">Passed to <paramref name="work"/> (no closure needed).</param>
    public void Post(Action<Session, object?> work, object? state)
    {
        ArgumentNullException.ThrowIfNull(work);
        _posted.Enqueue(new PostedWork(work, state));
        if (!Monitor.IsEntered(_sync) && Monitor.TryEnter(_sync))
        {
            _depth++;
            DeferredWrites.Enter();
            Exit();
        }
    }

    private Held Enter()
    {
        Monitor.Enter(_sync);
        _depth++;
        DeferredWrites.Enter();
        return new Held(this);
    }

    private void Exit()
    {
        var outermost = _depth == 1;
        if (outermost)
        {
            RunPosted();
        }

        _depth--;
        Monitor.Exit(_sync);

        // Work posted after the last look, by a thread that found the session held: take the session back and run it.
        while (outermost && !_posted.IsEmpty && Monitor.TryEnter(_sync))
        {
            _depth++;
            RunPosted();
            _depth--;
            Monitor.Exit(_sync);
        }

        // Frames sent under the lock reach the socket now, unless this thread is still inside another session.
        DeferredWrites.Leave();
    }

    private void RunPosted()
    {
        while (_posted.TryDequeue(out var posted))
        {
            try
            {
                posted.Work(this, posted.State);
            }
            catch (Exception e)
            {
                EngineLog.PostedWorkFailed(_log, Id, e);
            }
        }
    }

    // The session's lock, held until disposed (`using (Enter())`).
    private readonly ref struct Held(Session session)
    {
        public void Dispose() => session.Exit();
    }

    private readonly record struct PostedWork(Action<Session, object?> Work, object? State);
}
