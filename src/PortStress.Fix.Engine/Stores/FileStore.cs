using Microsoft.Win32.SafeHandles;
using PortStress.Fix.Engine.Stores.Internal;

namespace PortStress.Fix.Engine.Stores;

/// <summary>
/// Keeps sequence numbers and sent messages of one session in files, safely across crashes.
/// </summary>
/// <remarks>
/// <para>
/// Four files share a folder and a prefix: <c>.body</c> (append-only records of sent frames, each with
/// its length, MsgSeqNum and a CRC-32C), <c>.index</c> (16-byte entries at a position fixed by the
/// MsgSeqNum, pointing into the body), <c>.seqnums</c> (two checksummed slots written alternately:
/// the sequence numbers, the highest saved MsgSeqNum, the creation time, the period epoch and the
/// index checkpoint) and <c>.lock</c> (held exclusively while the store is open). Memory use does not
/// grow with the number of messages.
/// </para>
/// <para>
/// Every call that changes the store hands its bytes to the operating system (one positional write
/// system call, no user-space buffer) before it returns, so a killed process loses nothing a returned
/// call stored. On open, a torn last record (a crash mid-write) is detected by its length and CRC, cut
/// away and reported in <see cref="Recovery"/>; NextSenderSeqNum becomes at least one more than the
/// highest MsgSeqNum ever saved in the period, so a restart never reuses a number. What survives a power
/// loss depends on the <see cref="StoreFlushPolicy"/>.
/// </para>
/// <para>
/// Used by one session thread at a time; <see cref="Flush"/> and <see cref="IDisposable.Dispose"/> may also
/// be called from other threads (every member takes one lock). Under <see cref="StoreFlushPolicy.Batched"/>
/// the session's calls never fsync: the store runs its own timer (from the <see cref="TimeProvider"/>), and the
/// timed flush fsyncs the files outside that lock, so saves go on while a flush waits for the disk, and only then
/// moves the index checkpoint. With <see cref="TimeProvider.System"/> the flush runs on one dedicated background
/// thread shared by all stores (not on the timer's thread-pool thread); with another provider, on the thread
/// that provider runs its timer callbacks on.
/// </para>
/// </remarks>
public sealed partial class FileStore : IMessageStore
{
    /// <summary>The largest frame <see cref="Save"/> accepts, in bytes.</summary>
    public const int MaxFrameLength = 4 * 1024 * 1024;

    /// <summary>The batch interval used when none is given.</summary>
    public static readonly TimeSpan DefaultBatchInterval = TimeSpan.FromMilliseconds(10);

    private const int IndexBatch = 256;

    private readonly Lock _lock = new();

    // Held for a whole Batched flush (snapshot, fsyncs, checkpoint) and by Dispose: one flush at a time, and the
    // files stay open while a flush runs outside _lock. Order: _flushGate before _lock, never the other way.
    private readonly Lock _flushGate = new();
    private readonly TimeProvider _time;
    private readonly SafeFileHandle _lockFile;
    private readonly SafeFileHandle _body;
    private readonly SafeFileHandle _index;
    private readonly SafeFileHandle _counters;
    private readonly ITimer? _timer;
    private readonly int[] _pendingSeq = new int[IndexBatch];
    private readonly long[] _pendingOffset = new long[IndexBatch];
    private readonly int[] _pendingLength = new int[IndexBatch];
    private readonly byte[] _indexScratch = new byte[IndexBatch * IndexEntry.Size];
    private readonly byte[] _slotScratch = new byte[CounterSlot.Size];
    private byte[] _recordBuffer = new byte[1024];
    private int _pendingCount;
    private long _pendingEnd;
    private uint _epoch;
    private uint _seed;
    private DateTime _creationTime;
    private int _nextSender;
    private int _nextTarget;
    private int _highWater;
    private ulong _generation;
    private long _bodyEnd;
    private long _indexedBodyEnd;
    private long _checkpoint;
    private int _fsyncCount;
    private int _flushQueued;
    private bool _dirty;
    private bool _disposed;
    private IOException? _backgroundFailure;

