using Microsoft.Extensions.Logging;

namespace PortStress.Gateway.Routing;

/// <summary>The router's log messages (event ids 6100-6199).</summary>
internal static partial class RouterLog
{
    [LoggerMessage(EventId = 6100, Level = LogLevel.Warning, Message = "Upstream {Session}: order {ClOrdId} rejected: {Reason}")]
    public static partial void OrderRejected(ILogger logger, string session, string clOrdId, string reason);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Upstream {Session}: order {ClOrdId} is already known (resent or duplicate ClOrdID); not routed again")]
    public static partial void DuplicateOrder(ILogger logger, string session, string clOrdId);
}
