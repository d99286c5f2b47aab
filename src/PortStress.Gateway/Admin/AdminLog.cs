using Microsoft.Extensions.Logging;

namespace PortStress.Gateway.Admin;

/// <summary>
/// The admin API's log messages (event ids 6300-6399): every write is logged, refused or not, and so is what becomes of
/// a persisted shadow-mode switch (<see cref="ShadowOverrideStore"/>) at start.
/// </summary>
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

    [LoggerMessage(EventId = 6304, Level = LogLevel.Warning,
        Message = "shadow mode is {Mode} from an admin switch made at {SwitchedAt} from {Remote}, overriding PortStress:Control:Shadow={Configured} (kept in {Path}); "
            + "to undo it: POST /admin/shadow {{\"enabled\": {Undo}}}, or set PortStress:Control:Shadow to match and restart")]
    public static partial void ShadowOverrideApplied(ILogger logger, string mode, string switchedAt, string remote, string configured, string path, string undo);

    [LoggerMessage(EventId = 6305, Level = LogLevel.Information,
        Message = "PortStress:Control:Shadow={Configured} now matches the admin switch made at {SwitchedAt} from {Remote}: the configuration is in force and {Path} was deleted")]
    public static partial void ShadowOverrideCaughtUp(ILogger logger, string configured, string switchedAt, string remote, string path);

    [LoggerMessage(EventId = 6306, Level = LogLevel.Error,
        Message = "the admin state file {Path} cannot be read ({Reason}): shadow mode follows PortStress:Control:Shadow={Configured}; the next POST /admin/shadow replaces the file")]
    public static partial void ShadowOverrideUnreadable(ILogger logger, string path, string reason, string configured);

    [LoggerMessage(EventId = 6307, Level = LogLevel.Error,
        Message = "admin: shadow mode {Mode} from {Remote} applies at the next control tick but could not be saved to {Path} ({Reason}): a restart may not keep it")]
    public static partial void ShadowSwitchNotPersisted(ILogger logger, string mode, string remote, string path, string reason);

    [LoggerMessage(EventId = 6308, Level = LogLevel.Error,
        Message = "the admin state file {Path} could not be deleted ({Reason}); PortStress:Control:Shadow is in force all the same")]
    public static partial void ShadowOverrideNotDeleted(ILogger logger, string path, string reason);
}
