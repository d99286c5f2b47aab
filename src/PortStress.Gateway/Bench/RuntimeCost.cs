namespace PortStress.Gateway.Bench;

/// <summary>What a phase cost the runtime, per round trip, plus its garbage collections.</summary>
internal readonly record struct RuntimeCost(double AllocatedBytes, double ThreadPoolItems, double LockContentions, int Gen0, int Gen1, int Gen2, double GcPauseMilliseconds = 0, double CpuMicroseconds = 0)
{
    public static RuntimeCost PerRoundTrip(RuntimeSnapshot used, long roundTrips)
    {
        double Per(long total) => roundTrips > 0 ? (double)total / roundTrips : double.NaN;
        return new RuntimeCost(Per(used.AllocatedBytes), Per(used.ThreadPoolItems), Per(used.LockContentions), used.Gen0, used.Gen1, used.Gen2, used.GcPause.TotalMilliseconds, Per((long)used.Cpu.TotalMicroseconds));
    }
}
