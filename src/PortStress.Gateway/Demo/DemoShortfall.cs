using PortStress.Analytics;
using PortStress.Analytics.Measures;
using PortStress.Analytics.Storage;

namespace PortStress.Gateway.Demo;

/// <summary>
/// The demo's implementation shortfall comes from the analytics (PortStress.Analytics), the same decomposition
/// <c>portstress report</c> prints: both runs' records load into one DuckDB file in the report folder, and each child's
/// total shortfall (delay + timing + impact + opportunity + fees, bps of the decision mid) is read back per run. So the
/// demo's side-by-side table and a desk's report on the same records agree by construction.
/// The table takes the children that filled: a child the gate refused at its deadline is re-sent by its schedule as a
/// catch-up child, so the refused child's "opportunity" is paid again, and measured, by the child that replaced it
/// (counting both would charge the controller twice for every containment). The report shows every child and each
/// parent as a whole.
/// </summary>
internal static class DemoShortfall
{
    /// <summary>The database file the demo leaves in its report folder (open it with DuckDB to query the runs).</summary>
    public const string DatabaseFile = "records.duckdb";

    /// <summary>The filled, priced children of the controller-off and controller-on runs.</summary>
    /// <param name="offRecords">The off run's record folder.</param>
    /// <param name="onRecords">The on run's record folder.</param>
    /// <param name="reportDirectory">Where the database file goes.</param>
    /// <returns>Each run's children whose shortfall is defined.</returns>
    /// <exception cref="RecordsException">The records cannot be read.</exception>
    public static (IReadOnlyList<ChildCost> Off, IReadOnlyList<ChildCost> On) Load(string offRecords, string onRecords, string reportDirectory)
    {
        using var store = RecordStore.Create(Path.Combine(reportDirectory, DatabaseFile));
        store.Load([new RecordRun("off", offRecords), new RecordRun("on", onRecords)], new MeasureOptions());
        var runs = CostReader.Children(store).ToDictionary(r => r.Run, r => r.Children, StringComparer.Ordinal);
        return (Priced(runs["off"]), Priced(runs["on"]));
    }

    private static List<ChildCost> Priced(IReadOnlyList<ChildCost> children) =>
        children.Where(c => c.FilledQuantity > 0 && double.IsFinite(c.ShortfallBps)).ToList();
}
