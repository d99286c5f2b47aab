using Microsoft.Win32.SafeHandles;
using PortStress.Fix.Engine.Stores.Internal;

namespace PortStress.Fix.Engine.Stores;

/// <summary>
/// Index batching, the checkpoint, counter writes and fsync timing. Every member runs under the store's lock,
/// except <see cref="FlushBatched"/>, which takes it only around its snapshot and its checkpoint move.
/// </summary>
public sealed partial class FileStore
{
    // The index is derived from the body, so its entries may trail: they are buffered (at most IndexBatch)
    // and written in runs; the checkpoint in the counter file says up to which body offset the index file
    // is complete, and on open only the body past the checkpoint is scanned.
    private void AddIndexEntry(int seqNum, long offset, int frameLength)
    {
        _pendingSeq[_pendingCount] = seqNum;
        _pendingOffset[_pendingCount] = offset;
        _pendingLength[_pendingCount] = frameLength;
        _pendingCount++;
        _pendingEnd = offset + BodyRecord.HeaderSize + frameLength;
        if (_pendingCount < IndexBatch)
        {
            return;
        }

        if (FlushPolicy == StoreFlushPolicy.Batched)
        {
            // The checkpoint moves only after the timed fsync (FlushBatched), so it never claims entries that are not durable.
            WritePendingIndex();
        }
        else
        {
            CommitIndex();
        }
    }

    private void WritePendingIndex()
    {
        var i = 0;
        while (i < _pendingCount)
        {
            var j = i;
            while (j + 1 < _pendingCount && j + 1 - i < IndexBatch && _pendingSeq[j + 1] == _pendingSeq[j] + 1)
            {
                j++;
            }

            for (var k = i; k <= j; k++)
            {
                IndexEntry.Write(_indexScratch.AsSpan((k - i) * IndexEntry.Size), _seed, _pendingSeq[k], _pendingOffset[k], _pendingLength[k]);
            }

            RandomAccess.Write(_index, _indexScratch.AsSpan(0, (j - i + 1) * IndexEntry.Size), IndexEntry.PositionOf(_pendingSeq[i]));
            i = j + 1;
        }

        if (_pendingCount > 0)
        {
            _indexedBodyEnd = _pendingEnd;
            _pendingCount = 0;
        }
    }

    /// <summary>Writes the pending entries, makes body and index durable (unless the policy is OperatingSystem), then moves the checkpoint.</summary>
    private void CommitIndex()
    {
        WritePendingIndex();
        var sync = FlushPolicy != StoreFlushPolicy.OperatingSystem;
        if (sync)
        {
            SyncBody();
            Sync(StoreFileKind.Index, _index);
        }

        if (_checkpoint != _indexedBodyEnd || sync)
        {
            _checkpoint = _indexedBodyEnd;
            WriteCounters(durable: sync);
        }
    }

    private void FlushCore()
    {
        if (!_dirty && _pendingCount == 0)
        {
            return;
        }

        CommitIndex();
        _dirty = false;
    }

    /// <summary>
    /// The Batched flush, from the timer or <see cref="Flush"/>; the caller holds <see cref="_flushGate"/>, not
    /// <see cref="_lock"/>. Under the lock it writes the pending index entries and notes the body offset they
    /// cover; outside it, it fsyncs body and index (the session's saves and counter writes go on meanwhile); back
    /// under the lock it moves the checkpoint to the noted offset, which is now durable, and writes a counter slot;
    /// outside again it fsyncs the counter file. A slot written at any moment therefore carries a checkpoint whose
    /// body and index bytes had been fsynced before it was written.
    /// </summary>
    private void FlushBatched(bool fromTimer)
    {
        long durableEnd;
        uint epoch;
        lock (_lock)
        {
            if (fromTimer)
            {
                if (_disposed || _backgroundFailure is not null)
                {
                    return;
                }
            }
            else
            {
                ThrowIfUnusable();
            }

            if (!_dirty && _pendingCount == 0)
            {
                return;
            }

            WritePendingIndex();
            durableEnd = _indexedBodyEnd;
            epoch = _epoch;
            _dirty = false; // a change from here on makes the store dirty again, for the next flush
        }

        try
        {
            SyncBody();
            Sync(StoreFileKind.Index, _index);
            lock (_lock)
            {
                // A Reset while the fsyncs ran started a new period: the noted offset belongs to the old one.
                if (_epoch == epoch && durableEnd > _checkpoint)
                {
                    _checkpoint = durableEnd;
                    WriteCounters(durable: false);
                }
            }

            Sync(StoreFileKind.Counters, _counters);
        }
        catch
        {
            lock (_lock)
            {
                _dirty = true; // nothing this flush covered can be counted on; a retry must cover it again
            }

            throw;
        }
    }

