using System.Security.Cryptography;
using System.Text;

namespace PortStress.Execution.Gate;

/// <summary>The answer to an approve or deny call.</summary>
public enum ApprovalResult : byte
{
    /// <summary>The override was approved; the order continues (past containment) to the venue.</summary>
    Approved = 1,

    /// <summary>The override was denied; the order is refused <see cref="RefusalReason.ApprovalDenied"/>.</summary>
    Denied,

    /// <summary>The credential is not valid: nothing happened, the request stays pending.</summary>
    InvalidCredential,

    /// <summary>No such pending request (already decided, timed out, or never made).</summary>
    UnknownRequest,
}

/// <summary>One urgency override waiting for a manual approval.</summary>
/// <param name="RequestId">The id to approve or deny (the order id).</param>
/// <param name="OrderId">The child order.</param>
/// <param name="ParentId">Its parent; 0 for none.</param>
/// <param name="Venue">The venue.</param>
/// <param name="Symbol">The instrument.</param>
/// <param name="Side">The side.</param>
/// <param name="Quantity">The quantity that would be sent (after trim).</param>
/// <param name="Urgency">The urgency.</param>
/// <param name="RequestedAt">When the order arrived.</param>
/// <param name="ExpiresAt">When it is refused if nobody answers.</param>
public sealed record PendingApproval(long RequestId, long OrderId, long ParentId, string Venue, string Symbol, OrderSide Side,
    decimal Quantity, Urgency Urgency, DateTimeOffset RequestedAt, DateTimeOffset ExpiresAt);

/// <summary>
/// Manual approval of urgency overrides (in RED, <c>RequireApprovalForOverrides</c>): an override waits here until an
/// approver calls <see cref="Approve"/> or <see cref="Deny"/> with a credential, or until
/// <see cref="GateOptions.ApprovalTimeout"/> (or its deadline) passes and it is refused. Credentials are compared
/// with the configured ones in constant time (SHA-256 of both, then <see cref="CryptographicOperations.FixedTimeEquals"/>,
/// over every configured credential). A call with an invalid credential changes nothing and says so. Thread-safe.
/// </summary>
public sealed class ApprovalBroker
{
    private readonly ChildOrderGate _gate;
    private readonly byte[][] _credentialHashes;
    private readonly Dictionary<long, GateOrder> _pending = [];

    internal ApprovalBroker(ChildOrderGate gate, IEnumerable<string> credentials)
    {
        _gate = gate;
        _credentialHashes = [.. credentials.Select(c => SHA256.HashData(Encoding.UTF8.GetBytes(c)))];
    }

    /// <summary>How many overrides wait for an answer.</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate.SyncRoot)
                return _pending.Count;
        }
    }

    /// <summary>The overrides waiting for an answer, oldest first (for the admin API).</summary>
    public IReadOnlyList<PendingApproval> Pending()
    {
        lock (_gate.SyncRoot)
        {
            var list = new List<PendingApproval>(_pending.Count);
            foreach (var order in _pending.Values)
            {
                var intent = order.Intent;
                list.Add(new PendingApproval(intent.OrderId, intent.OrderId, intent.ParentId, intent.Venue, intent.Symbol, intent.Side,
                    order.Quantity, intent.Urgency, Time(order.ArrivalTimestamp), Time(order.ExpiryTimestamp)));
            }
            list.Sort(static (a, b) => a.RequestedAt.CompareTo(b.RequestedAt));
            return list;
        }
    }

    /// <summary>Approves a pending override: the order continues to the venue.</summary>
    /// <param name="requestId">The request (see <see cref="Pending"/>).</param>
    /// <param name="credential">The approver's credential.</param>
    public ApprovalResult Approve(long requestId, string credential) => Decide(requestId, credential, approve: true);

    /// <summary>Denies a pending override: the order is refused <see cref="RefusalReason.ApprovalDenied"/>.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="credential">The approver's credential.</param>
    public ApprovalResult Deny(long requestId, string credential) => Decide(requestId, credential, approve: false);

    /// <summary>True when <paramref name="credential"/> is one of the configured credentials (constant-time comparison).</summary>
    /// <param name="credential">The credential.</param>
    public bool IsValidCredential(string? credential)
    {
        if (string.IsNullOrEmpty(credential))
            return false;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(credential));
        var valid = false;
        foreach (var expected in _credentialHashes)
            valid |= CryptographicOperations.FixedTimeEquals(hash, expected);
        return valid;
    }

    private ApprovalResult Decide(long requestId, string credential, bool approve)
    {
        if (!IsValidCredential(credential))
        {
            _gate.LogInvalidCredential(requestId);
            return ApprovalResult.InvalidCredential;
        }
        return _gate.Decide(requestId, approve);
    }

    private DateTimeOffset Time(long timestamp) => DateTimeOffset.FromUnixTimeMilliseconds(_gate.ToUnixMicros(timestamp) / 1000);

    internal void AddLocked(GateOrder order) => _pending.Add(order.Intent.OrderId, order);

    internal GateOrder? RemoveLocked(long requestId) => _pending.Remove(requestId, out var order) ? order : null;

    internal List<GateOrder> DrainLocked()
    {
        var all = new List<GateOrder>(_pending.Values);
        all.Sort(static (a, b) => a.ArrivalTimestamp.CompareTo(b.ArrivalTimestamp));
        _pending.Clear();
        return all;
    }

    internal void ExpireLocked(long now, ChildOrderGate gate, DispatchBatch batch)
    {
        if (_pending.Count == 0)
            return;
        List<GateOrder>? expired = null;
        foreach (var order in _pending.Values)
        {
            if (order.ExpiryTimestamp <= now)
                (expired ??= []).Add(order);
        }
        if (expired is null)
            return;
        foreach (var order in expired)
        {
            _pending.Remove(order.Intent.OrderId);
            gate.ExpireApproval(order, now, batch);
        }
    }
}
