using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Execution.Interception;

/// <summary>
/// Closes the order loop: an <see cref="IApplication"/> that hands every callback to the inner application and
/// turns the venue's ExecutionReports (8) and BusinessMessageRejects (j) about our child orders into
/// <see cref="IOrderEventSink"/> calls (acknowledged, rejected, filled, done). A ClOrdID that is not a gate order
/// id (not decimal) passes through untouched.
/// </summary>
public sealed class OrderFlowApplication : IApplication
{
    private const int BusinessRejectRefId = 379;
    private readonly IOrderEventSink _sink;
    private readonly IApplication? _inner;
    private readonly TimeProvider _time;

    /// <summary>Creates the application.</summary>
    /// <param name="sink">Receives order events (the gate).</param>
    /// <param name="inner">The application behind it, or null.</param>
    /// <param name="timeProvider">The gate's clock, for event timestamps.</param>
    public OrderFlowApplication(IOrderEventSink sink, IApplication? inner = null, TimeProvider? timeProvider = null)
    {
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _inner = inner;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public void OnCreate(SessionId sessionId) => _inner?.OnCreate(sessionId);

    /// <inheritdoc />
    public void OnLogon(SessionId sessionId) => _inner?.OnLogon(sessionId);

    /// <inheritdoc />
    public void OnLogout(SessionId sessionId) => _inner?.OnLogout(sessionId);

    /// <inheritdoc />
    public void ToAdmin(FixMessage message, SessionId sessionId) => _inner?.ToAdmin(message, sessionId);

    /// <inheritdoc />
    public void FromAdmin(FixMessage message, SessionId sessionId) => _inner?.FromAdmin(message, sessionId);

    /// <inheritdoc />
    public void ToApp(FixMessage message, SessionId sessionId) => _inner?.ToApp(message, sessionId);

    /// <inheritdoc />
    public void FromApp(FixMessage message, SessionId sessionId)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Header.TryGet(Tags.MsgType, out var type) && type.Length == 1)
        {
            if (type[0] == (byte)'8')
            {
                Route(message.Body, _sink, _time.GetTimestamp());
            }
            else if (type[0] == (byte)'j' && message.Body.TryGetInt64(BusinessRejectRefId, out var rejected)
                     && message.Body.TryGet(Tags.RefMsgType, out var refType) && refType.SequenceEqual("D"u8))
            {
                _sink.OnRejected(rejected, message.Body.GetString(Tags.Text) ?? "business message reject", _time.GetTimestamp());
            }
        }

        _inner?.FromApp(message, sessionId);
    }

    /// <summary>Turns one ExecutionReport body into order events; false when it is not about a gate order.</summary>
    /// <param name="report">The ExecutionReport's body.</param>
    /// <param name="sink">Receives the events.</param>
    /// <param name="timestamp">When it arrived.</param>
    public static bool Route(FieldMap report, IOrderEventSink sink, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(sink);
        if (!report.TryGetInt64(Tags.ClOrdID, out var orderId) || !report.TryGetChar(Tags.ExecType, out var execType))
        {
            return false;
        }

        report.TryGetChar(Tags.OrdStatus, out var status);
        switch (execType)
        {
            case '0':
                sink.OnAcknowledged(orderId, timestamp);
                break;
            case '8':
                sink.OnRejected(orderId, report.GetString(Tags.Text) ?? "rejected", timestamp);
                return true;
            case '1' or '2' or 'F':
                if (report.TryGetDecimal(Tags.LastQty, out var lastQty) && lastQty > 0)
                {
                    report.TryGetDecimal(Tags.LastPx, out var lastPx);
                    sink.OnFilled(orderId, lastQty, lastPx, timestamp);
                }

                break;
            default:
                break;
        }

        if (IsTerminal(execType) || IsTerminal(status))
        {
            sink.OnDone(orderId, Unfilled(report), timestamp);
        }

        return true;
    }

    // Filled (2), cancelled (4), done for day (3), expired (C); a rejection (8) is reported as such, not as done.
    private static bool IsTerminal(char code) => code is '2' or '3' or '4' or 'C';

    private static decimal Unfilled(FieldMap report)
    {
        if (report.TryGetDecimal(Tags.OrderQty, out var quantity) && report.TryGetDecimal(Tags.CumQty, out var cumulative))
        {
            return Math.Max(0, quantity - cumulative);
        }

        return report.TryGetDecimal(Tags.LeavesQty, out var leaves) ? leaves : 0;
    }
}
