using Microsoft.Extensions.Logging;

namespace PortStress.Control.Internal;

/// <summary>The controller's log messages (event ids in <see cref="ControlEventId"/>).</summary>
internal static partial class ControlLog
{
    [LoggerMessage(EventId = ControlEventId.StateEscalated, Level = LogLevel.Warning,
        Message = "port stress {From} -> {To} ({Rule}{Shadow}): P={Probability:F3} PPR={PortPressure:F3} TWR={TimeWait:F3} CFR={ConnectFailureRatio:F3} failures={ConnectFailures} CTL95x={ConnectLatency:F2} RBI={RetryBurst:F2} DSD95x={DecisionToSend:F2} retryDepth={RetryQueueDepth} reconnects/min={Reconnects:F1}")]
    public static partial void Escalated(ILogger logger, string from, string to, string rule, string shadow, double probability,
        double portPressure, double timeWait, double connectFailureRatio, long connectFailures, double connectLatency,
        double retryBurst, double decisionToSend, int retryQueueDepth, double reconnects);

    [LoggerMessage(EventId = ControlEventId.StateRelaxed, Level = LogLevel.Information,
        Message = "port stress {From} -> {To} ({Rule}{Shadow}) after {DwellSeconds:F1} s: P={Probability:F3} PPR={PortPressure:F3} TWR={TimeWait:F3} CFR={ConnectFailureRatio:F3} failures={ConnectFailures} CTL95x={ConnectLatency:F2} RBI={RetryBurst:F2} DSD95x={DecisionToSend:F2} retryDepth={RetryQueueDepth} reconnects/min={Reconnects:F1}")]
    public static partial void Relaxed(ILogger logger, string from, string to, string rule, string shadow, double dwellSeconds, double probability,
        double portPressure, double timeWait, double connectFailureRatio, long connectFailures, double connectLatency,
        double retryBurst, double decisionToSend, int retryQueueDepth, double reconnects);

    [LoggerMessage(EventId = ControlEventId.IncidentRaised, Level = LogLevel.Error,
        Message = "incident: port stress reached {State} ({Rule}{Shadow}); non-urgent flow is contained and urgency overrides need approval")]
    public static partial void Incident(ILogger logger, string state, string rule, string shadow);

    [LoggerMessage(EventId = ControlEventId.ShadowSwitched, Level = LogLevel.Warning,
        Message = "shadow mode switched {Mode} at run time: state {State}, the gate now applies {Applied}")]
    public static partial void ShadowSwitched(ILogger logger, string mode, string state, string applied);

    [LoggerMessage(EventId = ControlEventId.TickFailed, Level = LogLevel.Error, Message = "control tick failed; the current snapshot stays in force")]
    public static partial void TickFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = ControlEventId.LoopStarted, Level = LogLevel.Information, Message = "control loop started: tick {TickMilliseconds} ms{Shadow}")]
    public static partial void LoopStarted(ILogger logger, double tickMilliseconds, string shadow);

    [LoggerMessage(EventId = ControlEventId.LoopStopped, Level = LogLevel.Information, Message = "control loop stopped after {Ticks} ticks in state {State}")]
    public static partial void LoopStopped(ILogger logger, long ticks, string state);

    [LoggerMessage(EventId = ControlEventId.RecordDropped, Level = LogLevel.Warning, Message = "a {Stream} record was refused by its sink (full or closed); {Dropped} refused so far")]
    public static partial void RecordDropped(ILogger logger, string stream, long dropped);

    [LoggerMessage(EventId = ControlEventId.SamplerUnavailable, Level = LogLevel.Warning, Message = "socket sampling unavailable ({Reason}); PPR and TWR stay 0")]
    public static partial void SamplerUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = ControlEventId.SamplerFailed, Level = LogLevel.Error, Message = "socket sampler failed and stopped; PPR and TWR keep their last values")]
    public static partial void SamplerFailed(ILogger logger, Exception exception);
}
