using System.Data.Common;
using PortStress.Analytics.Storage;

namespace PortStress.Analytics.Measures;

/// <summary>One parent order's implementation shortfall, decomposed (a row of <c>parent_costs</c>).</summary>
/// <param name="Run">The run.</param>
/// <param name="ParentId">The parent.</param>
/// <param name="Symbol">The symbol.</param>
/// <param name="Buy">True for a buy.</param>
/// <param name="Quantity">Parent quantity.</param>
/// <param name="Filled">Filled over all its children.</param>
/// <param name="DecisionMicros">Parent decision time.</param>
/// <param name="EndMicros">Parent end time.</param>
/// <param name="Derived">No <c>parent</c> record: quantity and times derived from the children.</param>
/// <param name="StressedShare">Share of child quantity decided in a non-GREEN state.</param>
/// <param name="Shadow">All its children were decided in shadow mode.</param>
/// <param name="ShortfallBps">Total, bps of the parent's paper value at the decision mid.</param>
/// <param name="DelayBps">Parent decision to each child's arrival at the gate, on filled quantity.</param>
/// <param name="TimingBps">Arrival to send, summed over children.</param>
/// <param name="ImpactBps">Fills against the send mid, summed over children.</param>
/// <param name="OpportunityBps">Unfilled parent quantity against the end mid.</param>
/// <param name="FeesBps">Fees.</param>
/// <param name="ShortfallCurrency">Total in currency.</param>
public sealed record ParentCost(
    string Run, long ParentId, string Symbol, bool Buy, double Quantity, double Filled, long DecisionMicros, long EndMicros, bool Derived,
    double StressedShare, bool Shadow, double ShortfallBps, double DelayBps, double TimingBps, double ImpactBps, double OpportunityBps,
    double FeesBps, double ShortfallCurrency)
{
    /// <summary>Filled over quantity.</summary>
    public double Completion => Quantity == 0 ? double.NaN : Filled / Quantity;
}

/// <summary>The child costs of one run.</summary>
/// <param name="Run">The run's name.</param>
/// <param name="Children">Its children with a decision mid (the others cannot be priced).</param>
/// <param name="Unpriced">Children without a mid at or before their decision, left out.</param>
public sealed record RunCosts(string Run, IReadOnlyList<ChildCost> Children, int Unpriced);

/// <summary>Reads the measure tables into the statistics' types.</summary>
public static class CostReader
{
    private const string ChildColumns =
        "orderId, parentId, venue, symbol, urgency, sign::DOUBLE, decisionTime, stressed, decidedState, appliedState, shadow, p::DOUBLE, spreadBps::DOUBLE, "
        + "volatilityBps::DOUBLE, timeOfDayHours::DOUBLE, quantity::DOUBLE, remainingQuantity::DOUBLE, filled::DOUBLE, shortfallBps::DOUBLE, delayBps::DOUBLE, "
        + "timingBps::DOUBLE, impactBps::DOUBLE, opportunityBps::DOUBLE, feesBps::DOUBLE, shortfallCcy::DOUBLE, decisionToSendMicros::DOUBLE, "
        + "markout1sBps::DOUBLE, markout5sBps::DOUBLE, markout60sBps::DOUBLE, decisionMid IS NULL AS unpriced, run";

    /// <summary>The children of every run, per run in run order, each run ordered by decision time then order id.</summary>
    /// <param name="store">A loaded store.</param>
    public static IReadOnlyList<RunCosts> Children(RecordStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var byRun = store.Runs.ToDictionary(r => r.Name, _ => (Children: new List<ChildCost>(), Unpriced: 0), StringComparer.Ordinal);
        using (var command = store.Connection.CreateCommand())
        {
            command.CommandText = $"SELECT {ChildColumns} FROM child_costs ORDER BY run, decisionTime, orderId";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var run = reader.GetString(30);
                var entry = byRun[run];
                if (reader.GetBoolean(29))
                    entry.Unpriced++;
                else
                    entry.Children.Add(Child(reader));
                byRun[run] = entry;
            }
        }