    private void CounterChanged()
    {
        WriteCounters(durable: FlushPolicy == StoreFlushPolicy.EveryMessage);
        _dirty = true;
    }

    /// <summary>Writes the whole state to the slot the next generation owns (the other slot keeps the previous state).</summary>
    private void WriteCounters(bool durable)
    {
        _generation++;
        new CounterSlot(_generation, _epoch, _nextSender, _nextTarget, _highWater, _creationTime.Ticks, _checkpoint).Write(_slotScratch);
        RandomAccess.Write(_counters, _slotScratch, CounterSlot.PositionOf(_generation));
        if (durable)
        {
            Sync(StoreFileKind.Counters, _counters);
        }
    }

    private void SyncBody()
    {
        Sync(StoreFileKind.Body, _body);
        Interlocked.Increment(ref _fsyncCount);
    }

    /// <summary>Empties body and index and gives them headers for the current epoch; fsynced under every policy.</summary>
    private void StartEmptyFiles()
    {
        Span<byte> header = stackalloc byte[FileHeader.Size];
        var fileHeader = new FileHeader(_epoch, _creationTime.Ticks);
        RandomAccess.SetLength(_body, 0);
        fileHeader.Write(header, FileHeader.BodyMagic);
        RandomAccess.Write(_body, header, 0);
        Sync(StoreFileKind.Body, _body);
        RandomAccess.SetLength(_index, 0);
        fileHeader.Write(header, FileHeader.IndexMagic);
        RandomAccess.Write(_index, header, 0);
        Sync(StoreFileKind.Index, _index);
        _bodyEnd = FileHeader.Size;
        _indexedBodyEnd = FileHeader.Size;
        _pendingEnd = FileHeader.Size;
        _pendingCount = 0;
    }

    private void ReadRange(int begin, int end, StoredMessageHandler handler)
    {
        begin = Math.Max(begin, 1);
        end = Math.Min(end, _highWater);
        if (begin > end)
        {
            return;
        }

        WritePendingIndex();

        // Local buffers: a handler that calls back into the store cannot disturb this loop.
        var entries = new byte[IndexBatch * IndexEntry.Size];
        var record = new byte[1024];
        for (long first = begin; first <= end;)
        {
            var count = (int)Math.Min(IndexBatch, end - first + 1);
            var read = ReadFully(_index, entries.AsSpan(0, count * IndexEntry.Size), IndexEntry.PositionOf((int)first)) / IndexEntry.Size;
            for (var i = 0; i < read; i++)
            {
                var seq = (int)(first + i);
                if (!IndexEntry.TryRead(entries.AsSpan(i * IndexEntry.Size, IndexEntry.Size), _seed, seq, out var offset, out var length)
                    || length > MaxFrameLength
                    || offset + BodyRecord.HeaderSize + length > _bodyEnd)
                {
                    continue;
                }

                var size = BodyRecord.HeaderSize + length;
                if (record.Length < size)
                {
                    record = new byte[Math.Max(size, record.Length * 2)];
                }

                var span = record.AsSpan(0, size);
                if (ReadFully(_body, span, offset) == size
                    && BodyRecord.IsValid(span, _seed)
                    && BodyRecord.TryReadHeader(span, MaxFrameLength, out _, out var recordSeq)
                    && recordSeq == seq)
                {
                    handler(seq, span[BodyRecord.HeaderSize..]);
                }
            }

            if (read < count)
            {
                return; // past the end of the index file: nothing higher was ever indexed
            }

            first += count;
        }
    }

    private static int ReadFully(SafeFileHandle handle, Span<byte> destination, long offset)
    {
        var total = 0;
        while (total < destination.Length)
        {
            var n = RandomAccess.Read(handle, destination[total..], offset + total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
