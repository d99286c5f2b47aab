using PortStress.Fix.Engine.Stores.Internal;

namespace PortStress.Fix.Engine.Stores;

/// <summary>Opening: reconciling the counter file with the body, cutting a torn tail, catching the index up.</summary>
public sealed partial class FileStore
{
    private FileStoreRecovery Open()
    {
        var recovery = new FileStoreRecovery();
        Span<byte> counterBytes = stackalloc byte[CounterSlot.FileSize];
        var counterLength = ReadFully(_counters, counterBytes, 0);
        var hasCounters = CounterSlot.TryReadNewest(counterBytes[..counterLength], out var slot);

        Span<byte> header = stackalloc byte[FileHeader.Size];
        var bodyLength = RandomAccess.GetLength(_body);
        var bodyHeader = default(FileHeader);
        var bodyValid = ReadFully(_body, header, 0) == FileHeader.Size && FileHeader.TryRead(header, FileHeader.BodyMagic, out bodyHeader);

        if (hasCounters)
        {
            // The counter file is authoritative for the period: it is written first at creation and at reset.
            _generation = slot.Generation;
            _epoch = slot.Epoch;
            _creationTime = new DateTime(slot.CreationTicks, DateTimeKind.Utc);
            _nextSender = slot.NextSender;
            _nextTarget = slot.NextTarget;
            _highWater = slot.HighWater;
            _checkpoint = slot.Checkpoint;
            if (!bodyValid || bodyHeader.Epoch != _epoch)
            {
                recovery.StaleFilesDiscarded = bodyLength > 0;
                StartEmptyFiles();
                _checkpoint = FileHeader.Size;
            }
        }
        else if (bodyValid)
        {
            recovery.CountersLost = true;
            _epoch = bodyHeader.Epoch;
            _creationTime = new DateTime(bodyHeader.CreationTicks, DateTimeKind.Utc);
            _nextSender = 1;
            _nextTarget = 1;
            _checkpoint = FileHeader.Size;
        }
        else
        {
            recovery.CreatedNew = bodyLength == 0 && counterLength == 0;
            recovery.StaleFilesDiscarded = bodyLength > 0;
            recovery.CountersLost = counterLength > 0;
            _epoch = 1;
            _creationTime = _time.GetUtcNow().UtcDateTime;
            _nextSender = 1;
            _nextTarget = 1;
            _checkpoint = FileHeader.Size;
            WriteCounters(durable: true); // the commit point of the new period comes first
            StartEmptyFiles();
        }

        _seed = BodyRecord.SeedFor(_epoch);
        var indexHeader = default(FileHeader);
        var indexValid = ReadFully(_index, header, 0) == FileHeader.Size
            && FileHeader.TryRead(header, FileHeader.IndexMagic, out indexHeader)
            && indexHeader.Epoch == _epoch;
        if (!indexValid)
        {
            RandomAccess.SetLength(_index, 0);
            new FileHeader(_epoch, _creationTime.Ticks).Write(header, FileHeader.IndexMagic);
            RandomAccess.Write(_index, header, 0);
            _checkpoint = FileHeader.Size;
        }

        bodyLength = RandomAccess.GetLength(_body);
        if (_checkpoint < FileHeader.Size || _checkpoint > bodyLength)
        {
            _checkpoint = FileHeader.Size;
        }

        var (validEnd, scanned, maxSeq) = ScanBody(_checkpoint, bodyLength);
        if (scanned == 0 && validEnd < bodyLength && _checkpoint > FileHeader.Size)
        {
            // No valid record where the checkpoint points: trust nothing and scan the whole body
            // rather than cut records the checkpoint may have mis-described.
            (validEnd, scanned, maxSeq) = ScanBody(FileHeader.Size, bodyLength);
        }

        if (validEnd < bodyLength)
        {
            recovery.TornTailOffset = validEnd;
            recovery.TornTailBytes = bodyLength - validEnd;
            RandomAccess.SetLength(_body, validEnd);
        }

        recovery.RecordsScanned = scanned;
        _bodyEnd = validEnd;
        _highWater = Math.Max(_highWater, maxSeq);

        // Never reuse a number: past the highest saved one, and never behind the counter file.
        _nextSender = Math.Max(_nextSender, _highWater == int.MaxValue ? int.MaxValue : _highWater + 1);

        // The repaired state becomes the new checkpoint.
        _dirty = true;
        CommitIndex();
        _dirty = false;
        return recovery;
    }

    /// <summary>
    /// Reads records from <paramref name="from"/> while they check out, queuing their index entries.
    /// Returns where the valid records end, how many there were and the highest MsgSeqNum among them.
    /// </summary>
    private (long ValidEnd, int Scanned, int MaxSeq) ScanBody(long from, long length)
    {
        _pendingCount = 0;
        _pendingEnd = from;
        _indexedBodyEnd = from;
        var buffer = new byte[64 * 1024];
        long bufferStart = from, bufferEnd = from;
        var position = from;
        var scanned = 0;
        var maxSeq = 0;
        while (position + BodyRecord.HeaderSize <= length)
        {
            if (!Ensure(BodyRecord.HeaderSize)
                || !BodyRecord.TryReadHeader(buffer.AsSpan((int)(position - bufferStart)), MaxFrameLength, out var frameLength, out var seq))
            {
                break;
            }

            var size = BodyRecord.HeaderSize + frameLength;
            if (position + size > length || !Ensure(size) || !BodyRecord.IsValid(buffer.AsSpan((int)(position - bufferStart), size), _seed))
            {
                break;
            }

            AddIndexEntryWhileOpening(seq, position, frameLength);
            maxSeq = Math.Max(maxSeq, seq);
            scanned++;
            position += size;
        }

        return (position, scanned, maxSeq);

        // Makes [position, position + count) available in the buffer.
        bool Ensure(int count)
        {
            if (position + count <= bufferEnd)
            {
                return true;
            }

            if (buffer.Length < count)
            {
                buffer = new byte[count];
            }

            bufferStart = position;
            bufferEnd = position + ReadFully(_body, buffer, position);
            return position + count <= bufferEnd;
        }
    }

    private void AddIndexEntryWhileOpening(int seqNum, long offset, int frameLength)
    {
        if (_pendingCount == IndexBatch)
        {
            WritePendingIndex();
        }

        _pendingSeq[_pendingCount] = seqNum;
        _pendingOffset[_pendingCount] = offset;
        _pendingLength[_pendingCount] = frameLength;
        _pendingCount++;
        _pendingEnd = offset + BodyRecord.HeaderSize + frameLength;
    }
}