        return store.Runs.Select(r => new RunCosts(r.Name, byRun[r.Name].Children, byRun[r.Name].Unpriced)).ToList();
    }

    /// <summary>The parents of every run.</summary>
    /// <param name="store">A loaded store.</param>
    public static IReadOnlyList<ParentCost> Parents(RecordStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Query(
            "SELECT run, parentId, symbol, sign::DOUBLE, quantity::DOUBLE, filled::DOUBLE, decisionTime, endTime, derived, stressedShare::DOUBLE, "
            + "coalesce(shadow, false), shortfallBps::DOUBLE, delayBps::DOUBLE, timingBps::DOUBLE, impactBps::DOUBLE, opportunityBps::DOUBLE, "
            + "feesBps::DOUBLE, shortfallCcy::DOUBLE FROM parent_costs ORDER BY run, parentId",
            r => new ParentCost(r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetDouble(3) > 0, r.GetDouble(4), r.GetDouble(5), r.GetInt64(6),
                r.GetInt64(7), r.GetBoolean(8), r.GetDouble(9), r.GetBoolean(10), D(r, 11), D(r, 12), D(r, 13), D(r, 14), D(r, 15), D(r, 16), D(r, 17)));
    }

    /// <summary>
    /// All runs' children in one list for the statistics, with parent ids made distinct across runs (the bootstrap
    /// clusters on them): run <c>k</c> (0-based, in run order) maps parent <c>p</c> to <c>k × 10^9 + p</c>.
    /// </summary>
    /// <param name="runs">Per-run children.</param>
    public static List<ChildCost> Combined(IEnumerable<RunCosts> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var all = new List<ChildCost>();
        var k = 0L;
        foreach (var run in runs)
        {
            var offset = k++ * 1_000_000_000L;
            all.AddRange(offset == 0 ? run.Children : run.Children.Select(c => c with { ParentId = offset + c.ParentId }));
        }

        return all;
    }

    /// <summary>The urgency bucket of an urgency name: low 0, normal 1, high 2, critical 3.</summary>
    /// <param name="urgency">The recorded name.</param>
    public static int Urgency(string? urgency) => urgency switch
    {
        "low" => 0,
        "high" => 2,
        "critical" => 3,
        _ => 1,
    };

    private static ChildCost Child(DbDataReader r) => new(
        OrderId: r.GetInt64(0),
        ParentId: r.GetInt64(1),
        Venue: S(r, 2),
        Symbol: S(r, 3),
        Urgency: Urgency(r.IsDBNull(4) ? null : r.GetString(4)),
        Buy: r.GetDouble(5) > 0,
        DecisionMicros: r.GetInt64(6),
        Stressed: r.GetBoolean(7),
        DecidedState: r.IsDBNull(8) ? "GREEN" : r.GetString(8),
        AppliedState: r.IsDBNull(9) ? "GREEN" : r.GetString(9),
        Shadow: !r.IsDBNull(10) && r.GetBoolean(10),
        StressProbability: D(r, 11),
        SpreadBps: D(r, 12),
        VolatilityBps: D(r, 13),
        TimeOfDayHours: D(r, 14),
        ClipQuantity: D(r, 15),
        RemainingQuantity: D(r, 16),
        Quantity: D(r, 15),
        FilledQuantity: D(r, 17),
        ShortfallBps: D(r, 18),
        DelayBps: D(r, 19),
        TimingBps: D(r, 20),
        ImpactBps: D(r, 21),
        OpportunityBps: D(r, 22),
        FeesBps: D(r, 23),
        ShortfallCurrency: D(r, 24),
        DecisionToSendMicros: D(r, 25),
        Markout1sBps: D(r, 26),
        Markout5sBps: D(r, 27),
        Markout60sBps: D(r, 28));

    /// <summary>Column <paramref name="i"/> of the current row as a double; NaN for NULL.</summary>
    /// <param name="r">The reader.</param>
    /// <param name="i">The column.</param>
    internal static double D(DbDataReader r, int i) =>
        r.IsDBNull(i) ? double.NaN : r.GetFieldType(i) == typeof(double) ? r.GetDouble(i) : Convert.ToDouble(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);

    private static string S(DbDataReader r, int i) => r.IsDBNull(i) ? string.Empty : r.GetString(i);
}
