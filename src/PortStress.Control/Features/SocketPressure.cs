using PortStress.Telemetry.Sampling;

namespace PortStress.Control.Features;

/// <summary>The OS socket-table figures the controller uses from one sample.</summary>
/// <param name="PortPressure">PPR, maximum over destinations.</param>
/// <param name="TimeWaitRatio">TWR, maximum over destinations.</param>
/// <param name="Timestamp">When the sample was taken (timestamp ticks); 0 for "never sampled".</param>
public readonly record struct SocketPressure(double PortPressure, double TimeWaitRatio, long Timestamp)
{
    /// <summary>The figures of a socket table sample (all zero when sampling is unavailable).</summary>
    /// <param name="sample">The sample (only read during the call; the sampler reuses it).</param>
    public static SocketPressure From(SocketTableSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return sample.Source == SocketTableSource.Unavailable
            ? new SocketPressure(0, 0, sample.Timestamp)
            : new SocketPressure(sample.MaxPortPressureRatio, sample.MaxTimeWaitRatio, sample.Timestamp);
    }
}
