using PortStress.Execution;
using PortStress.Fix.Engine;

namespace PortStress.Gateway.Routing;

/// <summary>
/// One upstream order as the router tracks it: who sent it (session and ClOrdID), where it went (venue and the
/// gateway's order id, which is the venue-side ClOrdID), and its execution state. Guarded by its own lock.
/// </summary>
public sealed class RoutedOrder
{
    /// <summary>Creates the order.</summary>
    /// <param name="gatewayId">The gateway's id (the venue-side ClOrdID).</param>
    /// <param name="upstream">The upstream session.</param>
    /// <param name="clOrdId">The upstream ClOrdID.</param>
    /// <param name="venue">The venue.</param>
    /// <param name="symbol">Symbol (55).</param>
    /// <param name="side">Side (54).</param>
    /// <param name="quantity">OrderQty (38) as received.</param>
    /// <param name="limitPrice">Price (44), null for market.</param>
    public RoutedOrder(long gatewayId, SessionId upstream, string clOrdId, string venue, string symbol, OrderSide side, decimal quantity, decimal? limitPrice)
    {
        GatewayId = gatewayId;
        Upstream = upstream;
        ClOrdId = clOrdId;
        Venue = venue;
        Symbol = symbol;
        Side = side;
        Quantity = quantity;
        LimitPrice = limitPrice;
        VenueClOrdId = gatewayId;
    }

    /// <summary>Guards the mutable state.</summary>
    public Lock Sync { get; } = new();

    /// <summary>The gateway's id (the venue-side ClOrdID).</summary>
    public long GatewayId { get; }

    /// <summary>The upstream session.</summary>
    public SessionId Upstream { get; }

    /// <summary>The upstream ClOrdID now in force (an accepted cancel's or replace's ClOrdID replaces it).</summary>
    public string ClOrdId { get; set; }

    /// <summary>The upstream ClOrdID before the last accepted cancel or replace, for OrigClOrdID (41).</summary>
    public string? OrigClOrdId { get; set; }

    /// <summary>The venue.</summary>
    public string Venue { get; }

    /// <summary>Symbol (55).</summary>
    public string Symbol { get; }

    /// <summary>Side (54).</summary>
    public OrderSide Side { get; }

    /// <summary>OrderQty (38) now in force (after a trim, the quantity actually sent).</summary>
    public decimal Quantity { get; set; }

    /// <summary>Price (44) now in force, null for market (a replace may change it).</summary>
    public decimal? LimitPrice { get; set; }

    /// <summary>The ClOrdID the venue knows the order by now: the gateway id, then each accepted replace's request id.</summary>
    public long VenueClOrdId { get; set; }

    /// <summary>The cancel or replace sent to the venue and not yet answered, or null.</summary>
    public PendingRequest? Pending { get; set; }

    /// <summary>Urgency (from the upstream order's urgency tag).</summary>
    public Urgency Urgency { get; set; } = Urgency.Normal;

    /// <summary>The upstream asked for an urgency override.</summary>
    public bool UrgencyOverride { get; set; }

    /// <summary>True once the order is known to have gone to the venue (the gate sent it, or, after a restart, a venue session's store holds it).</summary>
    public bool Sent { get; set; }

    // ExecIDs of the venue's fills, so a fill the venue resends after a restart is not counted twice: the first in a
    // field, a set only from the second (most child orders have one fill).
    private string? _firstFillExecId;
    private HashSet<string>? _fillExecIds;

    /// <summary>How many distinct venue fill ExecIDs the order has counted.</summary>
    public int FillExecIdCount => _fillExecIds?.Count ?? (_firstFillExecId is null ? 0 : 1);

    /// <summary>Journaled state changes; a report upstream carries the version it shows.</summary>
    public int Version { get; set; }

    /// <summary>The highest version a report delivered upstream showed (sent on the session, so its store resends it if needed).</summary>
    public int ReportedVersion { get; set; }

    /// <summary>CumQty (14).</summary>
    public decimal CumulativeQuantity { get; set; }

    /// <summary>Sum of fill quantity × price, for AvgPx (6).</summary>
    public decimal Notional { get; set; }

    /// <summary>OrdStatus (39) as last reported upstream; '\0' before the first report.</summary>
    public char Status { get; set; }

    /// <summary>The intent submitted to the gate (null after a restart until the order is re-read from the journal).</summary>
    public ChildOrderIntent? Intent { get; set; }

    /// <summary>True once the gate has given the order its outcome (sent, held then sent, refused); true after a restart.</summary>
    public bool GateOutcomeSeen { get; set; }

    /// <summary>The session at the venue the order went out on.</summary>
    public string? VenueSession { get; set; }

    /// <summary>The journal's epoch when this process took the order over (part of upstream ExecIDs, unique across restarts).</summary>
    public int Epoch { get; set; }

