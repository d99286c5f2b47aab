using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Execution.Interception;

/// <summary>
/// An engine <see cref="Session"/> as the gate's <see cref="IVenueSession"/>: sends NewOrderSingle (D) with
/// ClOrdID = the intent's order id in decimal, and tracks the logon time. One message object is reused for every
/// order, so a send allocates nothing.
/// </summary>
public sealed class FixVenueSession : IVenueSession
{
    private readonly Session _session;
    private readonly TimeProvider _time;
    private readonly FixMessage _order = new();
    private readonly Lock _sync = new();
    private readonly bool _handlInst;
    private long _loggedOnSince;

    /// <summary>Wraps <paramref name="session"/> as a session to <paramref name="venue"/>.</summary>
    /// <param name="venue">The venue name orders address.</param>
    /// <param name="session">The engine session.</param>
    /// <param name="timeProvider">The gate's clock.</param>
    public FixVenueSession(string venue, Session session, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(venue);
        Venue = venue;
        _session = session ?? throw new ArgumentNullException(nameof(session));
        _time = timeProvider ?? TimeProvider.System;
        Name = session.Id.ToString();
        _handlInst = !session.Id.BeginString.StartsWith("FIXT", StringComparison.Ordinal);
        if (session.IsLoggedOn)
        {
            _loggedOnSince = _time.GetTimestamp();
        }

        session.StateChanged += OnStateChanged;
    }

    /// <inheritdoc />
    public string Venue { get; }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The engine session.</summary>
    public Session Session => _session;

    /// <inheritdoc />
    public bool IsLoggedOn => _session.IsLoggedOn;

    /// <inheritdoc />
    public long LoggedOnSince => Volatile.Read(ref _loggedOnSince);

    /// <inheritdoc />
    public SendResult Send(ChildOrderIntent intent, decimal quantity)
    {
        ArgumentNullException.ThrowIfNull(intent);
        lock (_sync)
        {
            Fill(_order, intent, quantity, _time.GetUtcNow().UtcDateTime, _handlInst);
            return _session.Send(_order) switch
            {
                SendOutcome.Sent => SendResult.Sent,
                SendOutcome.NotLoggedOn => SendResult.NotLoggedOn,
                _ => SendResult.Failed,
            };
        }
    }

    /// <summary>Writes the NewOrderSingle for <paramref name="intent"/> into <paramref name="order"/> (cleared first).</summary>
    /// <param name="order">The message to fill.</param>
    /// <param name="intent">The order.</param>
    /// <param name="quantity">OrderQty (38).</param>
    /// <param name="transactTime">TransactTime (60).</param>
    /// <param name="handlInst">Write HandlInst (21=1, automated): FIX 4.x requires it; FIX 5.0 counterparties often refuse it.</param>
    public static void Fill(FixMessage order, ChildOrderIntent intent, decimal quantity, DateTime transactTime, bool handlInst = true)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(intent);
        order.Clear();
        order.Header.Set(Tags.MsgType, "D"u8);
        order.Body.Set(Tags.ClOrdID, intent.OrderId);
        if (handlInst)
        {
            order.Body.Set(Tags.HandlInst, '1');
        }

        order.Body.Set(Tags.Symbol, intent.Symbol);
        order.Body.Set(Tags.Side, (char)intent.Side);
        order.Body.SetTimestamp(Tags.TransactTime, transactTime);
        order.Body.Set(Tags.OrderQty, quantity);
        if (intent.LimitPrice is { } limit)
        {
            order.Body.Set(Tags.OrdType, '2');
            order.Body.Set(Tags.Price, limit);
        }
        else
        {
            order.Body.Set(Tags.OrdType, '1');
        }
    }

    private void OnStateChanged(Session session, SessionState state) =>
        Volatile.Write(ref _loggedOnSince, state == SessionState.LoggedOn ? _time.GetTimestamp() : 0);
}
