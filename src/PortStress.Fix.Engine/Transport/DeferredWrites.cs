namespace PortStress.Fix.Engine.Transport;

/// <summary>
/// Writes held back until the thread lets go of every session lock. A frame sent under a session's lock is
/// queued on its connection at once, but handed to the socket only when the sending thread leaves its outermost
/// session (or finishes the read batch it is handling): a write under the lock would let the peer's wake-up preempt
/// the writer while it holds a lock others wait for, and replies to frames read together go out in one write.
/// Per thread; nothing here is shared.
/// </summary>
internal static class DeferredWrites
{
    [ThreadStatic]
    private static int _held;

    [ThreadStatic]
    private static StreamConnection?[]? _waiting;

    [ThreadStatic]
    private static int _count;

    /// <summary>The thread takes a session's lock (or starts a read batch).</summary>
    public static void Enter() => _held++;

    /// <summary>The thread lets go; at the outermost, every connection written to meanwhile is flushed.</summary>
    public static void Leave()
    {
        if (--_held == 0)
        {
            FlushWaiting();
        }
    }

    /// <summary>Defers <paramref name="connection"/>'s flush when the thread is inside a session; false when it is not (flush now).</summary>
    /// <param name="connection">The connection just written to.</param>
    public static bool Defer(StreamConnection connection)
    {
        if (_held == 0)
        {
            return false;
        }

        var waiting = _waiting ??= new StreamConnection?[4];
        for (var i = 0; i < _count; i++)
        {
            if (ReferenceEquals(waiting[i], connection))
            {
                return true;
            }
        }

        if (_count == waiting.Length)
        {
            Array.Resize(ref _waiting, waiting.Length * 2);
            waiting = _waiting;
        }

        waiting[_count++] = connection;
        return true;
    }

    private static void FlushWaiting()
    {
        // A flush can run code that sends again (a failed write closes the connection): take entries one at a time.
        while (_count > 0)
        {
            var connection = _waiting![--_count]!;
            _waiting[_count] = null;
            connection.Flush();
        }
    }
}