    /// <summary>Execution reports sent upstream for this order in this epoch, for unique ExecIDs.</summary>
    public int ReportCount { get; set; }

    /// <summary>True once the order is finished and out of the router's live maps (OrderRouter.Finished.cs).</summary>
    public bool Finished { get; internal set; }

    /// <summary>Upstream ClOrdIDs the order went by before <see cref="OrigClOrdId"/> (replaced or cancelled more than once), or null.</summary>
    internal List<string>? EarlierClOrdIds { get; private set; }

    /// <summary>The cancel/replace request ids (venue-side ClOrdIDs) the order has used, or null.</summary>
    internal List<long>? RequestIds { get; private set; }

    /// <summary>AvgPx (6).</summary>
    public decimal AveragePrice => CumulativeQuantity == 0 ? 0 : Notional / CumulativeQuantity;

    /// <summary>LeavesQty (151): open quantity while the order is working, 0 once done.</summary>
    public decimal LeavesQuantity => IsDone ? 0 : Math.Max(0, Quantity - CumulativeQuantity);

    /// <summary>Filled, cancelled, rejected or done for day.</summary>
    public bool IsDone => Status is '2' or '3' or '4' or '8' or 'C';

    /// <summary>Notes a venue fill's ExecID (call under the lock).</summary>
    /// <param name="execId">The venue's ExecID.</param>
    /// <returns>False when the order has counted a fill with this ExecID already.</returns>
    public bool AddFillExecId(string execId)
    {
        ArgumentNullException.ThrowIfNull(execId);
        if (_fillExecIds is not null)
        {
            return _fillExecIds.Add(execId);
        }

        if (_firstFillExecId is null)
        {
            _firstFillExecId = execId;
            return true;
        }

        if (_firstFillExecId == execId)
        {
            return false;
        }

        _fillExecIds = new HashSet<string>(StringComparer.Ordinal) { _firstFillExecId, execId };
        return true;
    }

    /// <summary>Forgets the fill ExecIDs (a finished order: the router no longer takes venue messages for it).</summary>
    internal void ForgetFillExecIds()
    {
        _firstFillExecId = null;
        _fillExecIds = null;
    }

    /// <summary>Every upstream ClOrdID the order has gone by: the one in force, the previous one, the earlier ones.</summary>
    internal ClOrdIds AllClOrdIds() => new(this);

    /// <summary>An accepted cancel or replace: <paramref name="clOrdId"/> is in force, the current one becomes OrigClOrdID (call under the lock).</summary>
    /// <param name="clOrdId">The request's upstream ClOrdID.</param>
    internal void Rename(string clOrdId)
    {
        if (OrigClOrdId is not null)
        {
            (EarlierClOrdIds ??= []).Add(OrigClOrdId);
        }

        OrigClOrdId = ClOrdId;
        ClOrdId = clOrdId;
    }

    /// <summary>Notes a cancel/replace request id the order used (call under the lock).</summary>
    /// <param name="requestId">The request's venue-side ClOrdID.</param>
    internal void AddRequest(long requestId) => (RequestIds ??= []).Add(requestId);
}

/// <summary>Every upstream ClOrdID an order has gone by, enumerated without allocating: the one in force, the previous one, the earlier ones.</summary>
/// <param name="order">The order.</param>
internal readonly struct ClOrdIds(RoutedOrder order)
{
    public Enumerator GetEnumerator() => new(order);

    /// <summary>The enumerator.</summary>
    internal struct Enumerator(RoutedOrder order)
    {
        private int _index = -1;

        public readonly string Current => _index switch
        {
            0 => order.ClOrdId,
            1 => order.OrigClOrdId!,
            _ => order.EarlierClOrdIds![_index - 2],
        };

        public bool MoveNext()
        {
            _index++;
            return _index switch
            {
                0 => true,
                1 => order.OrigClOrdId is not null,
                _ => order.OrigClOrdId is not null && order.EarlierClOrdIds is { } earlier && _index - 2 < earlier.Count,
            };
        }
    }
}

/// <summary>A cancel (F) or replace (G) the router sent to the venue for an order and that is not answered yet.</summary>
/// <param name="IsReplace">Replace (true) or cancel (false).</param>
/// <param name="RequestId">The request's venue-side ClOrdID (a gateway id).</param>
/// <param name="ClOrdId">The upstream request's ClOrdID.</param>
/// <param name="Quantity">Replace: the new OrderQty (after the gate's admission); cancel: the order's quantity.</param>
/// <param name="LimitPrice">Replace: the new Price, null for market.</param>
/// <param name="Note">Replace: what the gate's admission changed (Text upstream), or null.</param>
public sealed record PendingRequest(bool IsReplace, long RequestId, string ClOrdId, decimal Quantity, decimal? LimitPrice, string? Note = null);
