using Microsoft.Win32.SafeHandles;
using PortStress.Fix.Engine.Stores.Internal;

namespace PortStress.Fix.Engine.Stores;

/// <summary>Index batching, the checkpoint, counter writes and fsync timing. Every member runs under the store's lock.</summary>
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
            // The checkpoint moves only at the timed fsync, so it never claims entries that are not durable.
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
            RandomAccess.FlushToDisk(_index);
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
        if (FlushPolicy != StoreFlushPolicy.OperatingSystem)
        {
            _lastFsync = _time.GetTimestamp();
        }

        _dirty = false;
    }

    private void FlushIfDue()
    {
        if (FlushPolicy == StoreFlushPolicy.Batched && _time.GetElapsedTime(_lastFsync) >= BatchInterval)
        {
            FlushCore();
        }
    }

    private void CounterChanged()
    {
        WriteCounters(durable: FlushPolicy == StoreFlushPolicy.EveryMessage);
        _dirty = true;
        FlushIfDue();
    }

    /// <summary>Writes the whole state to the slot the next generation owns (the other slot keeps the previous state).</summary>
    private void WriteCounters(bool durable)
    {
        _generation++;
        new CounterSlot(_generation, _epoch, _nextSender, _nextTarget, _highWater, _creationTime.Ticks, _checkpoint).Write(_slotScratch);
        RandomAccess.Write(_counters, _slotScratch, CounterSlot.PositionOf(_generation));
        if (durable)
        {
            RandomAccess.FlushToDisk(_counters);
        }
    }

    private void SyncBody()
    {
        RandomAccess.FlushToDisk(_body);
        FsyncCount++;
    }

    /// <summary>Empties body and index and gives them headers for the current epoch; fsynced under every policy.</summary>
    private void StartEmptyFiles()
    {
        Span<byte> header = stackalloc byte[FileHeader.Size];
        var fileHeader = new FileHeader(_epoch, _creationTime.Ticks);
        RandomAccess.SetLength(_body, 0);
        fileHeader.Write(header, FileHeader.BodyMagic);
        RandomAccess.Write(_body, header, 0);
        RandomAccess.FlushToDisk(_body);
        RandomAccess.SetLength(_index, 0);
        fileHeader.Write(header, FileHeader.IndexMagic);
        RandomAccess.Write(_index, header, 0);
        RandomAccess.FlushToDisk(_index);
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
