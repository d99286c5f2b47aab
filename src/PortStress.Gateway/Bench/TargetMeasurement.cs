namespace PortStress.Gateway.Bench;

/// <summary>Everything measured on one target (engine or echo), with the acknowledgement accounting over the whole run.</summary>
internal sealed record TargetMeasurement(
    string Name,
    PipelinedMeasurement Pipelined,
    FixedRateMeasurement FixedRate,
    long Sent,
    long Acknowledged,
    long Duplicates,
    long Missing,
    long Faults)
{
    /// <summary>Every order sent was acknowledged exactly once, in order, and nothing else went wrong.</summary>
    public bool EveryOrderAcknowledgedOnce => Sent == Acknowledged && Duplicates == 0 && Missing == 0 && Faults == 0;
}
