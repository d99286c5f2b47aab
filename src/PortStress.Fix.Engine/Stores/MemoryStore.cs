using PortStress.Fix.Engine.Stores.Internal;

namespace PortStress.Fix.Engine.Stores;

/// <summary>
/// Keeps sequence numbers and sent messages in memory only: for tests and for sessions that do not
/// persist messages. Nothing survives the process. At most <see cref="MaxMessages"/> frames are kept;
/// saving beyond that drops the oldest saved one, and <see cref="Get"/> skips what is gone (the session
/// then gap-fills). Used by one session thread at a time.
/// </summary>
public sealed class MemoryStore : IMessageStore
{
    /// <summary>The default for <see cref="MaxMessages"/>.</summary>
    public const int DefaultMaxMessages = 100_000;

    private readonly Dictionary<int, byte[]> _messages = [];
    private readonly Queue<(int SeqNum, byte[] Frame)> _saveOrder = new();
    private int _highWater;

    /// <summary>Creates an empty store.</summary>
    /// <param name="maxMessages">How many saved frames to keep at most (older ones are dropped).</param>
    /// <param name="timeProvider">The clock for the initial <see cref="CreationTime"/>; <see cref="TimeProvider.System"/> when null.</param>
    public MemoryStore(int maxMessages = DefaultMaxMessages, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxMessages);
        MaxMessages = maxMessages;
        CreationTime = (timeProvider ?? TimeProvider.System).GetUtcNow().UtcDateTime;
    }

    /// <summary>How many saved frames are kept at most.</summary>
    public int MaxMessages { get; }

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
        var copy = frame.ToArray();
        _messages[seqNum] = copy;
        _saveOrder.Enqueue((seqNum, copy));
        _highWater = Math.Max(_highWater, seqNum);

        // The queue holds one entry per save, so re-saving a number cannot grow it past the cap either.
        while (_saveOrder.Count > MaxMessages)
        {
            var (oldSeq, oldFrame) = _saveOrder.Dequeue();
            if (_messages.TryGetValue(oldSeq, out var current) && ReferenceEquals(current, oldFrame))
            {
                _messages.Remove(oldSeq);
            }
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
                if (_messages.TryGetValue(seq, out var frame))
                {
                    handler(seq, frame);
                }
            }

            return;
        }

        // A wide range over few kept frames: walk the kept numbers instead of the range.
        var inRange = _messages.Keys.Where(seq => seq >= begin && seq <= end).ToArray();
        Array.Sort(inRange);
        foreach (var seq in inRange)
        {
            handler(seq, _messages[seq]);
        }
    }

    /// <inheritdoc />
    public void Reset(DateTime creationTime)
    {
        _messages.Clear();
        _saveOrder.Clear();
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
    public void Dispose()
    {
        _messages.Clear();
        _saveOrder.Clear();
    }
}
