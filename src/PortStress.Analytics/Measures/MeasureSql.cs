using System.Globalization;

namespace PortStress.Analytics.Measures;

/// <summary>
/// The measures as DuckDB SQL over the record tables (docs/analytics.md has the definitions). Each step creates one
/// table or view; they run in order after the load. Prices are read as DOUBLE; the record tables keep them DECIMAL.
/// Signs: <c>sign</c> is +1 for a buy and −1 for a sell, so every cost term is positive when it costs the desk.
/// </summary>
internal static class MeasureSql
{
    /// <summary>Measure tables exported with the record tables.</summary>
    public static readonly IReadOnlyList<string> Tables = ["parent_source", "mid_series", "fill_markouts", "child_costs", "parent_costs"];

    /// <summary>The steps, in order: (name, statement with <c>{placeholders}</c>).</summary>
    public static readonly IReadOnlyList<(string Name, string Sql)> Steps =
    [
        ("parent_source", """
            CREATE TABLE parent_source AS
            SELECT run, parentId, venue, symbol, side, quantity::DOUBLE AS quantity, decisionTime, endTime, false AS derived
            FROM parents
            UNION ALL
            SELECT o.run, o.parentId, any_value(o.venue), any_value(o.symbol), any_value(o.side),
                   coalesce(sum(o.quantity::DOUBLE) FILTER (WHERE NOT coalesce(o.catchUp, false)), 0),
                   min(o.decisionTime), greatest(max(o.outcomeTime), coalesce(any_value(ev.lastTime), 0)), true
            FROM orders o
            LEFT JOIN (SELECT run, parentId, max(time) AS lastTime FROM order_events GROUP BY ALL) ev
                   ON ev.run = o.run AND ev.parentId = o.parentId
            WHERE o.parentId <> 0 AND NOT EXISTS (SELECT 1 FROM parents p WHERE p.run = o.run AND p.parentId = o.parentId)
            GROUP BY o.run, o.parentId
            """),
        ("mid_series", """
            CREATE TABLE mid_series AS
            SELECT run, symbol, time, bid, ask, mid,
                   sum(r2) OVER (PARTITION BY run, symbol ORDER BY time ROWS UNBOUNDED PRECEDING) AS cumR2
            FROM (SELECT run, symbol, time, bid::DOUBLE AS bid, ask::DOUBLE AS ask, mid::DOUBLE AS mid,
                         coalesce(pow(ln(mid::DOUBLE / lag(mid::DOUBLE) OVER (PARTITION BY run, symbol ORDER BY time)), 2), 0) AS r2
                  FROM mids WHERE mid > 0)
            """),
        ("fills", """
            CREATE VIEW fills AS
            SELECT e.run, e.orderId, e.parentId, e.time, e.quantity::DOUBLE AS quantity, e.price::DOUBLE AS price
            FROM order_events e WHERE e.event = 'filled' AND e.quantity > 0
            """),
        ("fill_markouts", """
            CREATE TABLE fill_markouts AS
            WITH f AS (
                SELECT f.*, o.symbol, CASE WHEN o.side = 'buy' THEN 1.0::DOUBLE ELSE -1.0::DOUBLE END AS sign
                FROM fills f JOIN orders o ON o.run = f.run AND o.orderId = f.orderId),
            span AS (SELECT run, symbol, max(time) AS lastTime FROM mid_series GROUP BY ALL)
            SELECT f.run, f.orderId, f.parentId, f.time, f.quantity, f.price, f.symbol, f.sign,
                   CASE WHEN f.time + 1000000 <= span.lastTime THEN m1.mid END AS mid1s,
                   CASE WHEN f.time + 5000000 <= span.lastTime THEN m5.mid END AS mid5s,
                   CASE WHEN f.time + 60000000 <= span.lastTime THEN m60.mid END AS mid60s
            FROM f
            JOIN span ON span.run = f.run AND span.symbol = f.symbol
            ASOF LEFT JOIN mid_series m1 ON m1.run = f.run AND m1.symbol = f.symbol AND f.time + 1000000 >= m1.time
            ASOF LEFT JOIN mid_series m5 ON m5.run = f.run AND m5.symbol = f.symbol AND f.time + 5000000 >= m5.time
            ASOF LEFT JOIN mid_series m60 ON m60.run = f.run AND m60.symbol = f.symbol AND f.time + 60000000 >= m60.time
            """),
        ("child_costs", """
            CREATE TABLE child_costs AS
            WITH cf AS (
                SELECT run, orderId, sum(quantity) AS filled, sum(quantity * price) AS notional,
                       sum(quantity * (mid1s - price)) FILTER (WHERE mid1s IS NOT NULL) AS mo1,
                       sum(quantity * price) FILTER (WHERE mid1s IS NOT NULL) AS mo1n,
                       sum(quantity * (mid5s - price)) FILTER (WHERE mid5s IS NOT NULL) AS mo5,
                       sum(quantity * price) FILTER (WHERE mid5s IS NOT NULL) AS mo5n,
                       sum(quantity * (mid60s - price)) FILTER (WHERE mid60s IS NOT NULL) AS mo60,
                       sum(quantity * price) FILTER (WHERE mid60s IS NOT NULL) AS mo60n
                FROM fill_markouts GROUP BY ALL),
            pf AS (
                SELECT run, parentId, time,
                       sum(quantity) OVER (PARTITION BY run, parentId ORDER BY time ROWS UNBOUNDED PRECEDING) AS cumFilled
                FROM fills WHERE parentId <> 0),
            last_mid AS (SELECT run, symbol, arg_max(mid, time) AS lastMid FROM mid_series GROUP BY ALL),
            pe AS (
                SELECT p.run, p.parentId, p.quantity AS parentQuantity, m.mid AS endMid
                FROM parent_source p
                ASOF LEFT JOIN mid_series m ON m.run = p.run AND m.symbol = p.symbol AND p.endTime >= m.time),
            px AS (
                SELECT o.run, o.orderId, o.parentId, o.venue, o.symbol, o.side, o.urgency, o.catchUp, o.decidedState, o.appliedState, o.shadow,
                       o.p, o.decisionTime, o.arrivalTime, o.intendedLaunchTime, o.sentTime, o.outcome, o.intendedHoldMicros, o.quantity,
                       CASE WHEN o.side = 'buy' THEN 1.0::DOUBLE ELSE -1.0::DOUBLE END AS sign,
                       d.mid AS decisionMid, d.bid AS decisionBid, d.ask AS decisionAsk, a.mid AS arrivalMid,
                       CASE WHEN o.sentTime > 0 THEN s.mid END AS sendMid,
                       CASE WHEN d.mid IS NOT NULL THEN sqrt(greatest(d.cumR2 - coalesce(v.cumR2, 0.0), 0.0)) * 10000 END AS volatilityBps,
                       coalesce(pf.cumFilled, 0.0) AS parentFilledBefore
                FROM orders o
                ASOF LEFT JOIN mid_series d ON d.run = o.run AND d.symbol = o.symbol AND o.decisionTime >= d.time
                ASOF LEFT JOIN mid_series a ON a.run = o.run AND a.symbol = o.symbol AND o.arrivalTime >= a.time
                ASOF LEFT JOIN mid_series s ON s.run = o.run AND s.symbol = o.symbol AND o.sentTime >= s.time
                ASOF LEFT JOIN mid_series v ON v.run = o.run AND v.symbol = o.symbol AND o.decisionTime - {volatilityWindowMicros} >= v.time
                ASOF LEFT JOIN pf ON pf.run = o.run AND pf.parentId = o.parentId AND o.decisionTime > pf.time),
            c AS (
                SELECT px.run, px.orderId, px.parentId, px.venue, px.symbol, px.side, px.sign, px.urgency, px.catchUp,
                       px.decidedState, px.appliedState, px.shadow, px.p, px.decisionTime, px.arrivalTime,
                       px.intendedLaunchTime, px.sentTime, px.outcome, px.intendedHoldMicros,
                       px.decisionTime % 86400000000 / 3600000000.0 AS timeOfDayHours,
                       coalesce(px.decidedState, 'GREEN') <> 'GREEN' AS stressed,
                       px.quantity::DOUBLE AS quantity, coalesce(cf.filled, 0.0) AS filled, cf.notional,
                       px.decisionMid, px.arrivalMid, px.sendMid, coalesce(pe.endMid, lm.lastMid) AS endMid,
                       (px.decisionAsk - px.decisionBid) / px.decisionMid * 10000 AS spreadBps, px.volatilityBps,
                       coalesce(pe.parentQuantity - px.parentFilledBefore, px.quantity::DOUBLE) AS remainingQuantity,
                       -- A missing mid in the chain (no arrival time recorded, no send time) takes the previous one, so the
                       -- parts still add up to sign x (notional - filled x decision mid): its move lands in the next part.
                       CASE WHEN cf.filled > 0 THEN px.sign * cf.filled * (coalesce(px.arrivalMid, px.decisionMid) - px.decisionMid) END AS delayCcy,
                       CASE WHEN cf.filled > 0 THEN px.sign * cf.filled * (coalesce(px.sendMid, px.arrivalMid, px.decisionMid) - coalesce(px.arrivalMid, px.decisionMid)) END AS timingCcy,
                       CASE WHEN cf.filled > 0 THEN px.sign * (cf.notional - cf.filled * coalesce(px.sendMid, px.arrivalMid, px.decisionMid)) END AS impactCcy,
                       px.sign * (px.quantity::DOUBLE - coalesce(cf.filled, 0.0)) * (coalesce(pe.endMid, lm.lastMid) - px.decisionMid) AS opportunityCcy,
                       coalesce(cf.notional, 0.0) * coalesce(fs.bps, {defaultFeeBps}) / 10000 AS feesCcy,
                       CASE WHEN cf.mo1n > 0 THEN px.sign * cf.mo1 / cf.mo1n * 10000 END AS markout1sBps,
                       CASE WHEN cf.mo5n > 0 THEN px.sign * cf.mo5 / cf.mo5n * 10000 END AS markout5sBps,
                       CASE WHEN cf.mo60n > 0 THEN px.sign * cf.mo60 / cf.mo60n * 10000 END AS markout60sBps
                FROM px
                LEFT JOIN cf ON cf.run = px.run AND cf.orderId = px.orderId
                LEFT JOIN pe ON pe.run = px.run AND pe.parentId = px.parentId
                LEFT JOIN last_mid lm ON lm.run = px.run AND lm.symbol = px.symbol
                LEFT JOIN fee_schedule fs ON fs.venue = px.venue)
            SELECT c.*,
                   coalesce(delayCcy, 0) + coalesce(timingCcy, 0) + coalesce(impactCcy, 0) + opportunityCcy + feesCcy AS shortfallCcy,
                   (coalesce(delayCcy, 0) + coalesce(timingCcy, 0) + coalesce(impactCcy, 0) + opportunityCcy + feesCcy) / (quantity * decisionMid) * 10000 AS shortfallBps,
                   delayCcy / (quantity * decisionMid) * 10000 AS delayBps,
                   timingCcy / (quantity * decisionMid) * 10000 AS timingBps,
                   impactCcy / (quantity * decisionMid) * 10000 AS impactBps,
                   opportunityCcy / (quantity * decisionMid) * 10000 AS opportunityBps,
                   feesCcy / (quantity * decisionMid) * 10000 AS feesBps,
                   CASE WHEN sentTime > 0 THEN sentTime - decisionTime END AS decisionToSendMicros
            FROM c
            """),
        ("parent_costs", """
            CREATE TABLE parent_costs AS
            WITH pm AS (
                SELECT p.*, CASE WHEN p.side = 'buy' THEN 1.0::DOUBLE ELSE -1.0::DOUBLE END AS sign, d.mid AS decisionMid, e.mid AS endMid
                FROM parent_source p
                ASOF LEFT JOIN mid_series d ON d.run = p.run AND d.symbol = p.symbol AND p.decisionTime >= d.time
                ASOF LEFT JOIN mid_series e ON e.run = p.run AND e.symbol = p.symbol AND p.endTime >= e.time),
            agg AS (
                SELECT run, parentId, count(*) AS children, sum(filled) AS filled,
                       sum(filled * arrivalMid) FILTER (WHERE filled > 0) AS filledAtArrival,
                       sum(timingCcy) AS timingCcy, sum(impactCcy) AS impactCcy, sum(feesCcy) AS feesCcy,
                       sum(quantity) FILTER (WHERE stressed) / sum(quantity) AS stressedShare,
                       bool_and(shadow) AS shadow
                FROM child_costs GROUP BY ALL),
            c AS (
                SELECT pm.run, pm.parentId, pm.venue, pm.symbol, pm.side, pm.sign, pm.quantity, pm.decisionTime, pm.endTime, pm.derived,
                       coalesce(agg.children, 0) AS children, coalesce(agg.filled, 0.0) AS filled,
                       coalesce(agg.filled, 0.0) / pm.quantity AS completion, pm.quantity - coalesce(agg.filled, 0.0) AS missQuantity,
                       coalesce(agg.stressedShare, 0.0) AS stressedShare, agg.shadow, pm.decisionMid, pm.endMid,
                       pm.sign * (coalesce(agg.filledAtArrival, 0.0) - coalesce(agg.filled, 0.0) * pm.decisionMid) AS delayCcy,
                       coalesce(agg.timingCcy, 0.0) AS timingCcy, coalesce(agg.impactCcy, 0.0) AS impactCcy,
                       pm.sign * (pm.quantity - coalesce(agg.filled, 0.0)) * (pm.endMid - pm.decisionMid) AS opportunityCcy,
                       coalesce(agg.feesCcy, 0.0) AS feesCcy
                FROM pm LEFT JOIN agg ON agg.run = pm.run AND agg.parentId = pm.parentId)
            SELECT c.*,
                   delayCcy + timingCcy + impactCcy + opportunityCcy + feesCcy AS shortfallCcy,
                   (delayCcy + timingCcy + impactCcy + opportunityCcy + feesCcy) / (quantity * decisionMid) * 10000 AS shortfallBps,
                   delayCcy / (quantity * decisionMid) * 10000 AS delayBps,
                   timingCcy / (quantity * decisionMid) * 10000 AS timingBps,
                   impactCcy / (quantity * decisionMid) * 10000 AS impactBps,
                   opportunityCcy / (quantity * decisionMid) * 10000 AS opportunityBps,
                   feesCcy / (quantity * decisionMid) * 10000 AS feesBps
            FROM c
            """),
        ("run_summary", """
            CREATE VIEW run_summary AS
            WITH ch AS (
                SELECT run, count(*) AS children, count(*) FILTER (WHERE sentTime > 0) AS sent,
                       count(*) FILTER (WHERE outcome = 'refused') AS refused,
                       avg(shortfallBps) AS meanShortfallBps, quantile_cont(shortfallBps, 0.95) AS q95ShortfallBps,
                       sum(shortfallCcy) AS shortfallCcy,
                       quantile_cont(decisionToSendMicros, 0.95) / 1000.0 AS dsd95Ms,
                       avg(markout1sBps) AS markout1sBps, avg(markout5sBps) AS markout5sBps, avg(markout60sBps) AS markout60sBps,
                       avg(markout1sBps) FILTER (WHERE stressed) - avg(markout1sBps) FILTER (WHERE NOT stressed) AS psmg1sBps,
                       avg(markout5sBps) FILTER (WHERE stressed) - avg(markout5sBps) FILTER (WHERE NOT stressed) AS psmg5sBps,
                       avg(markout60sBps) FILTER (WHERE stressed) - avg(markout60sBps) FILTER (WHERE NOT stressed) AS psmg60sBps
                FROM child_costs GROUP BY run),
            pa AS (
                SELECT run, count(*) AS parents, sum(filled) / sum(quantity) AS completion, sum(missQuantity) AS missQuantity,
                       count(*) FILTER (WHERE missQuantity > 0) AS parentsMissed,
                       avg(shortfallBps) AS parentMeanShortfallBps, quantile_cont(shortfallBps, 0.95) AS parentQ95ShortfallBps
                FROM parent_costs GROUP BY run)
            SELECT ch.*, pa.parents, pa.completion, pa.missQuantity, pa.parentsMissed, pa.parentMeanShortfallBps, pa.parentQ95ShortfallBps
            FROM ch LEFT JOIN pa ON pa.run = ch.run
            ORDER BY ch.run
            """),
    ];

    /// <summary>Fills the placeholders of <paramref name="sql"/> from <paramref name="options"/>.</summary>
    /// <param name="sql">A step.</param>
    /// <param name="options">The options.</param>
    public static string Bind(string sql, MeasureOptions options) => sql
        .Replace("{volatilityWindowMicros}", ((long)options.VolatilityWindow.TotalMicroseconds).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{defaultFeeBps}", options.DefaultFeeBps.ToString("R", CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
