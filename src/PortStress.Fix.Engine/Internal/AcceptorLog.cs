using Microsoft.Extensions.Logging;

namespace PortStress.Fix.Engine.Internal;

/// <summary>The acceptor's connection-level log messages.</summary>
internal static partial class AcceptorLog
{
    [LoggerMessage(EventId = EngineEventId.AcceptorListening, Level = LogLevel.Information, Message = "acceptor listening on {EndPoint}")]
    public static partial void Listening(ILogger logger, string endPoint);

    [LoggerMessage(EventId = EngineEventId.AcceptorRefused, Level = LogLevel.Warning, Message = "acceptor refused {Remote}: {Reason}")]
    public static partial void Refused(ILogger logger, string remote, string reason);

    [LoggerMessage(EventId = EngineEventId.AcceptorSkippedNoise, Level = LogLevel.Information, Message = "acceptor skipped bytes from {Remote} before its Logon: {Reason}")]
    public static partial void Skipped(ILogger logger, string remote, string reason);

    [LoggerMessage(EventId = EngineEventId.AcceptFailed, Level = LogLevel.Warning, Message = "accept failed: {Reason}")]
    public static partial void AcceptFailed(ILogger logger, string reason);
}
