using System.Collections.Concurrent;
using PortStress.Fix.Engine;

namespace PortStress.Gateway.Routing;

/// <summary>
/// Finished orders leave the live maps. Once an order is done (filled, cancelled, rejected, done for day) and the
/// report showing its final state has been taken by its upstream session (and its "reported" event journaled), it is
/// retired: the last <see cref="RoutingOptions.FinishedOrdersKept"/> finished orders stay whole (a resend or a status
/// request gets the final status, a cancel gets "too late"), and every ClOrdID a finished order went by stays, for the
/// life of the journal, as a 64-bit hash in a per-session set, so a later order reusing it is still refused as a
/// duplicate (103=6) and never routed.
/// </summary>
public sealed partial class OrderRouter
{
    private readonly Lock _finishedSync = new();
    private readonly Queue<RoutedOrder> _finishedQueue = new();
    private readonly ConcurrentDictionary<long, RoutedOrder> _finishedById = new();
    private readonly ConcurrentDictionary<(SessionId Session, string ClOrdId), RoutedOrder> _finishedByClOrdId = new();
    private readonly ConcurrentDictionary<SessionId, HashSet<ulong>> _finishedClOrdIds = new();
    private long _finishedClOrdIdCount;

    /// <summary>Finished orders still held whole (at most <see cref="RoutingOptions.FinishedOrdersKept"/>).</summary>
    public int FinishedOrderCount => _finishedById.Count;

    /// <summary>ClOrdIDs of finished orders held as 64-bit hashes, for duplicate detection.</summary>
    public long FinishedClOrdIdCount => Interlocked.Read(ref _finishedClOrdIdCount);

    /// <summary>True when <paramref name="clOrdId"/> belongs to an order of <paramref name="session"/> that has finished (held whole or as a hash).</summary>
    /// <param name="session">The upstream session.</param>
    /// <param name="clOrdId">The ClOrdID.</param>
    public bool IsFinishedClOrdId(SessionId session, string clOrdId)
    {
        if (!_finishedClOrdIds.TryGetValue(session, out var hashes))
        {
            return false;
        }

        lock (hashes)
        {
            return hashes.Contains(Hash(clOrdId));
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

    // Out of the live maps (call under the order's lock, or before the router is shared). Added to the finished
    // structures first, so a ClOrdID lookup racing with this finds the order in one place or the other.
    private void Retire(RoutedOrder order)
    {
        order.Finished = true;
        order.Intent = null;
        order.ForgetFillExecIds();
        var hashes = _finishedClOrdIds.GetOrAdd(order.Upstream, static _ => []);
        lock (_finishedSync)
        {
            lock (hashes)
            {
                foreach (var clOrdId in order.AllClOrdIds())
                {
                    if (hashes.Add(Hash(clOrdId)))
                    {
                        _finishedClOrdIdCount++;
                    }
                }
            }

            if (_finishedKept > 0)
            {
                foreach (var clOrdId in order.AllClOrdIds())
                {
                    _finishedByClOrdId[(order.Upstream, clOrdId)] = order;
                }

                _finishedById[order.GatewayId] = order;
                _finishedQueue.Enqueue(order);
            }

            while (_finishedQueue.Count > _finishedKept && _finishedQueue.TryDequeue(out var oldest))
            {
                _finishedById.TryRemove(oldest.GatewayId, out _);
                foreach (var clOrdId in oldest.AllClOrdIds())
                {
                    _finishedByClOrdId.TryRemove(KeyValuePair.Create((oldest.Upstream, clOrdId), oldest));
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

    // FNV-1a over the UTF-16 code units, then a 64-bit finaliser (splitmix64): two ClOrdIDs of one session collide with
    // probability about n²/2⁶⁵ (one in 3.7 million for ten million ClOrdIDs), and a collision can only refuse an order.
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
}
