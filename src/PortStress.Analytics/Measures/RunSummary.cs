using PortStress.Analytics.Storage;

namespace PortStress.Analytics.Measures;

/// <summary>One run's headline measures (a row of the <c>run_summary</c> view).</summary>
/// <param name="Run">The run.</param>
/// <param name="Children">Child orders.</param>
/// <param name="Sent">Of those, sent.</param>
/// <param name="Refused">Of those, refused by the gate.</param>
/// <param name="MeanShortfallBps">Mean child IS.</param>
/// <param name="Q95ShortfallBps">q95 of child IS (type 7).</param>
/// <param name="ShortfallCurrency">Sum of child IS in currency.</param>
/// <param name="DecisionToSend95Ms">p95 of send − decision over sent children, ms.</param>
/// <param name="Markout1sBps">Mean child markout at 1 s.</param>
/// <param name="Markout5sBps">At 5 s.</param>
/// <param name="Markout60sBps">At 60 s.</param>
/// <param name="Psmg1sBps">Port-stress markout gap at 1 s: mean markout of stressed children minus baseline (raw, unmatched).</param>
/// <param name="Psmg5sBps">At 5 s.</param>
/// <param name="Psmg60sBps">At 60 s.</param>
/// <param name="Parents">Parent orders.</param>
/// <param name="Completion">Filled over parent quantity.</param>
/// <param name="MissQuantity">Parent quantity left unfilled.</param>
/// <param name="ParentsMissed">Parents not completely filled.</param>
/// <param name="ParentMeanShortfallBps">Mean parent IS.</param>
/// <param name="ParentQ95ShortfallBps">q95 of parent IS.</param>
public sealed record RunSummary(
    string Run, long Children, long Sent, long Refused, double MeanShortfallBps, double Q95ShortfallBps, double ShortfallCurrency,
    double DecisionToSend95Ms, double Markout1sBps, double Markout5sBps, double Markout60sBps, double Psmg1sBps, double Psmg5sBps, double Psmg60sBps,
    long Parents, double Completion, double MissQuantity, long ParentsMissed, double ParentMeanShortfallBps, double ParentQ95ShortfallBps)
{
    /// <summary>Unfilled share of parent quantity (1 − completion).</summary>
    public double CompletionMiss => 1 - Completion;

    /// <summary>Every run's summary, in run order.</summary>
    /// <param name="store">A loaded store.</param>
    public static IReadOnlyList<RunSummary> Read(RecordStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Query(
            "SELECT run, children, sent, refused, meanShortfallBps, q95ShortfallBps, shortfallCcy, dsd95Ms, markout1sBps, markout5sBps, markout60sBps, "
            + "psmg1sBps, psmg5sBps, psmg60sBps, coalesce(parents, 0), completion, missQuantity, coalesce(parentsMissed, 0), parentMeanShortfallBps, parentQ95ShortfallBps "
            + "FROM run_summary ORDER BY run",
            r => new RunSummary(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), CostReader.D(r, 4), CostReader.D(r, 5), CostReader.D(r, 6),
                CostReader.D(r, 7), CostReader.D(r, 8), CostReader.D(r, 9), CostReader.D(r, 10), CostReader.D(r, 11), CostReader.D(r, 12), CostReader.D(r, 13),
                r.GetInt64(14), CostReader.D(r, 15), CostReader.D(r, 16), r.GetInt64(17), CostReader.D(r, 18), CostReader.D(r, 19)));
    }
}
