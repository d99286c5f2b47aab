using Microsoft.Extensions.Logging;

namespace PortStress.Venue.Internal;

/// <summary>The venue simulator's log messages (event ids 6000-6099).</summary>
internal static partial class VenueLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Venue listening on {EndPoint}")]
    public static partial void Listening(ILogger logger, string endPoint);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Connection from {Remote} refused: {Reason}")]
    public static partial void Refused(ILogger logger, string remote, string reason);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Session {Session} dropped: {Reason}")]
    public static partial void Dropped(ILogger logger, string session, string reason);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Debug, Message = "Order {ClOrdId} on {Session} rejected: {Reason}")]
    public static partial void OrderRejected(ILogger logger, string clOrdId, string session, string reason);
}
