using Microsoft.Extensions.Logging;
using PortStress.Fix.Protocol.Validation;

namespace PortStress.Fix.Engine.Internal;

/// <summary>The engine's log messages (source-generated); message contents pass through <see cref="Redactor"/>.</summary>
internal static partial class EngineLog
{
    [LoggerMessage(EventId = EngineEventId.Connected, Level = LogLevel.Information, Message = "{Session} connected to {Remote}")]
    public static partial void Connected(ILogger logger, SessionId session, string remote);

    [LoggerMessage(EventId = EngineEventId.Disconnected, Level = LogLevel.Information, Message = "{Session} disconnected ({Initiator}): {Reason}")]
    public static partial void Disconnected(ILogger logger, SessionId session, DisconnectInitiator initiator, string reason);

    [LoggerMessage(EventId = EngineEventId.BacklogFull, Level = LogLevel.Warning, Message = "{Session} outbound backlog full ({Bytes} bytes): the counterparty is not reading")]
    public static partial void BacklogFull(ILogger logger, SessionId session, long bytes);

    [LoggerMessage(EventId = EngineEventId.Silent, Level = LogLevel.Warning, Message = "{Session} received nothing for {Silence}")]
    public static partial void Silent(ILogger logger, SessionId session, TimeSpan silence);

    [LoggerMessage(EventId = EngineEventId.LoggedOn, Level = LogLevel.Information, Message = "{Session} logged on (HeartBtInt {HeartBtInt})")]
    public static partial void LoggedOn(ILogger logger, SessionId session, TimeSpan heartBtInt);

    [LoggerMessage(EventId = EngineEventId.LogoutSent, Level = LogLevel.Information, Message = "{Session} sent Logout: {Text}")]
    public static partial void LogoutSent(ILogger logger, SessionId session, string text);

    [LoggerMessage(EventId = EngineEventId.LogoutCompleted, Level = LogLevel.Information, Message = "{Session} Logout answered")]
    public static partial void LogoutCompleted(ILogger logger, SessionId session);

    [LoggerMessage(EventId = EngineEventId.ResetRequested, Level = LogLevel.Information, Message = "{Session} counterparty asked for a sequence reset (ResetSeqNumFlag=Y)")]
    public static partial void ResetRequested(ILogger logger, SessionId session);

    [LoggerMessage(EventId = EngineEventId.NewPeriod, Level = LogLevel.Information, Message = "{Session} new session period from {Start:o}: sequence numbers reset")]
    public static partial void NewPeriod(ILogger logger, SessionId session, DateTime start);

    [LoggerMessage(EventId = EngineEventId.ResendRequested, Level = LogLevel.Information, Message = "{Session} sent ResendRequest {Begin}..{End}")]
    public static partial void ResendRequested(ILogger logger, SessionId session, int begin, int end);

    [LoggerMessage(EventId = EngineEventId.ResendCompleted, Level = LogLevel.Information, Message = "{Session} resend {Begin}..{End} complete")]
    public static partial void ResendCompleted(ILogger logger, SessionId session, int begin, int end);

    [LoggerMessage(EventId = EngineEventId.ResendServing, Level = LogLevel.Information, Message = "{Session} resending {Begin}..{End}")]
    public static partial void ResendServing(ILogger logger, SessionId session, int begin, int end);

    [LoggerMessage(EventId = EngineEventId.Queued, Level = LogLevel.Debug, Message = "{Session} queued MsgSeqNum {Seq} (expecting {Expected})")]
    public static partial void Queued(ILogger logger, SessionId session, int seq, int expected);

    [LoggerMessage(EventId = EngineEventId.Dequeued, Level = LogLevel.Debug, Message = "{Session} processing queued MsgSeqNum {Seq}")]
    public static partial void Dequeued(ILogger logger, SessionId session, int seq);

    [LoggerMessage(EventId = EngineEventId.DuplicateIgnored, Level = LogLevel.Debug, Message = "{Session} ignored possible duplicate MsgSeqNum {Seq}")]
    public static partial void DuplicateIgnored(ILogger logger, SessionId session, int seq);

    [LoggerMessage(EventId = EngineEventId.SequenceReset, Level = LogLevel.Information, Message = "{Session} sequence reset from {From} to {To} (gap fill {GapFill})")]
    public static partial void SequenceReset(ILogger logger, SessionId session, int from, int to, bool gapFill);

    [LoggerMessage(EventId = EngineEventId.Garbled, Level = LogLevel.Warning, Message = "{Session} dropped garbled input: {Reason}")]
    public static partial void Garbled(ILogger logger, SessionId session, string reason);

    [LoggerMessage(EventId = EngineEventId.Rejected, Level = LogLevel.Warning, Message = "{Session} rejected MsgSeqNum {Seq}: {Reason} (tag {Tag})")]
    public static partial void Rejected(ILogger logger, SessionId session, int seq, SessionRejectReason reason, int tag);

    [LoggerMessage(EventId = EngineEventId.Vetoed, Level = LogLevel.Information, Message = "{Session} application vetoed a message: {Reason}")]
    public static partial void Vetoed(ILogger logger, SessionId session, string reason);

    [LoggerMessage(EventId = EngineEventId.PostedWorkFailed, Level = LogLevel.Error, Message = "{Session} work posted to the session failed")]
    public static partial void PostedWorkFailed(ILogger logger, SessionId session, Exception exception);

    [LoggerMessage(EventId = EngineEventId.Incoming, Level = LogLevel.Debug, Message = "{Session} IN  {Message}")]
    private static partial void IncomingMessage(ILogger logger, SessionId session, string message);

    [LoggerMessage(EventId = EngineEventId.Outgoing, Level = LogLevel.Debug, Message = "{Session} OUT {Message}")]
    private static partial void OutgoingMessage(ILogger logger, SessionId session, string message);

    /// <summary>Logs an incoming frame with secrets masked; formats nothing unless Debug is on.</summary>
    public static void Incoming(ILogger logger, SessionId session, ReadOnlySpan<byte> frame)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            IncomingMessage(logger, session, Redactor.Redact(frame));
        }
    }

    /// <summary>Logs an outgoing frame with secrets masked; formats nothing unless Debug is on.</summary>
    public static void Outgoing(ILogger logger, SessionId session, ReadOnlySpan<byte> frame)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            OutgoingMessage(logger, session, Redactor.Redact(frame));
        }
    }
}
