using PortStress.Fix.Engine.Stores.Internal;

namespace PortStress.Fix.Engine.Stores;

/// <summary>
/// Keeps sequence numbers and sent messages in memory only: for tests and for sessions that do not
/// persist messages. Nothing survives the process. At most <see cref="MaxMessages"/> frames (and
/// <see cref="MaxBytes"/> bytes of them) are kept; saving beyond that drops the oldest saved ones, and
/// <see cref="Get"/> skips what is gone (the session then gap-fills). Frames are copied into one byte
/// ring (grown by doubling up to <see cref="MaxBytes"/>), not one array each: a busy session's kept
/// frames would otherwise be a hundred thousand objects surviving into the older generations, which
/// every collection pays to copy. Used by one session thread at a time.
/// </summary>
public sealed class MemoryStore : IMessageStore
{
    /// <summary>The default for <see cref="MaxMessages"/>.</summary>
    public const int DefaultMaxMessages = 100_000;

    /// <summary>The default for <see cref="MaxBytes"/>: 64 MiB.</summary>
    public const int DefaultMaxBytes = 64 << 20;

    private const int InitialArenaBytes = 64 << 10;

    // Where each kept frame is: its start in the ring's running byte count, its length, and the save that wrote it.
    private readonly Dictionary<int, Slot> _messages = [];

    // Saves in order, oldest first (a ring of the same capacity as the dictionary's need): eviction drops from here.
    private Saved[] _saveOrder = new Saved[64];
    private int _saveFirst;
    private int _saveCount;
    private long _saves;
    private byte[] _arena = [];

    // Bytes ever written to the ring (a frame that would wrap starts the next lap at its beginning instead).
    private long _head;
    private int _highWater;

