using System.Numerics;
using System.Runtime.CompilerServices;
using PortStress.Telemetry.Internal;

namespace PortStress.Telemetry;

/// <summary>
/// A bounded multi-producer, single-consumer ring of pre-allocated <see cref="TransportEvent"/> slots
/// (LMAX-style). Producers <see cref="TryClaim"/> a sequence with one compare-and-swap, write the slot and
/// <see cref="Publish"/> it with a release store; a full ring fails the claim and counts a drop instead of
/// blocking. The single consumer drains published slots in order with <see cref="Drain{THandler}"/> and waits
/// with <see cref="WaitForEvents"/> (bounded spinning, then parking).
/// </summary>
public sealed class TransportEventRing : IDisposable
{
    private readonly TransportEvent[] _slots;
    private readonly int[] _published;
    private readonly int _mask;
    private readonly int _shift;
    private readonly int _spinLimit;
    private readonly long _wakeBacklog;
    private readonly ManualResetEventSlim _signal = new(false, 0);
    private PaddedLong _claimed;
    private PaddedLong _gateCache;
    private PaddedLong _consumed;
    private PaddedLong _dropped;
    private int _parked;

    /// <summary>Creates a ring.</summary>
    /// <param name="capacity">Slot count; a power of two, at least 2.</param>
    /// <param name="spinLimit">How many spin iterations the consumer makes before parking (bounded: the machine may have two cores).</param>
    /// <param name="wakeBacklog">
    /// A producer wakes a parked consumer only once this many events wait (1: at every event). A consumer that only
    /// needs the events by its next tick parks with a timeout and lets them gather, so a busy order path pays no
    /// wake-up per event and the consumer no thread switch per event.
    /// </param>
    public TransportEventRing(int capacity = 65536, int spinLimit = 64, int wakeBacklog = 1)
    {
        if (capacity < 2 || !BitOperations.IsPow2(capacity))
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "Capacity must be a power of two, at least 2.");
        ArgumentOutOfRangeException.ThrowIfNegative(spinLimit);
        if (wakeBacklog < 1 || wakeBacklog > capacity)
            throw new ArgumentOutOfRangeException(nameof(wakeBacklog), wakeBacklog, "The wake backlog must be between 1 and the capacity.");
        _wakeBacklog = wakeBacklog;
        _slots = new TransportEvent[capacity];
        _published = new int[capacity];
        Array.Fill(_published, -1);
        _mask = capacity - 1;
        _shift = BitOperations.Log2((uint)capacity);
        _spinLimit = spinLimit;
        _claimed.Value = -1;
        _gateCache.Value = -1;
        _consumed.Value = -1;
    }

    /// <summary>The number of slots.</summary>
    public int Capacity => _slots.Length;

    /// <summary>Events refused because the ring was full.</summary>
    public long DroppedCount => Volatile.Read(ref _dropped.Value);

    /// <summary>The last sequence the consumer finished with (-1 before the first).</summary>
    public long ConsumedSequence => Volatile.Read(ref _consumed.Value);

    /// <summary>Claimed sequences not yet consumed (an upper bound on the backlog).</summary>
    public long Backlog => Volatile.Read(ref _claimed.Value) - Volatile.Read(ref _consumed.Value);

    /// <summary>The slot of a claimed sequence; write it, then call <see cref="Publish"/>.</summary>
    /// <param name="sequence">A sequence from <see cref="TryClaim"/>.</param>
    public ref TransportEvent this[long sequence] => ref _slots[(int)(sequence & _mask)];

    /// <summary>Claims the next slot. Fails, and counts a drop, when the ring is full; never blocks.</summary>
    /// <param name="sequence">The claimed sequence.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryClaim(out long sequence)
    {
        long current;
        long next;
        do
        {
            current = Volatile.Read(ref _claimed.Value);
            next = current + 1;
            var wrapPoint = next - _slots.Length;
            if (wrapPoint > Volatile.Read(ref _gateCache.Value) && !RefreshGate(wrapPoint))
            {
                sequence = -1;
                return false;
            }
        }
        while (Interlocked.CompareExchange(ref _claimed.Value, next, current) != current);
        sequence = next;
        return true;
    }

    /// <summary>Makes a claimed slot visible to the consumer (release store), waking it if parked and the backlog has reached the wake backlog.</summary>
    /// <param name="sequence">The claimed sequence.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish(long sequence)
    {
        Volatile.Write(ref _published[(int)(sequence & _mask)], (int)(sequence >> _shift));
        if (Volatile.Read(ref _parked) != 0 && sequence - Volatile.Read(ref _consumed.Value) >= _wakeBacklog)
            Wake();
    }

    /// <summary>Claims, writes and publishes one event; false (and a counted drop) when full.</summary>
    /// <param name="transportEvent">The event.</param>
    public bool TryPublish(in TransportEvent transportEvent)
    {
        if (!TryClaim(out var sequence))
            return false;
        _slots[(int)(sequence & _mask)] = transportEvent;
        Publish(sequence);
        return true;
    }

    /// <summary>
    /// Hands up to <paramref name="maxBatch"/> published events to <paramref name="handler"/> in sequence order and
    /// frees their slots. Single consumer only.
    /// </summary>
    /// <typeparam name="THandler">A handler; a struct lets the call inline.</typeparam>
    /// <param name="handler">The handler.</param>
    /// <param name="maxBatch">The most events to hand over in this call.</param>
    /// <returns>How many events were handed over.</returns>
    public int Drain<THandler>(ref THandler handler, int maxBatch = int.MaxValue)
        where THandler : ITransportEventHandler
    {
        var next = _consumed.Value + 1;
        var count = 0;
        while (count < maxBatch)
        {
            var index = (int)(next & _mask);
            if (Volatile.Read(ref _published[index]) != (int)(next >> _shift))
                break;
            handler.OnEvent(in _slots[index]);
            next++;
            count++;
        }
        if (count > 0)
            Volatile.Write(ref _consumed.Value, next - 1);
        return count;
    }

    /// <summary>
    /// Waits until an event is published: spins a bounded number of times, then parks for at most
    /// <paramref name="parkTimeout"/>. Single consumer only.
    /// </summary>
    /// <param name="parkTimeout">The longest park; it also bounds the delay of a wake-up lost to a race.</param>
    /// <returns>True when an event is ready.</returns>
    public bool WaitForEvents(TimeSpan parkTimeout)
    {
        var spinner = default(SpinWait);
        for (var i = 0; i < _spinLimit; i++)
        {
            if (HasPublished())
                return true;
            spinner.SpinOnce(sleep1Threshold: -1);
        }
        Interlocked.Exchange(ref _parked, 1);
        if (!HasPublished())
            _signal.Wait(parkTimeout);
        Volatile.Write(ref _parked, 0);
        _signal.Reset();
        return HasPublished();
    }

    /// <inheritdoc />
    public void Dispose() => _signal.Dispose();

    private bool HasPublished()
    {
        var next = _consumed.Value + 1;
        return Volatile.Read(ref _published[(int)(next & _mask)]) == (int)(next >> _shift);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefreshGate(long wrapPoint)
    {
        var consumed = Volatile.Read(ref _consumed.Value);
        if (wrapPoint > consumed)
        {
            Interlocked.Increment(ref _dropped.Value);
            return false;
        }
        Volatile.Write(ref _gateCache.Value, consumed);
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Wake()
    {
        if (Interlocked.Exchange(ref _parked, 0) != 0)
            _signal.Set();
    }
}
