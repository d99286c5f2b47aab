using PortStress.Analytics;

namespace PortStress.Gateway.Demo;

/// <summary>The comparison metrics of one run, computed from its records.</summary>
internal sealed record RunMetrics
{
    /// <summary>The states in table order.</summary>
    public static readonly string[] States = ["GREEN", "YELLOW", "ORANGE", "RED"];

    /// <summary>Filled children with a shortfall (a mid before their decision).</summary>
    public int FilledChildren { get; init; }

    /// <summary>q95 of the per-child implementation shortfall (the analytics' total: delay, timing, impact, opportunity, fees), bps.</summary>
    public double ShortfallQ95Bps { get; init; }

    /// <summary>Mean per-child implementation shortfall, bps.</summary>
    public double ShortfallMeanBps { get; init; }

    /// <summary>Filled over parent quantity.</summary>
    public double CompletionRate { get; init; }

    /// <summary>p95 of sent time − decision time over sent children, ms.</summary>
    public double DecisionToSend95Ms { get; init; }

    /// <summary>p95 of sent time − decision time − the controller's intended holds over sent children, ms (what transport and scheduling added).</summary>
    public double DecisionToSendUnintended95Ms { get; init; }

    /// <summary>Peak CFR over the ticks.</summary>
    public double PeakConnectFailureRatio { get; init; }

    /// <summary>Child orders.</summary>
    public int Orders { get; init; }

    /// <summary>Children that waited in containment.</summary>
    public int Contained { get; init; }

    /// <summary>Children refused by the gate.</summary>
    public int Refused { get; init; }

    /// <summary>Share of ticks in each state (decided state), in <see cref="States"/> order.</summary>
    public required IReadOnlyList<double> StateShares { get; init; }

    /// <summary>The per-child costs (for the plots).</summary>
    public required IReadOnlyList<ChildCost> Shortfall { get; init; }

    /// <summary>Computes the metrics of <paramref name="records"/>.</summary>
    /// <param name="records">One run's records.</param>
    /// <param name="shortfall">The run's filled children from the analytics (<see cref="DemoShortfall"/>).</param>
    public static RunMetrics From(DemoRecords records, IReadOnlyList<ChildCost> shortfall)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(shortfall);
        var parentTotal = records.ParentQuantities.Values.Sum();
        var parents = records.ParentQuantities;
        var filled = records.Fills.Join(records.Orders, f => f.OrderId, o => o.OrderId, (f, o) => (f, o))
            .Where(x => parents.Count == 0 || parents.ContainsKey(x.o.ParentId))
            .Sum(x => x.f.Quantity);
        var dsd = records.Orders.Where(o => o.WasSent).Select(o => (o.SentMicros - o.DecisionMicros) / 1000.0);
        var ticks = records.Ticks.Count;
        var shares = States.Select(s => ticks == 0 ? 0 : (double)records.Ticks.Count(t => t.State == s) / ticks).ToArray();
        return new RunMetrics
        {
            FilledChildren = shortfall.Count,
            ShortfallQ95Bps = Quantile.Of(shortfall.Select(s => s.ShortfallBps), 0.95),
            ShortfallMeanBps = shortfall.Count == 0 ? double.NaN : shortfall.Average(s => s.ShortfallBps),
            CompletionRate = parentTotal == 0 ? double.NaN : (double)(filled / parentTotal),
            DecisionToSend95Ms = Quantile.Of(dsd, 0.95),
            DecisionToSendUnintended95Ms = Quantile.Of(records.Orders.Where(o => o.WasSent).Select(o => (o.SentMicros - o.DecisionMicros - o.IntendedHoldMicros) / 1000.0), 0.95),
            PeakConnectFailureRatio = records.Ticks.Count == 0 ? 0 : records.Ticks.Max(t => double.IsNaN(t.ConnectFailureRatio) ? 0 : t.ConnectFailureRatio),
            Orders = records.Orders.Count,
            Contained = records.Orders.Count(o => o.Contained),
            Refused = records.Orders.Count(o => o.Outcome == "refused"),
            StateShares = shares,
            Shortfall = shortfall,
        };
    }
}