    /// <summary>Creates an empty store.</summary>
    /// <param name="maxMessages">How many saved frames to keep at most (older ones are dropped).</param>
    /// <param name="timeProvider">The clock for the initial <see cref="CreationTime"/>; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="maxBytes">How many bytes of saved frames to keep at most (older ones are dropped; a frame larger than this is not kept).</param>
    public MemoryStore(int maxMessages = DefaultMaxMessages, TimeProvider? timeProvider = null, int maxBytes = DefaultMaxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxMessages);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        MaxMessages = maxMessages;
        MaxBytes = maxBytes;
        CreationTime = (timeProvider ?? TimeProvider.System).GetUtcNow().UtcDateTime;
    }

    /// <summary>How many saved frames are kept at most.</summary>
    public int MaxMessages { get; }

    /// <summary>How many bytes of saved frames are kept at most.</summary>
    public int MaxBytes { get; }

    /// <summary>How many frames are kept now.</summary>
    public int Count => _messages.Count;

    /// <inheritdoc />
    public int NextSenderSeqNum { get; private set; } = 1;

    /// <inheritdoc />
    public int NextTargetSeqNum { get; private set; } = 1;

    /// <inheritdoc />
    public DateTime CreationTime { get; private set; }

    /// <inheritdoc />
    public void SetNextSenderSeqNum(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
        NextSenderSeqNum = value;
    }

    /// <inheritdoc />
    public void SetNextTargetSeqNum(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
        NextTargetSeqNum = value;
    }

    /// <inheritdoc />
    public void IncrementNextSenderSeqNum() => NextSenderSeqNum = checked(NextSenderSeqNum + 1);

    /// <inheritdoc />
    public void IncrementNextTargetSeqNum() => NextTargetSeqNum = checked(NextTargetSeqNum + 1);

    /// <inheritdoc />
    public void Save(int seqNum, ReadOnlySpan<byte> frame)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(seqNum);
        _highWater = Math.Max(_highWater, seqNum);
        if (frame.Length > MaxBytes)
        {
            // Too large to keep: a resend gap-fills it, as it does a frame dropped for age.
            _messages.Remove(seqNum);
            return;
        }

        var start = Place(frame.Length);
        frame.CopyTo(_arena.AsSpan((int)(start % _arena.Length), frame.Length));
        var stamp = ++_saves;
        _messages[seqNum] = new Slot(start, frame.Length, stamp);
        Push(new Saved(seqNum, stamp, start));

        // One entry per save, so re-saving a number cannot grow the ring past the cap either.
        while (_saveCount > MaxMessages)
        {
            Evict();
        }
    }

    /// <inheritdoc />
    public void Get(int begin, int end, StoredMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        begin = Math.Max(begin, 1);
        end = Math.Min(end, _highWater);
        if (begin > end)
        {
            return;
        }

        if ((long)end - begin < _messages.Count)
        {
            for (var seq = begin; seq <= end; seq++)
            {
                if (_messages.TryGetValue(seq, out var slot))
                {
                    handler(seq, Frame(slot));
                }
            }

            return;
        }

        // A wide range over few kept frames: walk the kept numbers instead of the range.
        var inRange = _messages.Keys.Where(seq => seq >= begin && seq <= end).ToArray();
        Array.Sort(inRange);
        foreach (var seq in inRange)
        {
            handler(seq, Frame(_messages[seq]));
        }
    }

    /// <inheritdoc />
    public void Reset(DateTime creationTime)
    {
        Drop();
        _highWater = 0;
        NextSenderSeqNum = 1;
        NextTargetSeqNum = 1;
        CreationTime = StoreTime.AsUtc(creationTime);
    }

    /// <summary>Does nothing: a memory store has nothing to make durable.</summary>
    public void Flush()
    {
    }

    /// <summary>Drops the kept frames.</summary>
    public void Dispose() => Drop();

    private void Drop()
    {
        _messages.Clear();
        _saveFirst = 0;
        _saveCount = 0;
        _head = 0;
    }

    private ReadOnlySpan<byte> Frame(Slot slot) => _arena.AsSpan((int)(slot.Start % _arena.Length), slot.Length);

    // Where a frame of `length` bytes goes in the ring's running count: contiguous, after the newest frame (at the start
    // of the next lap if it would wrap). The ring grows by doubling while it is below MaxBytes; at MaxBytes the oldest
    // frames the new one overwrites are dropped.
    private long Place(int length)
    {
        while (true)
        {
            var size = _arena.Length;
            if (size > 0)
            {
                var start = _head;
                var offset = (int)(start % size);
                if (offset + length > size)
                {
                    start += size - offset;
                }

                var oldest = _saveCount > 0 ? _saveOrder[_saveFirst].Start : start;
                if (start + length - oldest <= size)
                {
                    _head = start + length;
                    return start;
                }

                if (size >= MaxBytes)
                {
                    // Full at its largest: make room by dropping the oldest, then place again.
                    Evict();
                    continue;
                }
            }

            Grow(length);
        }
    }

    // A ring twice the size (and twice the frame; at most MaxBytes), the kept frames copied in save order from its beginning.
    private void Grow(int length)
    {
        var size = (int)Math.Clamp(Math.Max(InitialArenaBytes, Math.Max(_arena.Length * 2L, length * 2L)), length, MaxBytes);
        var arena = GC.AllocateUninitializedArray<byte>(size);
        long head = 0;
        for (var i = 0; i < _saveCount; i++)
        {
            ref var saved = ref _saveOrder[(_saveFirst + i) % _saveOrder.Length];
            if (_messages.TryGetValue(saved.SeqNum, out var slot) && slot.Stamp == saved.Stamp)
            {
                Frame(slot).CopyTo(arena.AsSpan((int)head, slot.Length));
                _messages[saved.SeqNum] = slot with { Start = head };
            }

            saved.Start = head;
            head += slot.Stamp == saved.Stamp ? slot.Length : 0;
        }

        _arena = arena;
        _head = head;
    }

    private void Push(Saved saved)
    {
        if (_saveCount == _saveOrder.Length)
        {
            var larger = new Saved[_saveOrder.Length * 2];
            for (var i = 0; i < _saveCount; i++)
            {
                larger[i] = _saveOrder[(_saveFirst + i) % _saveOrder.Length];
            }

            _saveOrder = larger;
            _saveFirst = 0;
        }

        _saveOrder[(_saveFirst + _saveCount) % _saveOrder.Length] = saved;
        _saveCount++;
    }

    private void Evict()
    {
        var oldest = _saveOrder[_saveFirst];
        _saveFirst = (_saveFirst + 1) % _saveOrder.Length;
        _saveCount--;
        if (_messages.TryGetValue(oldest.SeqNum, out var current) && current.Stamp == oldest.Stamp)
        {
            _messages.Remove(oldest.SeqNum);
        }
    }

    private readonly record struct Slot(long Start, int Length, long Stamp);

    private record struct Saved(int SeqNum, long Stamp, long Start);
}
