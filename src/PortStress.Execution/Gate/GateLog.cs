using Microsoft.Extensions.Logging;

namespace PortStress.Execution.Gate;

/// <summary>The gate's log messages (source-generated; nothing is formatted unless the level is enabled).</summary>
internal static partial class GateLog
{
    [LoggerMessage(EventId = ExecutionEventId.OrderRefused, Level = LogLevel.Debug, Message = "Order {OrderId} to {Venue} refused: {Reason}")]
    public static partial void OrderRefused(ILogger logger, long orderId, string venue, string reason);

    [LoggerMessage(EventId = ExecutionEventId.OrderContained, Level = LogLevel.Debug, Message = "Order {OrderId} to {Venue} contained ({Depth} waiting)")]
    public static partial void OrderContained(ILogger logger, long orderId, string venue, int depth);

    [LoggerMessage(EventId = ExecutionEventId.ContainmentReleased, Level = LogLevel.Information, Message = "Containment lifted: {Count} held orders released in arrival order")]
    public static partial void ContainmentReleased(ILogger logger, int count);

    [LoggerMessage(EventId = ExecutionEventId.ApprovalRequested, Level = LogLevel.Warning, Message = "Urgency override of order {OrderId} ({Venue} {Symbol} {Quantity}) waits for approval, request {RequestId}")]
    public static partial void ApprovalRequested(ILogger logger, long orderId, string venue, string symbol, decimal quantity, long requestId);

    [LoggerMessage(EventId = ExecutionEventId.ApprovalGranted, Level = LogLevel.Information, Message = "Approval request {RequestId} approved")]
    public static partial void ApprovalGranted(ILogger logger, long requestId);

    [LoggerMessage(EventId = ExecutionEventId.ApprovalDenied, Level = LogLevel.Information, Message = "Approval request {RequestId} denied")]
    public static partial void ApprovalDenied(ILogger logger, long requestId);

    [LoggerMessage(EventId = ExecutionEventId.ApprovalCredentialInvalid, Level = LogLevel.Warning, Message = "Approval call for request {RequestId} carried an invalid credential; the request stays pending")]
    public static partial void ApprovalCredentialInvalid(ILogger logger, long requestId);

    [LoggerMessage(EventId = ExecutionEventId.RetryScheduled, Level = LogLevel.Debug, Message = "Order {OrderId} to {Venue}: send failed, retry {Attempt} in {DelayMs} ms")]
    public static partial void RetryScheduled(ILogger logger, long orderId, string venue, int attempt, double delayMs);

    [LoggerMessage(EventId = ExecutionEventId.UnknownOrderEvent, Level = LogLevel.Debug, Message = "Venue {Event} for unknown order {OrderId} ignored")]
    public static partial void UnknownOrderEvent(ILogger logger, string @event, long orderId);

    [LoggerMessage(EventId = ExecutionEventId.ShuttingDown, Level = LogLevel.Information, Message = "Gate shutting down: {Count} held orders refused")]
    public static partial void ShuttingDown(ILogger logger, int count);

    [LoggerMessage(EventId = ExecutionEventId.SessionSendThrew, Level = LogLevel.Warning, Message = "Session {Session} threw while sending order {OrderId}; treated as a failed send")]
    public static partial void SessionSendThrew(ILogger logger, Exception exception, string session, long orderId);

    [LoggerMessage(EventId = ExecutionEventId.ListenerThrew, Level = LogLevel.Error, Message = "A child-order listener threw on order {OrderId}")]
    public static partial void ListenerThrew(ILogger logger, Exception exception, long orderId);
}
