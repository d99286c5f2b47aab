using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PortStress.Gateway.Routing;

/// <summary>
/// The ClOrdIDs of finished orders, for duplicate detection, in memory bounded by configuration rather than by the
/// number of orders, and exact: <see cref="Contains"/> is true for every key added and for no other (keys are 64-bit
/// hashes of session and ClOrdID, <see cref="Key"/>; two ClOrdIDs can only collide as those hashes do).
/// <list type="bullet">
/// <item>Hot tier: two open-addressing tables of ulong (linear probing, a power of two of slots, at most half full),
/// allocated in the constructor. New keys go to the active one; when it holds <c>capacity</c> keys it is frozen (still
/// probed) and the other becomes active, while a background thread sorts the frozen keys, writes them as a run file and
/// clears the table for the next swap. If the active table fills again before that spill is done, <see cref="Add"/>
/// waits for it (<see cref="SpillWaits"/> counts such waits), but at most <see cref="SpillWaitLimit"/>: a spill still
/// not done by then (a disk that keeps failing: the spill retries every second) makes the active table grow to twice
/// its size instead (<see cref="Growths"/>, logged), so finishing orders never stops behind a disk and no key is
/// lost; the memory bound is then exceeded until the spills catch up.</item>
/// <item>Cold tier: sorted run files in the directory (<see cref="SortedRunFile"/>: little-endian ulongs, binary search
/// through a memory-mapped view), behind one Bloom filter sized for the expected keys per day at 1% false positives,
/// allocated at the first spill: a key is looked for on disk only when the filter says maybe. Past its expected count
/// the filter answers maybe more often (more disk lookups, still exact) and a warning is logged once. When there are
/// more than <see cref="MaxRuns"/> runs, a background compaction merges the newest two and every older run no larger
/// than what it has merged so far (a streaming k-way merge; runs stay few and each key is rewritten about log₂(runs)
/// times, where merging everything each time would rewrite the whole day's keys every few spills).</item>
/// </list>
/// One lock guards the hot tier and the reference to the current <see cref="SortedRunSet"/>; a spill or a compaction
/// builds a new set and swaps it in under that lock, and a lookup searches the set it read holding a reference to it,
/// so run files are unmapped and deleted only when no lookup still reads them. A frozen table leaves the probe only in
/// the same locked step that publishes its run, so a key is always in one tier or the other.
/// </summary>
/// <remarks>
/// The directory is scratch: it is deleted and recreated when the history is created, and deleted on dispose (the
/// router refills the history from its journal at start). Managed memory after the first spill is fixed:
/// <see cref="ManagedBytes"/>.
/// </remarks>
internal sealed partial class ClOrdIdHistory : IDisposable
{
    /// <summary>Compaction starts when there are more runs than this.</summary>
    public const int MaxRuns = 8;

    /// <summary>The largest hot-tier capacity accepted (keys per table).</summary>
    public const int MaxCapacity = 1 << 26;

    private const ulong Empty = 0;

    // A key equal to Empty is stored as this instead (it then collides with this one value: odds 2⁻⁶⁴).
    private const ulong EmptyStandIn = 0x9E3779B97F4A7C15UL;

    // Monitor, not Lock: Add waits on it (Monitor.Wait) in the rare case that a spill is still running.
    private readonly object _sync = new();
    private readonly int _capacity;
    private readonly int _tableSlots;
    private readonly long _tableBytes;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stopping = new();
    private ulong[] _active;
    private ulong[]? _frozen;
    private ulong[]? _spare;
    private int _activeCount;
    private long _grownBytes;
    private long _growths;
    private SortedRunSet _cold = new([]);
    private long _count;
    private long _spillWaits;
    private bool _disposed;

