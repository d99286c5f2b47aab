using Microsoft.Extensions.Logging;

namespace PortStress.Gateway.Routing;

/// <summary>The router's log messages (event ids 6100-6199).</summary>
internal static partial class RouterLog
{
    [LoggerMessage(EventId = 6100, Level = LogLevel.Warning, Message = "Upstream {Session}: order {ClOrdId} rejected: {Reason}")]
    public static partial void OrderRejected(ILogger logger, string session, string clOrdId, string reason);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Upstream {Session}: order {ClOrdId} is already known (duplicate ClOrdID); rejected, not routed again")]
    public static partial void DuplicateOrder(ILogger logger, string session, string clOrdId);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "Upstream {Session}: order {ClOrdId} resent (PossResend/PossDup) and already known; its status is reported, it is not routed again")]
    public static partial void ResentOrder(ILogger logger, string session, string clOrdId);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "Order {GatewayId}: fill {ExecId} already counted (resent by the venue); ignored")]
    public static partial void DuplicateFill(ILogger logger, long gatewayId, string execId);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Warning, Message = "Upstream {Session}: replace {ClOrdId} refused: {Reason}")]
    public static partial void ReplaceRefused(ILogger logger, string session, string clOrdId, string reason);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Warning, Message = "Order {GatewayId} to {Venue}: the venue sessions' stores cannot tell whether it was sent before the restart (memory store or sequence reset); assumed sent, not sent again: reconcile with the venue")]
    public static partial void RecoveredUnknown(ILogger logger, long gatewayId, string venue);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Information, Message = "Journal replayed: {Orders} orders; {Resend} never reached their venue and are sent when it logs on")]
    public static partial void Recovered(ILogger logger, int orders, int resend);

    [LoggerMessage(EventId = 6107, Level = LogLevel.Information, Message = "Order {GatewayId} to {Venue}: sent to the gate again (it never reached the venue before the restart)")]
    public static partial void Resubmitted(ILogger logger, long gatewayId, string venue);

    [LoggerMessage(EventId = 6108, Level = LogLevel.Warning, Message = "Finished ClOrdIDs: {Count} on disk, past the {Expected} a day the Bloom filter is sized for (PortStress:Routing:ExpectedClOrdIdsPerDay); duplicate checks now look on disk more often (still exact)")]
    public static partial void ClOrdIdsPastExpected(ILogger logger, long count, long expected);

    [LoggerMessage(EventId = 6109, Level = LogLevel.Error, Message = "Finished ClOrdIDs: spilling a table to a run file in {Directory} failed; retrying in 1 s (the keys stay in memory meanwhile; once the other table fills, it grows rather than wait)")]
    public static partial void ClOrdIdSpillFailed(ILogger logger, string directory, Exception exception);

    [LoggerMessage(EventId = 6111, Level = LogLevel.Warning, Message = "Finished ClOrdIDs: the in-memory table filled while a spill to {Directory} was still not done; it grew to {Capacity} keys (memory above the configured bound until spills succeed again)")]
    public static partial void ClOrdIdTableGrew(ILogger logger, string directory, int capacity);

    [LoggerMessage(EventId = 6110, Level = LogLevel.Error, Message = "Finished ClOrdIDs: compacting the run files in {Directory} failed; the runs stay as they are (still exact), tried again after the next spill")]
    public static partial void ClOrdIdCompactionFailed(ILogger logger, string directory, Exception exception);
}
