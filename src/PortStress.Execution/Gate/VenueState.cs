using PortStress.Telemetry;

namespace PortStress.Execution.Gate;

/// <summary>What the gate keeps per venue: lot rules, the retry budget, the pacing limiter and its queue, the sessions.</summary>
internal sealed class VenueState : IDisposable
{
    public VenueState(string name, GateOptions options, TimeProvider timeProvider)
    {
        Name = name;
        LotSize = options.LotSizeOf(name);
        MinimumQuantity = options.MinimumQuantityOf(name);
        Floor = ClipTrimmer.Floor(LotSize, MinimumQuantity);
        Budget = new RetryBudget(options.RetryBudgetTokens, options.RetryRefillPerSuccess);
        var rate = options.MessagesPerSecondOf(name);
        if (rate > 0)
        {
            var burst = options.MessageBurstOf(name);
            Pacer = new VenuePacer(rate, burst > 0 ? burst : rate, timeProvider);
        }
    }

    public string Name { get; }

    public decimal LotSize { get; }

    public decimal MinimumQuantity { get; }

    public decimal Floor { get; }

    public RetryBudget Budget { get; }

    public VenuePacer? Pacer { get; }

    public OrderQueue Pacing { get; } = new();

    public SessionHealth[] Sessions { get; set; } = [];

    public DestinationId Destination { get; set; }

    public void Dispose() => Pacer?.Dispose();
}

internal enum DispatchKind : byte
{
    Send = 1,
    Refuse,
}

/// <summary>One thing to do outside the gate's lock: send an order on a session, or report a refusal.</summary>
internal struct Dispatch
{
    public DispatchKind Kind;
    public GateOrder? Order;
    public ChildOrderIntent Intent;
    public IChildOrderListener? Listener;
    public SessionHealth? Session;
    public DestinationId Destination;
    public long Timestamp;
    public long ReportedDecision;
    public Records.ChildOrderRecord Record;
}

/// <summary>The work a locked step leaves for after the lock: reused, so steady-state admission allocates nothing.</summary>
internal sealed class DispatchBatch
{
    public Dispatch[] Items = new Dispatch[8];
    public int Count;

    public void Add(in Dispatch dispatch)
    {
        if (Count == Items.Length)
            Array.Resize(ref Items, Items.Length * 2);
        Items[Count++] = dispatch;
    }

    public void Clear()
    {
        Array.Clear(Items, 0, Count);
        Count = 0;
    }
}
