using System.Threading.Channels;
using PortStress.Execution;

namespace PortStress.Gateway.Demo;

/// <summary>
/// Hands the venue's answers to the gate on a thread of its own, in arrival order with their arrival timestamps.
/// The engine delivers application messages while holding its session's lock, and the gate, holding its own lock,
/// reads <c>IsLoggedOn</c> of its sessions (which takes that session lock) to choose one: calling the gate straight
/// from the engine's thread can deadlock (seen in this demo: an acknowledgement waiting for the gate's lock while an
/// order being admitted waits for the session's). Deferring the call breaks the cycle.
/// </summary>
internal sealed class DeferredOrderEventSink : IOrderEventSink, IAsyncDisposable
{
    private readonly IOrderEventSink _inner;
    private readonly Channel<OrderEvent> _queue = Channel.CreateUnbounded<OrderEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _forwarding;
    private long _failures;

    /// <summary>Starts forwarding to <paramref name="inner"/>.</summary>
    /// <param name="inner">The gate.</param>
    public DeferredOrderEventSink(IOrderEventSink inner)
    {
        _inner = inner;
        _forwarding = Task.Run(ForwardAsync);
    }

    private enum Kind
    {
        Acknowledged,
        Rejected,
        Filled,
        Done,
    }

    /// <inheritdoc />
    public void OnAcknowledged(long orderId, long timestamp) => _queue.Writer.TryWrite(new OrderEvent(Kind.Acknowledged, orderId, 0, 0, null, timestamp));

    /// <inheritdoc />
    public void OnRejected(long orderId, string reason, long timestamp) => _queue.Writer.TryWrite(new OrderEvent(Kind.Rejected, orderId, 0, 0, reason, timestamp));

    /// <inheritdoc />
    public void OnFilled(long orderId, decimal quantity, decimal price, long timestamp) =>
        _queue.Writer.TryWrite(new OrderEvent(Kind.Filled, orderId, quantity, price, null, timestamp));

    /// <inheritdoc />
    public void OnDone(long orderId, decimal leavesQuantity, long timestamp) => _queue.Writer.TryWrite(new OrderEvent(Kind.Done, orderId, leavesQuantity, 0, null, timestamp));

    /// <summary>Answers the gate threw on (counted, not lost silently; the gate logs its own failures).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Forwards what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _forwarding.ConfigureAwait(false);
    }

    private async Task ForwardAsync()
    {
        await foreach (var e in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                Forward(e);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Interlocked.Increment(ref _failures);
            }
        }
    }

    private void Forward(OrderEvent e)
    {
        switch (e.Kind)
        {
            case Kind.Acknowledged:
                _inner.OnAcknowledged(e.OrderId, e.Timestamp);
                break;
            case Kind.Rejected:
                _inner.OnRejected(e.OrderId, e.Reason ?? string.Empty, e.Timestamp);
                break;
            case Kind.Filled:
                _inner.OnFilled(e.OrderId, e.Quantity, e.Price, e.Timestamp);
                break;
            default:
                _inner.OnDone(e.OrderId, e.Quantity, e.Timestamp);
                break;
        }
    }

    private readonly record struct OrderEvent(Kind Kind, long OrderId, decimal Quantity, decimal Price, string? Reason, long Timestamp);
}
