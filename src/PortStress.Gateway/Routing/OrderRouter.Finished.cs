using System.Collections.Concurrent;
using PortStress.Execution;
using PortStress.Fix.Engine;

namespace PortStress.Gateway.Routing;

/// <summary>
/// Finished orders leave the live maps. Once an order is done (filled, cancelled, rejected, done for day) and the
/// report showing its final state has been taken by its upstream session (and its "reported" event journaled), it is
/// retired: the last <see cref="RoutingOptions.FinishedOrdersKept"/> finished orders stay as compact records in a
/// ring allocated once (a resend or a status request gets the final status, a cancel gets "too late"), and every
/// ClOrdID a finished order went by stays, for the life of the journal, as a 64-bit hash of session and ClOrdID in
/// one gateway-wide <see cref="ClOrdIdHistory"/> (a table in memory of fixed size, sorted run files on disk beside the
/// journal behind a Bloom filter), so a later order reusing it is still refused as a duplicate (103=6) and never
/// routed. Nothing a finished order leaves behind is a heap object, nor a reference to one: its ClOrdIDs are copied
/// into a byte ring beside the records (a longer or non-ASCII one is the rare exception, kept as its string), its
/// session and symbol are numbers. Objects that lived the seconds a record lasts would be promoted and die old, and
/// a ring of references written at every retirement would have every collection scan it and keep what it points
/// to: measured, about 5 ms of pause per gen0 collection at 10,000 orders/s with the strings, a fraction of that
/// without. The history's memory is fixed by configuration, whatever the day's count of orders.
/// </summary>
public sealed partial class OrderRouter
{
    private const string ClOrdIdHistorySuffix = ".clordids";

    // Bytes of a finished record's ClOrdID (and of its OrigClOrdID) held in the id ring; a longer one is kept as a string.
    private const int FinishedIdBytes = 40;

    private readonly Lock _finishedSync = new();
    private readonly ClOrdIdHistory _finishedClOrdIdHistory;
    private readonly ConcurrentDictionary<SessionId, FinishedClOrdIds> _finishedClOrdIds = new();
    private readonly Dictionary<long, int> _finishedSlotById = [];
    private readonly Dictionary<string, int> _symbolIndex = new(StringComparer.Ordinal);
    private readonly List<string> _symbolNames = [];
    private readonly Lock _ownersSync = new();

    // Every session's set by number, replaced whole when one is added (sessions are few), so readers need no lock.
    private FinishedClOrdIds[] _owners = [];
    private readonly Dictionary<int, string> _longFinishedIds = [];
    private FinishedRecord[] _finished = [];
    private byte[] _finishedIds = [];
    private int _finishedNext;
    private int _finishedHeld;
    private long _finishedClOrdIdCount;

    /// <summary>Finished orders still held as records (at most <see cref="RoutingOptions.FinishedOrdersKept"/>).</summary>
    public int FinishedOrderCount => Volatile.Read(ref _finishedHeld);

    /// <summary>ClOrdIDs of finished orders held as 64-bit hashes (in memory or on disk), for duplicate detection.</summary>
    public long FinishedClOrdIdCount => Interlocked.Read(ref _finishedClOrdIdCount);

    /// <summary>The finished orders' ClOrdIDs, for duplicate detection (tests look at its tiers).</summary>
    internal ClOrdIdHistory FinishedClOrdIdHistory => _finishedClOrdIdHistory;

    /// <summary>True when <paramref name="clOrdId"/> belongs to an order of <paramref name="session"/> that has finished (held as a record or as a hash).</summary>
    /// <param name="session">The upstream session.</param>
    /// <param name="clOrdId">The ClOrdID.</param>
    public bool IsFinishedClOrdId(SessionId session, string clOrdId)
    {
        return _finishedClOrdIds.TryGetValue(session, out var set) && _finishedClOrdIdHistory.Contains(set.HistoryKey(clOrdId));
    }

    // A finished order still held as a record, as a detached RoutedOrder (Finished) for a status report; null when not held.
    private RoutedOrder? FindFinished(SessionId session, string clOrdId)
    {
        if (!_finishedClOrdIds.TryGetValue(session, out var set))
        {
            return null;
        }

        int slot;
        var hash = Hash(clOrdId);
        lock (set)
        {
            if (!set.Recent.TryGetValue(hash, out slot))
            {
                return null;
            }
        }

        return Detached(slot, session, hash, 0);
    }

    private RoutedOrder? FindFinished(long id)
    {
        int slot;
        lock (_finishedSync)
        {
            if (!_finishedSlotById.TryGetValue(id, out slot))
            {
                return null;
            }
        }

        return Detached(slot, null, 0, id);
    }

