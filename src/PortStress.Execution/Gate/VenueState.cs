using System.Threading.RateLimiting;
using PortStress.Telemetry;

namespace PortStress.Execution.Gate;

/// <summary>What the gate keeps per venue: lot rules, the retry budget, the pacing limiter and its queue, the sessions.</summary>
internal sealed class VenueState : IDisposable
{
    public VenueState(string name, GateOptions options, long timestampFrequency)
    {
        Name = name;
        LotSize = options.LotSizeOf(name);
        MinimumQuantity = options.MinimumQuantityOf(name);
        Floor = ClipTrimmer.Floor(LotSize, MinimumQuantity);
        Budget = new RetryBudget(options.RetryBudgetTokens, options.RetryRefillPerSuccess);
        var rate = options.MessagesPerSecondOf(name);
        if (rate > 0)
        {
            // One token every 1/rate s, or rate/1000 tokens every millisecond for fast venues. Replenished by the
            // gate's clock (AutoReplenishment off: each TryReplenish adds one period's tokens), so a fake clock drives it.
            var period = rate <= 1000 ? TimeSpan.FromTicks(TimeSpan.TicksPerSecond / rate) : TimeSpan.FromMilliseconds(1);
            var perPeriod = rate <= 1000 ? 1 : Math.Max(1, rate / 1000);
            var burst = options.MessageBurstOf(name);
            Limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst > 0 ? burst : rate,
                TokensPerPeriod = perPeriod,
                ReplenishmentPeriod = period,
                AutoReplenishment = false,
                QueueLimit = 0,
            });
            ReplenishTicks = Math.Max(1, (long)(period.TotalSeconds * timestampFrequency));
            MaxReplenishments = ((burst > 0 ? burst : rate) / perPeriod) + 1;
        }
    }

    public string Name { get; }

    public decimal LotSize { get; }

    public decimal MinimumQuantity { get; }

    public decimal Floor { get; }

    public RetryBudget Budget { get; }

    public TokenBucketRateLimiter? Limiter { get; }

    public long ReplenishTicks { get; }

    public int MaxReplenishments { get; }

    public long LastReplenish { get; set; }

    public OrderQueue Pacing { get; } = new();

    public SessionHealth[] Sessions { get; set; } = [];

    public DestinationId Destination { get; set; }

    /// <summary>Takes one message permit, first adding the periods the clock has moved since the last refill.</summary>
    public bool TryPermit(long now)
    {
        var limiter = Limiter!;
        if (LastReplenish == 0)
            LastReplenish = now;
        var periods = (now - LastReplenish) / ReplenishTicks;
        if (periods > 0)
        {
            var times = (int)Math.Min(periods, MaxReplenishments);
            for (var i = 0; i < times; i++)
                limiter.TryReplenish();
            LastReplenish += periods * ReplenishTicks;
        }
        using var lease = limiter.AttemptAcquire(1);
        return lease.IsAcquired;
    }

    public void Dispose() => Limiter?.Dispose();
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
