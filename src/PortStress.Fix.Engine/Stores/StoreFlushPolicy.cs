namespace PortStress.Fix.Engine.Stores;

/// <summary>
/// When a <see cref="FileStore"/> forces its files to stable storage (fsync). Under every policy each
/// call that changes the store hands its bytes to the operating system (a write system call) before it
/// returns, so a killed process (kill -9, crash) loses nothing that a returned call saved; the policies
/// differ only in what survives a power loss or kernel crash.
/// </summary>
public enum StoreFlushPolicy
{
    /// <summary>
    /// fsync after every <see cref="IMessageStore.Save"/> and every counter change: whatever a returned call
    /// stored survives power loss. The slowest policy (one fsync per message).
    /// </summary>
    EveryMessage,

    /// <summary>
    /// fsync at most once per batch interval, from the store's own timer while anything changed since the last
    /// flush, and on <see cref="IMessageStore.Flush"/> and Dispose. The session's calls only write (they never
    /// wait for the disk, not even while a timed fsync is running). Power loss can lose what was stored in the
    /// last interval (plus one fsync's duration).
    /// </summary>
    Batched,

    /// <summary>
    /// Never fsync explicitly (not even on Flush or Dispose); the operating system writes dirty pages back on
    /// its own schedule (about 5 to 30 seconds on Linux). Power loss can lose that much.
    /// </summary>
    OperatingSystem,
}