    // The slot's record if it is still the one looked up (by ClOrdID hash or gateway id): the ring may have reused it since.
    private RoutedOrder? Detached(int slot, SessionId? session, ulong hash, long id)
    {
        lock (_finishedSync)
        {
            ref var r = ref _finished[slot];
            var owner = r.Owner == 0 ? null : Volatile.Read(ref _owners)[r.Owner - 1];
            if (owner is null || session is { } s && (owner.Session != s || (r.H1 != hash && r.H2 != hash && r.H3 != hash))
                || session is null && r.GatewayId != id)
            {
                return null;
            }

            // Each detached copy reserves a report number, so ExecIDs of status answers stay unique.
            r.ReportCount++;
            return new RoutedOrder(r.GatewayId, owner.Session, FinishedId(slot, 0, r.ClOrdIdLength)!, string.Empty, _symbolNames[r.Symbol], r.Side, r.Quantity, r.LimitPrice)
            {
                OrigClOrdId = FinishedId(slot, 1, r.OrigClOrdIdLength),
                CumulativeQuantity = r.CumulativeQuantity,
                Notional = r.Notional,
                Status = r.Status,
                Epoch = _epoch,
                ReportCount = r.ReportCount - 1,
                Version = r.Version,
                ReportedVersion = r.Version,
                Sent = true,
                GateOutcomeSeen = true,
                Finished = true,
            };
        }
    }

    // The final report of a done order was taken by its session: retire it if nothing has changed since.
    private void ReportDelivered(RoutedOrder order, int version)
    {
        lock (order.Sync)
        {
            if (order.Finished || !order.IsDone || order.Pending is not null || version < order.Version)
            {
                return;
            }

            Retire(order);
        }
    }

    // Out of the live maps (call under the order's lock, or before the router is shared). Recorded as finished first,
    // so a ClOrdID lookup racing with this finds the order in one place or the other.
    private void Retire(RoutedOrder order)
    {
        order.Finished = true;
        order.Intent = null;
        order.ForgetFillExecIds();
        var set = FinishedSet(order.Upstream);
        var h1 = Hash(order.ClOrdId);
        var h2 = order.OrigClOrdId is { } orig ? Hash(orig) : h1;
        var h3 = order.EarlierClOrdIds is [var first, ..] ? Hash(first) : h2;
        foreach (var clOrdId in order.AllClOrdIds())
        {
            if (_finishedClOrdIdHistory.Add(set.HistoryKey(clOrdId)))
            {
                Interlocked.Increment(ref _finishedClOrdIdCount);
            }
        }

        lock (_finishedSync)
        {
            if (_finishedKept > 0)
            {
                if (_finished.Length == 0)
                {
                    _finished = new FinishedRecord[_finishedKept];
                    _finishedIds = new byte[_finishedKept * 2 * FinishedIdBytes];
                }

                var slot = _finishedNext;
                _finishedNext = (slot + 1) % _finishedKept;
                ref var r = ref _finished[slot];
                if (r.Owner != 0)
                {
                    var previous = Volatile.Read(ref _owners)[r.Owner - 1];
                    _finishedSlotById.Remove(r.GatewayId);
                    lock (previous)
                    {
                        previous.ForgetRecent(r.H1, slot);
                        previous.ForgetRecent(r.H2, slot);
                        previous.ForgetRecent(r.H3, slot);
                    }
                }
                else
                {
                    _finishedHeld++;
                }

                if (!_symbolIndex.TryGetValue(order.Symbol, out var symbol))
                {
                    symbol = _symbolNames.Count;
                    _symbolIndex.Add(order.Symbol, symbol);
                    _symbolNames.Add(order.Symbol);
                }

                r = new FinishedRecord
                {
                    Owner = set.Index + 1,
                    ClOrdIdLength = PutFinishedId(slot, 0, order.ClOrdId),
                    OrigClOrdIdLength = PutFinishedId(slot, 1, order.OrigClOrdId),
                    Symbol = symbol,
                    H1 = h1,
                    H2 = h2,
                    H3 = h3,
                    GatewayId = order.GatewayId,
                    Side = order.Side,
                    Quantity = order.Quantity,
                    LimitPrice = order.LimitPrice,
                    CumulativeQuantity = order.CumulativeQuantity,
                    Notional = order.Notional,
                    Status = order.Status,
                    Version = order.Version,
                    ReportCount = order.Epoch == _epoch ? order.ReportCount : 0,
                };
                _finishedSlotById[order.GatewayId] = slot;
                lock (set)
                {
                    set.Recent[h1] = slot;
                    set.Recent[h2] = slot;
                    set.Recent[h3] = slot;
                }
            }
        }

        _byId.TryRemove(KeyValuePair.Create(order.GatewayId, order));
        foreach (var clOrdId in order.AllClOrdIds())
        {
            _byClOrdId.TryRemove(KeyValuePair.Create((order.Upstream, clOrdId), order));
        }

        if (order.RequestIds is { } requests)
        {
            foreach (var request in requests)
            {
                _byRequestId.TryRemove(KeyValuePair.Create(request, order));
            }
        }
    }

