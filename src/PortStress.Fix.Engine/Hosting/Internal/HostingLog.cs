using Microsoft.Extensions.Logging;

namespace PortStress.Fix.Engine.Internal;

/// <summary>The hosted engine's log messages (event ids 1400..1409).</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = EngineEventId.HostingStarting, Level = LogLevel.Information, Message = "FIX engine starting: {Acceptors} acceptor(s), {Initiators} initiator session(s)")]
    public static partial void Starting(ILogger logger, int acceptors, int initiators);

    [LoggerMessage(EventId = EngineEventId.HostingSessionCreated, Level = LogLevel.Information, Message = "session {SessionId} ({Origin}) created with a {Store}")]
    public static partial void SessionCreated(ILogger logger, string sessionId, string origin, string store);

    [LoggerMessage(EventId = EngineEventId.HostingFileLogPathIgnored, Level = LogLevel.Information, Message = "session {SessionId}: FileLogPath {Path} is not written; the engine logs through ILogger")]
    public static partial void FileLogPathIgnored(ILogger logger, string sessionId, string path);

    [LoggerMessage(EventId = EngineEventId.HostingStopping, Level = LogLevel.Information, Message = "FIX engine stopping: logging out sessions")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(EventId = EngineEventId.HostingStopped, Level = LogLevel.Information, Message = "FIX engine stopped; stores flushed")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = EngineEventId.HostingStartFailed, Level = LogLevel.Error, Message = "FIX engine failed to start")]
    public static partial void StartFailed(ILogger logger, Exception exception);
}
