namespace PortStress.Execution.Gate;

/// <summary>
/// A hashed timer wheel of pooled orders: O(1) insert, and each advance visits only the slots whose ticks passed.
/// A due time further out than one turn stays in its slot until its turn comes. Driven by the gate's clock
/// (<see cref="TimeProvider.GetTimestamp"/>), so tests move it with a fake clock. Not thread-safe.
/// </summary>
internal sealed class LaunchTimerWheel
{
    private readonly GateOrder?[] _slots;
    private readonly int _mask;
    private readonly long _tickTicks;
    private long _processedTick;

    public LaunchTimerWheel(int slots, long tickTicks, long now)
    {
        _slots = new GateOrder?[slots];
        _mask = slots - 1;
        _tickTicks = Math.Max(1, tickTicks);
        _processedTick = now / _tickTicks;
    }

    public int Count { get; private set; }

    public void Add(GateOrder order, long due)
    {
        order.DueTimestamp = due;
        // The first tick boundary at or after the due time: the slot visited when the clock reaches it.
        var tick = Math.Max((due + _tickTicks - 1) / _tickTicks, _processedTick + 1);
        ref var slot = ref _slots[tick & _mask];
        order.WheelNext = slot;
        slot = order;
        Count++;
    }

    /// <summary>Takes every order due at or before <paramref name="now"/> into <paramref name="expired"/> (the visiting order is slot order).</summary>
    public void Advance(long now, List<GateOrder> expired)
    {
        var nowTick = now / _tickTicks;
        if (nowTick <= _processedTick || Count == 0)
        {
            _processedTick = Math.Max(_processedTick, nowTick);
            return;
        }
        var from = _processedTick + 1;
        if (nowTick - from >= _slots.Length)
            from = nowTick - _slots.Length + 1;
        for (var tick = from; tick <= nowTick && Count > 0; tick++)
        {
            ref var head = ref _slots[tick & _mask];
            GateOrder? previous = null;
            var order = head;
            while (order is not null)
            {
                var next = order.WheelNext;
                if (order.DueTimestamp <= now)
                {
                    if (previous is null)
                        head = next;
                    else
                        previous.WheelNext = next;
                    order.WheelNext = null;
                    Count--;
                    expired.Add(order);
                }
                else
                {
                    previous = order;
                }
                order = next;
            }
        }
        _processedTick = nowTick;
    }

    /// <summary>Takes every order out (shutdown).</summary>
    public void Drain(List<GateOrder> into)
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            var order = _slots[i];
            _slots[i] = null;
            while (order is not null)
            {
                var next = order.WheelNext;
                order.WheelNext = null;
                into.Add(order);
                order = next;
            }
        }
        Count = 0;
    }
}
