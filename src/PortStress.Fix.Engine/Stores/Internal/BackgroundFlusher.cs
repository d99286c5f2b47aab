namespace PortStress.Fix.Engine.Stores.Internal;

/// <summary>
/// One dedicated background thread that runs the timed flushes of every <see cref="FileStore"/> in the process.
/// A store's timer fires on a thread-pool thread and only hands the store over here, so a slow fsync holds this
/// thread, never a pool worker that socket continuations and sessions need (on a 2-core machine the pool has two).
/// Flushes of different stores run one after another; a store handed over twice before its flush starts is
/// flushed once.
/// </summary>
internal static class BackgroundFlusher
{
    private static readonly Lock Gate = new();
    private static readonly Queue<FileStore> Queue = new();
    private static readonly SemaphoreSlim Signal = new(0);
    private static Thread? _thread;

    /// <summary>Asks for <paramref name="store"/>'s timed flush to run on the flusher thread (soon; it does not wait).</summary>
    /// <param name="store">The store; its <see cref="FileStore.OnFlusherThread"/> runs there.</param>
    public static void Request(FileStore store)
    {
        if (!store.TryMarkFlushQueued())
        {
            return; // already waiting for the flusher
        }

        lock (Gate)
        {
            Queue.Enqueue(store);
            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "PortStress FileStore flusher" };
                _thread.UnsafeStart();
            }
        }

        Signal.Release();
    }

    private static void Run()
    {
        while (true)
        {
            Signal.Wait();
            FileStore store;
            lock (Gate)
            {
                store = Queue.Dequeue();
            }

            store.OnFlusherThread();
        }
    }
}
