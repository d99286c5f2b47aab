using Microsoft.Extensions.Time.Testing;
using Microsoft.Win32.SafeHandles;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Engine.Stores.Internal;

namespace PortStress.Fix.Engine.Tests.Stores;

/// <summary>
/// The Batched flush runs on the store's timer, outside the lock the session's calls take: saves and counter
/// updates go on while it waits for the disk, and the checkpoint it writes never vouches for bytes that were not
/// fsynced. The store's fsyncs are observed or held through its <see cref="FileStore.Sync"/> seam, which still
/// calls the real fsync.
/// </summary>
public sealed class FileStoreBackgroundFlushTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly StoreTestFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Saves_and_counter_updates_go_on_while_a_timed_flush_waits_for_the_disk()
    {
        var store = _folder.Open(StoreFlushPolicy.Batched, _time, Interval);
        using var gate = new HeldFsync(StoreFileKind.Body);
        store.Sync = gate.Sync;
        SaveRange(store, 1, 10);
        var bodyWhenFlushStarts = new FileInfo(_folder.Body).Length;
        var fsyncs = store.FsyncCount;
        var checkpointBefore = NewestSlot().Checkpoint;

        var tick = Task.Run(() => _time.Advance(Interval)); // the timer's flush runs on this task's thread
        gate.Entered.Wait(Patience).Should().BeTrue("the timer should have started a flush");

        // The flush is now inside the body fsync. The session's calls must not wait for it.
        var session = Task.Run(() =>
        {
            SaveRange(store, 11, 1000);
            store.SetNextTargetSeqNum(500);
        });
        (await Task.WhenAny(session, Task.Delay(Patience))).Should().BeSameAs(session, "Save and counter updates must not wait for a timed fsync");
        await session;
        store.FsyncCount.Should().Be(fsyncs, "the body fsync has not returned yet");
        var during = NewestSlot();
        during.NextTarget.Should().Be(500, "counter writes reach the file while the flush waits");
        during.Checkpoint.Should().Be(checkpointBefore, "the checkpoint must not move before body and index are fsynced");

        gate.Release();
        await tick;
        store.FsyncCount.Should().Be(fsyncs + 1);
        NewestSlot().Checkpoint.Should().Be(bodyWhenFlushStarts, "the checkpoint covers what the flush fsynced, not the saves made meanwhile");

        _time.Advance(Interval); // the next tick covers the saves made during the first flush
        NewestSlot().Checkpoint.Should().Be(new FileInfo(_folder.Body).Length);
        store.Dispose();

        using var reopened = _folder.Open();
        reopened.Recovery.RecordsScanned.Should().Be(0, "the last checkpoint covered every record");
        reopened.NextSenderSeqNum.Should().Be(1001);
        reopened.NextTargetSeqNum.Should().Be(500);
        StoreTestFolder.ReadAll(reopened).Select(r => r.SeqNum).Should().Equal(Enumerable.Range(1, 1000));
    }

    [Fact]
    public async Task A_reset_during_a_timed_flush_keeps_the_new_period_checkpoint()
    {
        var store = _folder.Open(StoreFlushPolicy.Batched, _time, Interval);
        using var gate = new HeldFsync(StoreFileKind.Body);
        store.Sync = gate.Sync;
        SaveRange(store, 1, 50);
        var tick = Task.Run(() => _time.Advance(Interval));
        gate.Entered.Wait(Patience).Should().BeTrue();

        // Reset's own fsyncs are not held (the gate holds only its first call).
        var reset = Task.Run(() =>
        {
            store.Reset(new DateTime(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc));
            SaveRange(store, 1, 3);
        });
        (await Task.WhenAny(reset, Task.Delay(Patience))).Should().BeSameAs(reset);
        await reset;
        gate.Release();
        await tick;

        // The flush noted an offset of the old period; it must not become the new period's checkpoint.
        var slot = NewestSlot();
        slot.Checkpoint.Should().Be(FileHeader.Size);
        store.Dispose();

        using var reopened = _folder.Open();
        reopened.Recovery.TornTailBytes.Should().Be(0);
        reopened.NextSenderSeqNum.Should().Be(4);
        StoreTestFolder.ReadAll(reopened).Select(r => r.SeqNum).Should().Equal(1, 2, 3);
    }

    [Fact]
    public async Task Dispose_waits_for_a_timed_flush_in_progress_and_closes_cleanly()
    {
        var store = _folder.Open(StoreFlushPolicy.Batched, _time, Interval);
        using var gate = new HeldFsync(StoreFileKind.Body);
        store.Sync = gate.Sync;
        SaveRange(store, 1, 20);
        var tick = Task.Run(() => _time.Advance(Interval));
        gate.Entered.Wait(Patience).Should().BeTrue();

        var dispose = Task.Run(store.Dispose);
        gate.Release();
        (await Task.WhenAny(dispose, Task.Delay(Patience))).Should().BeSameAs(dispose);
        await dispose;
        await tick;

        using var reopened = _folder.Open();
        reopened.Recovery.RecordsScanned.Should().Be(0, "Dispose's flush covered every record");
        StoreTestFolder.ReadAll(reopened).Select(r => r.SeqNum).Should().Equal(Enumerable.Range(1, 20));
    }

    [Fact]
    public void A_failed_timed_fsync_is_reported_to_the_next_call()
    {
        using var store = _folder.Open(StoreFlushPolicy.Batched, _time, Interval);
        store.Sync = static (file, handle) => throw new IOException("EIO");
        store.Save(1, StoreTestFolder.FrameFor(1));
        _time.Advance(Interval);
        var save = () => store.Save(2, StoreTestFolder.FrameFor(2));
        save.Should().Throw<IOException>().WithInnerException<IOException>().WithMessage("EIO");
        store.Sync = static (_, handle) => RandomAccess.FlushToDisk(handle);
    }

    [Fact]
    public void The_checkpoint_on_disk_never_claims_bytes_that_were_not_fsynced()
    {
        // Real timer (1 ms) against a writer saving as fast as it can. Every fsync is observed: the body and
        // index lengths it started from count as durable once it returns. The newest counter slot on disk is read
        // before every counter fsync and by the writer every 50 saves: its checkpoint must lie within the
        // durable body, and the records before it must have durable index entries.
        var recordEnds = new List<long> { FileHeader.Size };
        var durable = new DurableExtents();
        var violations = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var checksPastStart = 0;
        var store = _folder.Open(StoreFlushPolicy.Batched, TimeProvider.System, TimeSpan.FromMilliseconds(1));
        store.Sync = (file, handle) =>
        {
            if (file == StoreFileKind.Counters)
            {
                Check("before a counter fsync");
            }

            var length = RandomAccess.GetLength(handle);
            RandomAccess.FlushToDisk(handle);
            durable.Publish(file, length);
        };

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var seq = 0;
        while (Volatile.Read(ref checksPastStart) < 20 && DateTime.UtcNow < deadline)
        {
            seq++;
            var frame = StoreTestFolder.FrameFor(seq, padding: seq % 7 * 40);
            lock (recordEnds)
            {
                recordEnds.Add(recordEnds[^1] + BodyRecord.HeaderSize + frame.Length);
            }

            store.Save(seq, frame);
            store.IncrementNextSenderSeqNum();
            if (seq % 3 == 0)
            {
                store.IncrementNextTargetSeqNum();
            }

            if (seq % 50 == 0)
            {
                Check("while saving");
            }
        }

        store.Dispose();
        violations.Should().BeEmpty();
        checksPastStart.Should().BeGreaterThanOrEqualTo(20, "the timer should have moved the checkpoint within 60 s");

        using var reopened = _folder.Open();
        StoreTestFolder.ReadAll(reopened).Select(r => r.SeqNum).Should().Equal(Enumerable.Range(1, seq));

        void Check(string when)
        {
            var checkpoint = NewestSlot().Checkpoint;
            int recordsBefore;
            lock (recordEnds)
            {
                recordsBefore = recordEnds.BinarySearch(checkpoint);
            }

            var (body, indexEntries) = durable.Read();
            if (recordsBefore < 0)
            {
                violations.Enqueue($"{when}: checkpoint {checkpoint} is not a record boundary");
            }
            else if (checkpoint > body)
            {
                violations.Enqueue($"{when}: checkpoint {checkpoint} is past the durable body ({body})");
            }
            else if (recordsBefore > indexEntries)
            {
                violations.Enqueue($"{when}: checkpoint covers {recordsBefore} records but only {indexEntries} index entries are durable");
            }

            if (recordsBefore > 0)
            {
                Interlocked.Increment(ref checksPastStart);
            }
        }
    }

    private static void SaveRange(FileStore store, int first, int last)
    {
        for (var seq = first; seq <= last; seq++)
        {
            store.Save(seq, StoreTestFolder.FrameFor(seq));
            store.IncrementNextSenderSeqNum();
        }
    }

    private CounterSlot NewestSlot()
    {
        using var stream = new FileStream(_folder.Counters, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var bytes = new byte[CounterSlot.FileSize];
        var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        CounterSlot.TryReadNewest(bytes.AsSpan(0, read), out var slot).Should().BeTrue();
        return slot;
    }

    /// <summary>Holds the first fsync of one file until released; every other fsync passes straight through.</summary>
    private sealed class HeldFsync(StoreFileKind held) : IDisposable
    {
        private readonly ManualResetEventSlim _release = new();
        private int _calls;

        public ManualResetEventSlim Entered { get; } = new();

        public void Sync(StoreFileKind file, SafeFileHandle handle)
        {
            if (file == held && Interlocked.Increment(ref _calls) == 1)
            {
                Entered.Set();
                _release.Wait(Patience);
            }

            RandomAccess.FlushToDisk(handle);
        }

        public void Release() => _release.Set();

        public void Dispose()
        {
            _release.Set();
            _release.Dispose();
            Entered.Dispose();
        }
    }

    /// <summary>The body length and index entry count known to be on stable storage (lower bounds).</summary>
    private sealed class DurableExtents
    {
        private readonly Lock _lock = new();
        private long _body = FileHeader.Size;
        private long _indexEntries;

        public void Publish(StoreFileKind file, long length)
        {
            lock (_lock)
            {
                if (file == StoreFileKind.Body)
                {
                    _body = Math.Max(_body, length);
                }
                else if (file == StoreFileKind.Index)
                {
                    _indexEntries = Math.Max(_indexEntries, (length - FileHeader.Size) / IndexEntry.Size);
                }
            }
        }

        public (long Body, long IndexEntries) Read()
        {
            lock (_lock)
            {
                return (_body, _indexEntries);
            }
        }
    }
}