    // The session's finished-order set, numbered in creation order (records name it by number).
    private FinishedClOrdIds FinishedSet(SessionId session)
    {
        if (_finishedClOrdIds.TryGetValue(session, out var set))
        {
            return set;
        }

        lock (_ownersSync)
        {
            if (!_finishedClOrdIds.TryGetValue(session, out set))
            {
                set = new FinishedClOrdIds(session, _owners.Length);
                Volatile.Write(ref _owners, [.. _owners, set]);
                _finishedClOrdIds[session] = set;
            }

            return set;
        }
    }

    // Under _finishedSync: a ClOrdID (which 0) or OrigClOrdID (which 1) of the record in slot, into the id ring when it
    // is ASCII and fits (its length returned), else kept as a string (-2); -1 for none.
    private short PutFinishedId(int slot, int which, string? id)
    {
        var key = (slot * 2) + which;
        _longFinishedIds.Remove(key);
        if (id is null)
        {
            return -1;
        }

        if (id.Length <= FinishedIdBytes && System.Text.Ascii.IsValid(id))
        {
            System.Text.Encoding.ASCII.GetBytes(id, _finishedIds.AsSpan(key * FinishedIdBytes, FinishedIdBytes));
            return (short)id.Length;
        }

        _longFinishedIds[key] = id;
        return -2;
    }

    // Under _finishedSync: the id PutFinishedId stored.
    private string? FinishedId(int slot, int which, short length)
    {
        var key = (slot * 2) + which;
        return length switch
        {
            -1 => null,
            -2 => _longFinishedIds[key],
            _ => System.Text.Encoding.ASCII.GetString(_finishedIds, key * FinishedIdBytes, length),
        };
    }

    // FNV-1a over the UTF-16 code units, then a 64-bit finaliser (splitmix64): two ClOrdIDs of one session collide with
    // probability about n²/2⁶⁵ (one in 3.7 million for ten million ClOrdIDs), and a collision can only refuse an order.
    // The history's keys mix in a hash of the session the same way (n counting every session's ClOrdIDs of the day).
    private static ulong Hash(string clOrdId)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in clOrdId)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash = (hash ^ (hash >> 30)) * 0xBF58476D1CE4E5B9UL;
        hash = (hash ^ (hash >> 27)) * 0x94D049BB133111EBUL;
        return hash ^ (hash >> 31);
    }

    // One upstream session's finished orders held as records, by the hash of their (original, previous, current) ClOrdID.
    // Recent is guarded by the object itself; every finished ClOrdID is in the gateway-wide history, under HistoryKey.
    private sealed class FinishedClOrdIds(SessionId session, int index)
    {
        private readonly ulong _sessionHash = Hash(session.ToString());

        public SessionId Session { get; } = session;

        // Its number in the router's list of sets (a record names its set by this, plus one).
        public int Index { get; } = index;

        public Dictionary<ulong, int> Recent { get; } = [];

        public ulong HistoryKey(string clOrdId) => ClOrdIdHistory.Key(_sessionHash, Hash(clOrdId));

        public void ForgetRecent(ulong hash, int slot)
        {
            if (Recent.TryGetValue(hash, out var held) && held == slot)
            {
                Recent.Remove(hash);
            }
        }
    }

    // A finished order as the ring holds it: its final figures, the lengths of its ClOrdIDs in the id ring (in force and
    // previous), their hashes for lookup. No references: the collector never scans the ring.
    private struct FinishedRecord
    {
        public int Owner;
        public short ClOrdIdLength;
        public short OrigClOrdIdLength;
        public int Symbol;
        public ulong H1;
        public ulong H2;
        public ulong H3;
        public long GatewayId;
        public OrderSide Side;
        public decimal Quantity;
        public decimal? LimitPrice;
        public decimal CumulativeQuantity;
        public decimal Notional;
        public char Status;
        public int Version;
        public int ReportCount;
    }
}