    /// <summary>Opens the store in <paramref name="folder"/> (created if missing), repairing what a crash left behind.</summary>
    /// <param name="folder">The folder holding the store's files.</param>
    /// <param name="fileNamePrefix">The file names' common prefix, e.g. from <see cref="FileNameFor"/>.</param>
    /// <param name="flushPolicy">When to fsync; see <see cref="StoreFlushPolicy"/>.</param>
    /// <param name="batchInterval">The longest time between fsyncs under <see cref="StoreFlushPolicy.Batched"/>; <see cref="DefaultBatchInterval"/> when null.</param>
    /// <param name="timeProvider">The clock for batching and for the creation time of a new store; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="IOException">The store is open elsewhere (its lock file is held), or the files cannot be read or written.</exception>
    public FileStore(
        string folder,
        string fileNamePrefix,
        StoreFlushPolicy flushPolicy = StoreFlushPolicy.Batched,
        TimeSpan? batchInterval = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentException.ThrowIfNullOrEmpty(fileNamePrefix);
        if (fileNamePrefix.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || fileNamePrefix.Contains('/', StringComparison.Ordinal)
            || fileNamePrefix is "." or "..")
        {
            throw new ArgumentException($"'{fileNamePrefix}' is not a file name; use FileStore.FileNameFor.", nameof(fileNamePrefix));
        }

        if (!Enum.IsDefined(flushPolicy))
        {
            throw new ArgumentOutOfRangeException(nameof(flushPolicy), flushPolicy, "Unknown flush policy.");
        }

        BatchInterval = batchInterval ?? DefaultBatchInterval;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(BatchInterval, TimeSpan.Zero, nameof(batchInterval));
        FlushPolicy = flushPolicy;
        Folder = folder;
        FilePrefix = fileNamePrefix;
        _time = timeProvider ?? TimeProvider.System;

        Directory.CreateDirectory(folder);
        SafeFileHandle? lockFile = null, counters = null, body = null, index = null;
        try
        {
            // FileShare.None takes an exclusive flock on Unix: a second store on the same files fails here.
            lockFile = File.OpenHandle(StoreFiles.Lock(folder, fileNamePrefix), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            counters = OpenData(StoreFiles.Counters(folder, fileNamePrefix));
            body = OpenData(StoreFiles.Body(folder, fileNamePrefix));
            index = OpenData(StoreFiles.Index(folder, fileNamePrefix));
            (_lockFile, _counters, _body, _index) = (lockFile, counters, body, index);
            Recovery = Open();
        }
        catch
        {
            index?.Dispose();
            body?.Dispose();
            counters?.Dispose();
            lockFile?.Dispose();
            throw;
        }

        if (flushPolicy == StoreFlushPolicy.Batched)
        {
            _timer = _time.CreateTimer(static state => ((FileStore)state!).OnTimer(), this, BatchInterval, BatchInterval);
        }
    }

    /// <summary>The folder holding the store's files.</summary>
    public string Folder { get; }

    /// <summary>The common prefix of the store's file names.</summary>
    public string FilePrefix { get; }

    /// <summary>When the store fsyncs.</summary>
    public StoreFlushPolicy FlushPolicy { get; }

    /// <summary>The longest time between fsyncs under <see cref="StoreFlushPolicy.Batched"/>.</summary>
    public TimeSpan BatchInterval { get; }

    /// <summary>What opening the store found and repaired.</summary>
    public FileStoreRecovery Recovery { get; }

    /// <inheritdoc />
    public int NextSenderSeqNum => _nextSender;

    /// <inheritdoc />
    public int NextTargetSeqNum => _nextTarget;

    /// <inheritdoc />
    public DateTime CreationTime => _creationTime;

    /// <summary>How many times the body file has been fsynced (for tests and diagnostics).</summary>
    internal int FsyncCount => Volatile.Read(ref _fsyncCount);

    /// <summary>Every fsync goes through this; tests replace it to observe or hold fsyncs (see <see cref="FileSync"/>).</summary>
    internal FileSync Sync { get; set; } = static (_, handle) => RandomAccess.FlushToDisk(handle);

    /// <summary>
    /// A file name prefix for a session that is safe on every file system and distinct per session:
    /// BeginString, SenderCompID, TargetCompID and the qualifier joined by '-', with every character
    /// other than ASCII letters, digits and '.' written as '_' and two hex digits per UTF-8 byte
    /// (so "FIX.4.4:GW-&gt;VENUE" becomes <c>FIX.4.4-GW-VENUE</c>).
    /// </summary>
    /// <param name="sessionId">The session.</param>
    public static string FileNameFor(SessionId sessionId) => SessionFileName.For(sessionId);

    /// <inheritdoc />
    /// <remarks>
    /// Written to the counter file. Lowering the number below one already saved in this period holds while the
    /// store is open, but a reopen moves it back past the highest saved number (the store never risks reusing
    /// a number across a restart; use <see cref="Reset"/> to start over).
    /// </remarks>
    public void SetNextSenderSeqNum(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
        lock (_lock)
        {
            ThrowIfUnusable();
            _nextSender = value;
            CounterChanged();
        }
    }

    /// <inheritdoc />
    public void SetNextTargetSeqNum(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
        lock (_lock)
        {
            ThrowIfUnusable();
            _nextTarget = value;
            CounterChanged();
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// After a <see cref="Save"/> of the current number, the new value is implied by the saved record, so
    /// nothing is written; otherwise the counter file is updated.
    /// </remarks>
    public void IncrementNextSenderSeqNum()
    {
        lock (_lock)
        {
            ThrowIfUnusable();
            _nextSender = checked(_nextSender + 1);
            if (_nextSender > _highWater + 1)
            {
                CounterChanged();
            }
        }
    }

    /// <inheritdoc />
    public void IncrementNextTargetSeqNum()
    {
        lock (_lock)
        {
            ThrowIfUnusable();
            _nextTarget = checked(_nextTarget + 1);
            CounterChanged();
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The frame is empty or longer than <see cref="MaxFrameLength"/>.</exception>
    public void Save(int seqNum, ReadOnlySpan<byte> frame)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(seqNum);
        if (frame.IsEmpty || frame.Length > MaxFrameLength)
        {
            throw new ArgumentException($"A stored frame must hold 1 to {MaxFrameLength} bytes; this one holds {frame.Length}.", nameof(frame));
        }

        lock (_lock)
        {
            ThrowIfUnusable();
            var size = BodyRecord.HeaderSize + frame.Length;
            if (_recordBuffer.Length < size)
            {
                _recordBuffer = new byte[Math.Max(size, _recordBuffer.Length * 2)];
            }

            BodyRecord.Write(_recordBuffer, _seed, seqNum, frame);

            // One pwrite: the record is in the kernel when Save returns. A failed or partial write leaves
            // _bodyEnd where it was, so the next record overwrites the fragment.
            RandomAccess.Write(_body, _recordBuffer.AsSpan(0, size), _bodyEnd);
            var offset = _bodyEnd;
            _bodyEnd += size;
            _dirty = true;
            _highWater = Math.Max(_highWater, seqNum);
            if (FlushPolicy == StoreFlushPolicy.EveryMessage)
            {
                SyncBody();
            }

            AddIndexEntry(seqNum, offset, frame.Length);
        }
    }

    /// <inheritdoc />
    /// <remarks>Every record is checked again (length, MsgSeqNum, CRC) as it is read; one that fails is skipped like a gap.</remarks>
    public void Get(int begin, int end, StoredMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_lock)
        {
            ThrowIfUnusable();
            ReadRange(begin, end, handler);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The counter file is the commit point: it is written with the new period's epoch and fsynced first,
    /// then the body and index are emptied and given new headers (fsynced; under every policy). A crash in
    /// between leaves data files whose epoch no longer matches; the next open discards them, so the old
    /// period's messages never mix with the new numbers. Records also carry a CRC seeded by the epoch.
    /// </remarks>
    public void Reset(DateTime creationTime)
    {
        lock (_lock)
        {
            ThrowIfUnusable();
            _pendingCount = 0;
            _epoch++;
            _seed = BodyRecord.SeedFor(_epoch);
            _creationTime = StoreTime.AsUtc(creationTime);
            _nextSender = 1;
            _nextTarget = 1;
            _highWater = 0;
            _checkpoint = FileHeader.Size;
            WriteCounters(durable: true);
            StartEmptyFiles();
            _dirty = false;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Writes the pending index entries and the checkpoint; fsyncs the files under
    /// <see cref="StoreFlushPolicy.EveryMessage"/> and <see cref="StoreFlushPolicy.Batched"/> (not under
    /// <see cref="StoreFlushPolicy.OperatingSystem"/>). Safe to call from any thread. Under
    /// <see cref="StoreFlushPolicy.Batched"/> it waits for a timed flush in progress, then flushes as the timer does
    /// (the session's other calls are not held up meanwhile).
    /// </remarks>
    public void Flush()
    {
        if (FlushPolicy == StoreFlushPolicy.Batched)
        {
            lock (_flushGate)
            {
                FlushBatched(fromTimer: false);
            }

            return;
        }

        lock (_lock)
        {
            ThrowIfUnusable();
            FlushCore();
        }
    }

    /// <summary>Flushes (as <see cref="Flush"/>), stops the timer and closes the files.</summary>
    /// <remarks>Waits for a timed flush in progress; the files are never closed under it.</remarks>
    public void Dispose()
    {
        lock (_flushGate)
        {
            lock (_lock)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                try
                {
                    if (_backgroundFailure is null)
                    {
                        FlushCore();
                    }
                }
                finally
                {
                    _timer?.Dispose();
                    _index.Dispose();
                    _body.Dispose();
                    _counters.Dispose();
                    _lockFile.Dispose();
                }
            }
        }
    }

    private static SafeFileHandle OpenData(string path) =>
        File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_backgroundFailure is not null)
        {
            throw new IOException("A timed flush of the store failed; what it held may not be durable.", _backgroundFailure);
        }
    }

    /// <summary>Marks the store as waiting for the <see cref="BackgroundFlusher"/>; false when it already is.</summary>
    internal bool TryMarkFlushQueued() => Interlocked.Exchange(ref _flushQueued, 1) == 0;

    /// <summary>The timed flush, run by the <see cref="BackgroundFlusher"/> thread.</summary>
    internal void OnFlusherThread()
    {
        Volatile.Write(ref _flushQueued, 0);
        FlushOnTimer();
    }

    private void OnTimer()
    {
        if (!Volatile.Read(ref _dirty))
        {
            return; // a hint read outside the lock: a change it misses is seen by the next tick
        }

        if (ReferenceEquals(_time, TimeProvider.System))
        {
            // The system timer fires on a thread-pool thread: hand the fsyncs to the flusher thread instead.
            BackgroundFlusher.Request(this);
        }
        else
        {
            // A caller-supplied clock (a FakeTimeProvider in tests, a simulated clock) decides where its timers
            // run; the flush runs right there, so a test sees it complete inside FakeTimeProvider.Advance.
            FlushOnTimer();
        }
    }

    private void FlushOnTimer()
    {
        // A flush still running (a slow disk, or Flush from another thread) covers this tick: skip it rather than
        // queue behind it; the next tick finds what is still dirty.
        if (!_flushGate.TryEnter())
        {
            return;
        }

        try
        {
            FlushBatched(fromTimer: true);
        }
        catch (Exception ex)
        {
            lock (_lock)
            {
                // Surfaced to the session thread by the next call (a lost fsync must not go unnoticed).
                _backgroundFailure ??= ex as IOException ?? new IOException("A timed flush of the store failed.", ex);
            }
        }
        finally
        {
            _flushGate.Exit();
        }
    }
}
