namespace PortStress.Gateway.Demo;

/// <summary>The implementation shortfall of one child fill.</summary>
/// <param name="OrderId">The child.</param>
/// <param name="DecisionMicros">When the child was decided.</param>
/// <param name="ArrivalMid">The venue mid at the decision.</param>
/// <param name="Price">The fill price.</param>
/// <param name="Quantity">The fill quantity.</param>
/// <param name="Bps">Shortfall in basis points: positive is a cost.</param>
internal readonly record struct ShortfallSample(long OrderId, long DecisionMicros, decimal ArrivalMid, decimal Price, decimal Quantity, double Bps);

/// <summary>
/// Implementation shortfall per child fill, from records only: <c>(fill price − arrival mid) / arrival mid × 10^4</c>
/// for a buy and the negative for a sell, where the arrival mid is the venue's last recorded mid of the symbol at or
/// before the child's decision time (an as-of join of <c>order.jsonl</c> and <c>order_event.jsonl</c> on
/// <c>mid.jsonl</c>). Kept on its own so the analytics (issue 7) can replace it with their decomposition.
/// </summary>
internal static class ImplementationShortfall
{
    /// <summary>One sample per fill whose child is known and has a mid at or before its decision; others are skipped.</summary>
    /// <param name="orders">Child orders (order.jsonl).</param>
    /// <param name="fills">Fills (order_event.jsonl, event = filled).</param>
    /// <param name="mids">Mid prices (mid.jsonl).</param>
    public static List<ShortfallSample> PerFill(IEnumerable<ChildOrderRow> orders, IEnumerable<FillRow> fills, IEnumerable<MidRow> mids)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(fills);
        ArgumentNullException.ThrowIfNull(mids);
        var byId = new Dictionary<long, ChildOrderRow>();
        foreach (var order in orders)
            byId[order.OrderId] = order;
        var series = mids.GroupBy(m => m.Symbol, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(m => m.TimeMicros).ToArray(), StringComparer.Ordinal);
        var samples = new List<ShortfallSample>();
        foreach (var fill in fills)
        {
            if (!byId.TryGetValue(fill.OrderId, out var order) || !series.TryGetValue(order.Symbol, out var symbolMids))
                continue;
            if (ArrivalMid(symbolMids, order.DecisionMicros) is not { } arrival || arrival <= 0)
                continue;
            var signed = (fill.Price - arrival) / arrival * 10_000m;
            samples.Add(new ShortfallSample(order.OrderId, order.DecisionMicros, arrival, fill.Price, fill.Quantity, (double)(order.Buy ? signed : -signed)));
        }

        return samples;
    }

    /// <summary>The last mid at or before <paramref name="timeMicros"/> in a time-ordered series; null when none is.</summary>
    /// <param name="series">Mids of one symbol, ordered by time.</param>
    /// <param name="timeMicros">The time.</param>
    public static decimal? ArrivalMid(MidRow[] series, long timeMicros)
    {
        ArgumentNullException.ThrowIfNull(series);
        int low = 0, high = series.Length - 1, found = -1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            if (series[middle].TimeMicros <= timeMicros)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found < 0 ? null : series[found].Mid;
    }
}

/// <summary>Sample quantiles.</summary>
internal static class Quantile
{
    /// <summary>
    /// The <paramref name="q"/> quantile with linear interpolation between order statistics (Hyndman–Fan type 7, the
    /// default of R, NumPy and DuckDB's <c>quantile_cont</c>); NaN for no values.
    /// </summary>
    /// <param name="values">The sample.</param>
    /// <param name="q">In [0, 1].</param>
    public static double Of(IEnumerable<double> values, double q)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1);
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
            return double.NaN;
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
