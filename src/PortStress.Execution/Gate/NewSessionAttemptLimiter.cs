using PortStress.Control;
using PortStress.Fix.Engine;

namespace PortStress.Execution.Gate;

/// <summary>
/// Caps concurrent new-session attempts (connect and logon) at the applied state's
/// <c>MaxConcurrentNewSessions</c> (null: no cap) and holds optional reconnects while
/// <c>FreezeOptionalReconnects</c> is set. The engine's initiator asks through <see cref="ISessionAttemptGate"/>
/// (every attempt counts as required there); a caller that knows an attempt is optional (a reconnect no order needs
/// now) uses <see cref="EnterAsync(bool, CancellationToken)"/> or checks <see cref="IsOptionalReconnectFrozen"/>.
/// Waiters are admitted in arrival order when a permit is released or a new snapshot is published. Thread-safe.
/// </summary>
public sealed class NewSessionAttemptLimiter : ISessionAttemptGate, IDisposable
{
    private readonly Lock _sync = new();
    private readonly IControlSnapshotSource _control;
    private readonly LinkedList<Waiter> _waiters = new();
    private readonly Action<ControlSnapshot> _onPublished;
    private int _active;
    private int _requiredWaiting;

    /// <summary>Creates the limiter; it follows <paramref name="control"/>'s snapshots.</summary>
    /// <param name="control">Where the applied parameters are read.</param>
    public NewSessionAttemptLimiter(IControlSnapshotSource control)
    {
        _control = control ?? throw new ArgumentNullException(nameof(control));
        _onPublished = _ => Pump();
        _control.Published += _onPublished;
    }

    /// <summary>Attempts in progress (permits not yet disposed).</summary>
    public int Active
    {
        get
        {
            lock (_sync)
                return _active;
        }
    }

    /// <summary>Attempts waiting for a permit.</summary>
    public int Waiting
    {
        get
        {
            lock (_sync)
                return _waiters.Count;
        }
    }

    /// <summary>The current cap on concurrent attempts; null for none.</summary>
    public int? Cap => _control.Current.Parameters.MaxConcurrentNewSessions;

    /// <summary>True while optional reconnection churn is frozen (RED).</summary>
    public bool IsOptionalReconnectFrozen => _control.Current.Parameters.FreezeOptionalReconnects;

    /// <summary>Takes a permit now if one is free.</summary>
    /// <param name="optional">The attempt is optional (refused while optional reconnects are frozen).</param>
    /// <param name="permit">The permit; dispose it when the attempt ends.</param>
    public bool TryEnter(bool optional, out IDisposable? permit)
    {
        lock (_sync)
        {
            // Only required attempts already waiting go first; optional ones wait only for the freeze or the cap.
            if (_requiredWaiting == 0 && Allowed(optional))
            {
                _active++;
                permit = new Permit(this);
                return true;
            }
        }
        permit = null;
        return false;
    }

    /// <inheritdoc />
    public ValueTask<IDisposable> EnterAsync(SessionId session, CancellationToken cancellationToken) =>
        EnterAsync(optional: false, cancellationToken);

    /// <summary>Waits for a permit: while the cap is reached, or (for an optional attempt) while reconnects are frozen.</summary>
    /// <param name="optional">The attempt is optional.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The permit; disposing it ends the attempt.</returns>
    public ValueTask<IDisposable> EnterAsync(bool optional, CancellationToken cancellationToken)
    {
        if (TryEnter(optional, out var permit))
            return ValueTask.FromResult(permit!);
        cancellationToken.ThrowIfCancellationRequested();
        var waiter = new Waiter(optional);
        lock (_sync)
        {
            waiter.Node = _waiters.AddLast(waiter);
            if (!optional)
                _requiredWaiting++;
        }
        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.Register(static state =>
            {
                var (limiter, w) = ((NewSessionAttemptLimiter, Waiter))state!;
                limiter.Cancel(w);
            }, (this, waiter));
        }
        Pump();
        return new ValueTask<IDisposable>(waiter.Completion.Task);
    }

    /// <summary>Stops following the snapshots; waiting attempts are cancelled.</summary>
    public void Dispose()
    {
        _control.Published -= _onPublished;
        List<Waiter> waiting;
        lock (_sync)
        {
            waiting = [.. _waiters];
            _waiters.Clear();
            _requiredWaiting = 0;
        }
        foreach (var w in waiting)
        {
            w.Registration.Dispose();
            w.Completion.TrySetCanceled();
        }
    }

    private bool Allowed(bool optional)
    {
        var parameters = _control.Current.Parameters;
        if (optional && parameters.FreezeOptionalReconnects)
            return false;
        return parameters.MaxConcurrentNewSessions is not { } cap || _active < cap;
    }

    private void Pump()
    {
        List<Waiter>? granted = null;
        lock (_sync)
        {
            var node = _waiters.First;
            while (node is not null)
            {
                var next = node.Next;
                if (Allowed(node.Value.Optional))
                {
                    _waiters.Remove(node);
                    node.Value.Node = null;
                    if (!node.Value.Optional)
                        _requiredWaiting--;
                    _active++;
                    (granted ??= []).Add(node.Value);
                }
                else if (!node.Value.Optional)
                {
                    break; // the cap is reached: later required attempts wait their turn
                }
                node = next;
            }
        }
        if (granted is null)
            return;
        foreach (var w in granted)
        {
            w.Registration.Dispose();
            if (!w.Completion.TrySetResult(new Permit(this)))
                Release();
        }
    }

    private void Cancel(Waiter waiter)
    {
        lock (_sync)
        {
            if (waiter.Node is null)
                return;
            _waiters.Remove(waiter.Node);
            waiter.Node = null;
            if (!waiter.Optional)
                _requiredWaiting--;
        }
        waiter.Completion.TrySetCanceled();
    }

    private void Release()
    {
        lock (_sync)
            _active--;
        Pump();
    }

    private sealed class Waiter(bool optional)
    {
        public bool Optional { get; } = optional;

        public TaskCompletionSource<IDisposable> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }

    private sealed class Permit(NewSessionAttemptLimiter owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                owner.Release();
        }
    }
}
