using PortStress.Execution;

namespace PortStress.Gateway.Demo;

/// <summary>
/// The order path of the demo's strategy: while <see cref="Active"/>, every child order first runs
/// <c>checksPerOrder</c> dependency checks (concurrently, each its own call) and goes to the gate when they are
/// answered or their budget is spent (fail open: the order is never lost, only late); otherwise it goes straight to
/// the gate. The intent keeps its decision timestamp, so the time spent on the checks is decision-to-send delay.
/// </summary>
internal sealed class DependencyCheckedSubmitter : IChildOrderSubmitter
{
    private readonly IChildOrderSubmitter _gate;
    private readonly DependencyClient _dependency;
    private readonly int _checksPerOrder;
    private readonly CancellationToken _stopping;
    private volatile bool _active;
    private int _pending;
    private long _checkedOrders;
    private long _failedOpen;

    /// <summary>Creates the submitter.</summary>
    /// <param name="gate">The gate.</param>
    /// <param name="dependency">The dependency client.</param>
    /// <param name="checksPerOrder">Calls per order.</param>
    /// <param name="stopping">Abandons checks in progress (the order still goes to the gate).</param>
    public DependencyCheckedSubmitter(IChildOrderSubmitter gate, DependencyClient dependency, int checksPerOrder, CancellationToken stopping)
    {
        _gate = gate;
        _dependency = dependency;
        _checksPerOrder = checksPerOrder;
        _stopping = stopping;
    }

    /// <summary>Whether orders run the dependency checks (the stress phase).</summary>
    public bool Active
    {
        get => _active;
        set => _active = value;
    }

    /// <summary>Orders waiting for their checks now.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Orders that ran the checks.</summary>
    public long CheckedOrders => Interlocked.Read(ref _checkedOrders);

    /// <summary>Orders that went out without every answer (a check's budget was spent).</summary>
    public long FailedOpen => Interlocked.Read(ref _failedOpen);

    /// <inheritdoc />
    public void Submit(ChildOrderIntent intent, IChildOrderListener? listener)
    {
        ArgumentNullException.ThrowIfNull(intent);
        if (!_active)
        {
            _gate.Submit(intent, listener);
            return;
        }

        Interlocked.Increment(ref _pending);
        _ = CheckThenSubmitAsync(intent, listener);
    }

    /// <summary>Waits until no order is waiting for its checks (or <paramref name="timeout"/> passes).</summary>
    /// <param name="timeout">The longest wait.</param>
    public async Task DrainAsync(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Pending > 0 && Environment.TickCount64 < deadline)
            await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task CheckThenSubmitAsync(ChildOrderIntent intent, IChildOrderListener? listener)
    {
        var answered = false;
        try
        {
            var calls = new Task<bool>[_checksPerOrder];
            for (var i = 0; i < calls.Length; i++)
                calls[i] = _dependency.CallAsync(intent.OrderId, _stopping);
            var results = await Task.WhenAll(calls).ConfigureAwait(false);
            answered = Array.TrueForAll(results, r => r);
        }
        catch (OperationCanceledException)
        {
            // stopping: the order still goes to the gate, which refuses it if it is shutting down
        }
        finally
        {
            Interlocked.Increment(ref _checkedOrders);
            if (!answered)
                Interlocked.Increment(ref _failedOpen);
            try
            {
                _gate.Submit(intent, listener);
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
        }
    }
}
