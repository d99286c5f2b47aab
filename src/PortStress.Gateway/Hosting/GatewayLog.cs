using Microsoft.Extensions.Logging;

namespace PortStress.Gateway.Hosting;

/// <summary>The gateway host's log messages (event ids 6200-6299).</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 6200, Level = LogLevel.Warning, Message = "Venue {Venue}: a session uses a memory store or resets its sequence numbers; after a crash the gateway cannot tell which orders reached the venue (use FileStorePath without ResetOn* on venue sessions)")]
    public static partial void StoresCannotTell(ILogger logger, string venue);
}
