namespace PortStress.Analytics.Storage;

/// <summary>One JSON field of a record stream and the DuckDB column it loads into.</summary>
/// <param name="Name">The JSON field and the column name.</param>
/// <param name="Type">The DuckDB type.</param>
internal readonly record struct RecordColumn(string Name, string Type);

/// <summary>A record stream (<c>{Stream}.jsonl</c>) and the table it loads into, with explicit columns (no schema sniffing).</summary>
/// <param name="Stream">The file stem (<c>order</c>, <c>order_event</c>, ...).</param>
/// <param name="Table">The DuckDB table.</param>
/// <param name="Columns">The fields read; other fields are ignored.</param>
internal sealed record RecordStream(string Stream, string Table, IReadOnlyList<RecordColumn> Columns)
{
    /// <summary>The file name of the stream in a run directory.</summary>
    public string FileName => Stream + ".jsonl";

    /// <summary>The <c>columns={...}</c> argument of <c>read_json</c>.</summary>
    public string ColumnsArgument => "{" + string.Join(", ", Columns.Select(c => $"\"{c.Name}\": '{c.Type}'")) + "}";

    /// <summary>The table's column list with types, after the leading <c>run</c> column.</summary>
    public string ColumnDefinitions => string.Join(", ", Columns.Select(c => $"\"{c.Name}\" {c.Type}"));
}

/// <summary>
/// The record streams the analytics load (docs/records.md), one table each. Times are BIGINT microseconds since the
/// Unix epoch; quantities and prices DECIMAL (they are written exactly from <c>decimal</c>); ratios DOUBLE.
/// </summary>
internal static class RecordStreams
{
    private const string Price = "DECIMAL(18,6)";
    private const string Qty = "DECIMAL(18,4)";

    private static readonly RecordColumn[] Features =
    [
        new("p", "DOUBLE"), new("ppr", "DOUBLE"), new("twr", "DOUBLE"), new("cfr", "DOUBLE"), new("connectFailures", "BIGINT"),
        new("ctl95Relative", "DOUBLE"), new("rbi", "DOUBLE"), new("dsd95Relative", "DOUBLE"), new("retryQueueDepth", "BIGINT"),
        new("reconnectsPerMinute", "DOUBLE"), new("ringDrops", "BIGINT"),
    ];

    /// <summary><c>order.jsonl</c>: one row per child order at its gate outcome.</summary>
    public static readonly RecordStream Orders = new("order", "orders",
    [
        new("orderId", "BIGINT"), new("parentId", "BIGINT"), new("venue", "VARCHAR"), new("symbol", "VARCHAR"), new("side", "VARCHAR"),
        new("urgency", "VARCHAR"), new("catchUp", "BOOLEAN"), new("retry", "BOOLEAN"), new("urgencyOverride", "BOOLEAN"),
        new("appliedState", "VARCHAR"), new("decidedState", "VARCHAR"), new("shadow", "BOOLEAN"), new("snapshotVersion", "BIGINT"),
        .. Features,
        new("decisionTime", "BIGINT"), new("arrivalTime", "BIGINT"), new("intendedLaunchTime", "BIGINT"), new("deadline", "BIGINT"),
        new("sentTime", "BIGINT"), new("outcomeTime", "BIGINT"), new("holdMicros", "BIGINT"), new("intendedHoldMicros", "BIGINT"),
        new("quantity", Qty), new("sentQuantity", Qty), new("trimmedQuantity", Qty), new("catchUpCappedQuantity", Qty),
        new("limitPrice", Price), new("jitterMicros", "BIGINT"), new("session", "VARCHAR"), new("gateRetries", "BIGINT"),
        new("outcome", "VARCHAR"), new("refusal", "VARCHAR"),
        new("wouldSentQuantity", Qty), new("wouldJitterMicros", "BIGINT"), new("wouldContain", "BOOLEAN"), new("wouldRequireApproval", "BOOLEAN"),
    ]);

    /// <summary><c>order_event.jsonl</c>: venue answers (acknowledged, rejected, filled, done).</summary>
    public static readonly RecordStream OrderEvents = new("order_event", "order_events",
    [
        new("orderId", "BIGINT"), new("parentId", "BIGINT"), new("event", "VARCHAR"), new("time", "BIGINT"), new("venue", "VARCHAR"),
        new("session", "VARCHAR"), new("quantity", Qty), new("price", Price), new("ackLatencyMicros", "BIGINT"), new("reason", "VARCHAR"),
    ]);

    /// <summary><c>mid.jsonl</c>: the venue's quotes.</summary>
    public static readonly RecordStream Mids = new("mid", "mids",
    [
        new("time", "BIGINT"), new("symbol", "VARCHAR"), new("bid", Price), new("ask", Price), new("mid", Price), new("volume", Qty),
    ]);

    /// <summary><c>venue_fill.jsonl</c>: fills as the venue saw them.</summary>
    public static readonly RecordStream VenueFills = new("venue_fill", "venue_fills",
    [
        new("time", "BIGINT"), new("session", "VARCHAR"), new("clOrdId", "VARCHAR"), new("orderId", "BIGINT"), new("symbol", "VARCHAR"),
        new("side", "VARCHAR"), new("qty", Qty), new("price", Price), new("mid", Price), new("aggressive", "BOOLEAN"),
    ]);

    /// <summary><c>ticks.jsonl</c>: one row per control tick.</summary>
    public static readonly RecordStream Ticks = new("ticks", "ticks",
    [
        new("time", "BIGINT"), new("state", "VARCHAR"), new("shadow", "BOOLEAN"),
        .. Features,
        new("ctl95", "DOUBLE"), new("ctl95Baseline", "DOUBLE"), new("dsd95", "DOUBLE"), new("dsd95Baseline", "DOUBLE"),
    ]);

    /// <summary><c>transitions.jsonl</c>: one row per state change.</summary>
    public static readonly RecordStream Transitions = new("transitions", "transitions",
    [
        new("time", "BIGINT"), new("from", "VARCHAR"), new("to", "VARCHAR"), new("rule", "VARCHAR"), new("dwellSeconds", "DOUBLE"),
        new("shadow", "BOOLEAN"), new("version", "BIGINT"),
        .. Features,
    ]);

    /// <summary><c>parent.jsonl</c>: one row per parent order (decision, end, filled).</summary>
    public static readonly RecordStream Parents = new("parent", "parents",
    [
        new("parentId", "BIGINT"), new("venue", "VARCHAR"), new("symbol", "VARCHAR"), new("side", "VARCHAR"), new("quantity", Qty),
        new("decisionTime", "BIGINT"), new("endTime", "BIGINT"), new("filled", Qty), new("algorithm", "VARCHAR"),
    ]);

    /// <summary>Every stream, in load order.</summary>
    public static readonly IReadOnlyList<RecordStream> All = [Orders, OrderEvents, Mids, VenueFills, Ticks, Transitions, Parents];
}
