using System.Diagnostics;

namespace PortStress.Gateway.Bench;

/// <summary>
/// When each order of a fixed-rate phase is meant to leave, in <see cref="Stopwatch"/> ticks: order
/// <c>i</c> at <c>start + i / rate</c>, whatever happened to the orders before it. Latency measured from
/// these times charges a stall to every order queued behind it (coordinated-omission correction).
/// </summary>
internal readonly record struct FixedRateSchedule(long StartTicks, double IntervalTicks)
{
    /// <summary>A schedule of <paramref name="ratePerSecond"/> orders per second from <paramref name="startTicks"/>.</summary>
    public static FixedRateSchedule PerSecond(long startTicks, int ratePerSecond, long ticksPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        return new FixedRateSchedule(startTicks, (double)ticksPerSecond / ratePerSecond);
    }

    /// <summary>The intended send time of order <paramref name="index"/> (0-based within the phase).</summary>
    public long IntendedAt(long index) => StartTicks + (long)(index * IntervalTicks);
}
