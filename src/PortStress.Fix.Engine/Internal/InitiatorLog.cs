using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace PortStress.Fix.Engine.Internal;

/// <summary>The initiator's connection-level log messages.</summary>
internal static partial class InitiatorLog
{
    [LoggerMessage(EventId = EngineEventId.ConnectFailed, Level = LogLevel.Warning, Message = "{Session} connect to {Target} failed ({Error}): {Reason}")]
    public static partial void ConnectFailed(ILogger logger, SessionId session, string target, SocketError error, string reason);
}