    /// <summary>Creates the history, deleting and recreating <paramref name="directory"/>.</summary>
    /// <param name="directory">The scratch directory for run files.</param>
    /// <param name="capacity">Keys per hot table (1 to <see cref="MaxCapacity"/>); each table has twice as many slots, rounded up to a power of two.</param>
    /// <param name="expectedKeys">Keys expected per trading day: the Bloom filter's size (about 1.2 bytes per key).</param>
    /// <param name="logger">The log (the filter's warning, spill and compaction failures).</param>
    public ClOrdIdHistory(string directory, int capacity, long expectedKeys, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(expectedKeys, 1);
        Directory = Path.GetFullPath(directory);
        _capacity = capacity;
        ExpectedKeys = expectedKeys;
        _log = logger ?? NullLogger.Instance;
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }

        System.IO.Directory.CreateDirectory(Directory);
        var slots = (int)Math.Max(2, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity * 2));
        _active = new ulong[slots];
        _spare = new ulong[slots];
        _tableSlots = slots;
        _tableBytes = (long)slots * sizeof(ulong);
    }

    /// <summary>The scratch directory holding the run files.</summary>
    public string Directory { get; }

    /// <summary>Keys per hot table before it is spilled.</summary>
    public int Capacity => _capacity;

    /// <summary>Keys per trading day the Bloom filter is sized for.</summary>
    public long ExpectedKeys { get; }

    /// <summary>Distinct keys held (hot and cold).</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Times an <see cref="Add"/> found the active table full with the previous spill still running, and waited for it.</summary>
    public long SpillWaits => Interlocked.Read(ref _spillWaits);

    /// <summary>Times the active table grew because a spill was not done within <see cref="SpillWaitLimit"/>.</summary>
    public long Growths => Interlocked.Read(ref _growths);

    /// <summary>How long an <see cref="Add"/> waits for an unfinished spill before the active table grows instead. 200 ms.</summary>
    public static TimeSpan SpillWaitLimit { get; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Run files in the cold tier now.</summary>
    public int RunCount
    {
        get
        {
            lock (_sync)
            {
                return _cold.Runs.Count;
            }
        }
    }

    /// <summary>
    /// The managed memory the history holds, from its arrays: the two hot tables, and from the first spill on the sort
    /// buffer, the merge buffer and the Bloom filter. Fixed by configuration: it does not grow with the keys added,
    /// unless spills fail for longer than <see cref="SpillWaitLimit"/> and a table grows (<see cref="Growths"/>).
    /// </summary>
    public long ManagedBytes =>
        2 * _tableBytes + Interlocked.Read(ref _grownBytes) + (Volatile.Read(ref _sortBuffer)?.LongLength ?? 0) * sizeof(ulong)
        + (Volatile.Read(ref _mergeBuffer)?.LongLength ?? 0) * sizeof(ulong) + (Volatile.Read(ref _bloom)?.ManagedBytes ?? 0);

    /// <summary>
    /// The history key of a ClOrdID of a session: the two 64-bit hashes combined and put through a bijective 64-bit
    /// finaliser, so one history serves every session (the same ClOrdID from two sessions gives two keys; two keys of
    /// one session collide exactly when their ClOrdID hashes do).
    /// </summary>
    /// <param name="sessionHash">A 64-bit hash of the upstream session.</param>
    /// <param name="clOrdIdHash">A 64-bit hash of the ClOrdID.</param>
    /// <returns>The key.</returns>
    public static ulong Key(ulong sessionHash, ulong clOrdIdHash)
    {
        var key = clOrdIdHash ^ sessionHash;
        key = (key ^ (key >> 30)) * 0xBF58476D1CE4E5B9UL;
        key = (key ^ (key >> 27)) * 0x94D049BB133111EBUL;
        return key ^ (key >> 31);
    }

    /// <summary>Adds <paramref name="key"/>; true when it was not held before.</summary>
    /// <param name="key">The key.</param>
    /// <returns>True when added, false when already held.</returns>
    public bool Add(ulong key)
    {
        key = Stored(key);
        while (true)
        {
            SortedRunSet cold;
            lock (_sync)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (InHotTier(key))
                {
                    return false;
                }

                if (_cold.KeyCount == 0)
                {
                    if (TryInsert(key))
                    {
                        return true;
                    }

                    continue;
                }

                cold = _cold;
                cold.AddReference();
            }

            if (OnDisk(cold, key))
            {
                return false;
            }

            lock (_sync)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);

                // A spill or compaction meanwhile may have moved the key (added by another thread) to disk: look again.
                if (!ReferenceEquals(_cold, cold))
                {
                    continue;
                }

                if (InHotTier(key))
                {
                    return false;
                }

                if (TryInsert(key))
                {
                    return true;
                }
            }
        }
    }

    /// <summary>True when <paramref name="key"/> was added.</summary>
    /// <param name="key">The key.</param>
    /// <returns>Whether it is held.</returns>
    public bool Contains(ulong key)
    {
        key = Stored(key);
        SortedRunSet cold;
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (InHotTier(key))
            {
                return true;
            }

            if (_cold.KeyCount == 0)
            {
                return false;
            }

            cold = _cold;
            cold.AddReference();
        }

        return OnDisk(cold, key);
    }

    /// <summary>Stops the background work, unmaps the runs and deletes the directory.</summary>
    public void Dispose()
    {
        Task spill;
        Task compaction;
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Monitor.PulseAll(_sync);
            spill = _spill;
            compaction = _compaction;
        }

        _stopping.Cancel();
        WaitQuietly(spill, compaction);
        SortedRunSet cold;
        lock (_sync)
        {
            cold = _cold;
            _cold = new SortedRunSet([]);
        }

        cold.Release();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Scratch: recreated when the router next opens.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }

        _stopping.Dispose();
    }

    private static ulong Stored(ulong key) => key == Empty ? EmptyStandIn : key;

    private static bool Probe(ulong[] table, ulong key)
    {
        var mask = table.Length - 1;
        var i = (int)key & mask;
        while (true)
        {
            var slot = table[i];
            if (slot == key)
            {
                return true;
            }

            if (slot == Empty)
            {
                return false;
            }

            i = (i + 1) & mask;
        }
    }

    // Under the lock.
    private bool InHotTier(ulong key) => Probe(_active, key) || (_frozen is { } frozen && Probe(frozen, key));

    // The Bloom filter, then the runs; releases the caller's reference on the set.
    private bool OnDisk(SortedRunSet cold, ulong key)
    {
        try
        {
            return _bloom!.MightContain(key) && cold.Contains(key);
        }
        finally
        {
            cold.Release();
        }
    }

    // Under the lock: into the active table, freezing it first when full. False when the previous spill is still running:
    // then this waited for it (the lock was let go meanwhile), or, after SpillWaitLimit, grew the active table; either
    // way the caller looks for the key again.
    private bool TryInsert(ulong key)
    {
        if (_activeCount >= CapacityOf(_active))
        {
            if (_spare is null)
            {
                _spillWaits++;
                if (!Monitor.Wait(_sync, SpillWaitLimit) && !_disposed && _spare is null && _activeCount >= CapacityOf(_active))
                {
                    Grow();
                }

                return false;
            }

            Freeze();
        }

        var table = _active;
        var mask = table.Length - 1;
        var i = (int)key & mask;
        while (table[i] != Empty)
        {
            i = (i + 1) & mask;
        }

        table[i] = key;
        _activeCount++;
        _count++;
        return true;
    }

    // Under the lock: the active table, full with the spare still being spilled, rehashed into one twice its size.
    private void Grow()
    {
        var old = _active;
        var grown = new ulong[checked(old.Length * 2)];
        var mask = grown.Length - 1;
        foreach (var key in old)
        {
            if (key == Empty)
            {
                continue;
            }

            var i = (int)key & mask;
            while (grown[i] != Empty)
            {
                i = (i + 1) & mask;
            }

            grown[i] = key;
        }

        _active = grown;
        Interlocked.Add(ref _grownBytes, (long)(grown.Length - old.Length) * sizeof(ulong));
        _growths++;
        RouterLog.ClOrdIdTableGrew(_log, Directory, CapacityOf(grown));
    }

    // Keys a table takes before it is frozen: the configured capacity, or half the slots of a table that grew.
    private int CapacityOf(ulong[] table) => table.Length == _tableSlots ? _capacity : table.Length / 2;
}
