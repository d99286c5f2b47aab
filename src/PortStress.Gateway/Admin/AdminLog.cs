using Microsoft.Extensions.Logging;

namespace PortStress.Gateway.Admin;

/// <summary>The admin API's log messages (event ids 6300-6399): every write is logged, refused or not.</summary>
internal static partial class AdminLog
{
    [LoggerMessage(EventId = 6300, Level = LogLevel.Warning, Message = "admin write {Method} {Path} refused ({Status}): {Reason}")]
    public static partial void WriteRefused(ILogger logger, string method, string path, int status, string reason);

    [LoggerMessage(EventId = 6301, Level = LogLevel.Warning, Message = "admin: shadow mode {Mode} requested from {Remote}; it applies at the next control tick")]
    public static partial void ShadowRequested(ILogger logger, string mode, string remote);

    [LoggerMessage(EventId = 6302, Level = LogLevel.Warning, Message = "admin: approval request {RequestId} {Action} from {Remote}: {Result}")]
    public static partial void ApprovalDecided(ILogger logger, long requestId, string action, string remote, string result);

    [LoggerMessage(EventId = 6303, Level = LogLevel.Critical,
        Message = "the admin listener is bound to {Addresses}, beyond this host, and PortStress:Admin:Token is not set: stopping")]
    public static partial void ExposedWithoutToken(ILogger logger, string addresses);
}
