using System.ComponentModel.DataAnnotations;

namespace PortStress.Control.Features;

/// <summary>
/// How the trailing baselines of CTL95 and DSD95 learn. A baseline is a slow exponentially weighted moving
/// average that learns only on ticks when the controller was GREEN and P(stress) was below
/// <see cref="LearnBelowProbability"/>, and each observation is clamped to <see cref="LearnClamp"/> times the
/// current baseline, so stress is never learned as normal and a lone spike moves it little.
/// </summary>
public sealed class BaselineOptions
{
    /// <summary>Half-life of the moving average, in time (converted to a per-tick weight). Default 10 minutes.</summary>
    public TimeSpan HalfLife { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Learning observations before a relative value is reported (0 until then). Default 20 (5 s of ticks).</summary>
    [Range(1, int.MaxValue)]
    public int MinimumSamples { get; set; } = 20;

    /// <summary>An observation counts for at most this multiple of the current baseline. Default 2.</summary>
    [Range(1.0, 1000.0)]
    public double LearnClamp { get; set; } = 2;

    /// <summary>Learn only on ticks whose previous P(stress) was below this (and the state GREEN). Default 0.3.</summary>
    [Range(0.0, 1.0)]
    public double LearnBelowProbability { get; set; } = 0.3;

    /// <summary>The smallest CTL95 baseline in seconds (loopback connects take tens of µs; doubling that is not stress). Default 0.0002 (200 µs).</summary>
    [Range(0.0, 3600.0)]
    public double ConnectLatencyFloor { get; set; } = 0.0002;

    /// <summary>The smallest DSD95 baseline in seconds. Default 0.0005 (500 µs).</summary>
    [Range(0.0, 3600.0)]
    public double DecisionToSendFloor { get; set; } = 0.0005;

    /// <summary>A known-good CTL95 in seconds to start from (counts as fully learned); null to learn from the first GREEN ticks.</summary>
    public double? ConnectLatencySeed { get; set; }

    /// <summary>A known-good DSD95 in seconds to start from; null to learn from the first GREEN ticks.</summary>
    public double? DecisionToSendSeed { get; set; }
}
