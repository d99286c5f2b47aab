namespace PortStress.Gateway.Bench;

/// <summary>
/// Process-wide runtime counters at one moment: bytes allocated (precise), collections per generation,
/// thread-pool work items completed (each hop of a message between threads through the pool counts one)
/// and contended lock acquisitions.
/// </summary>
internal readonly record struct RuntimeSnapshot(long AllocatedBytes, int Gen0, int Gen1, int Gen2, long ThreadPoolItems, long LockContentions, TimeSpan GcPause, TimeSpan Cpu)
{
    public static RuntimeSnapshot Take() => new(
        GC.GetTotalAllocatedBytes(precise: true),
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2),
        ThreadPool.CompletedWorkItemCount,
        Monitor.LockContentionCount,
        GC.GetTotalPauseDuration(),
        Environment.CpuUsage.TotalTime);

    public RuntimeSnapshot Since(RuntimeSnapshot earlier) => new(
        AllocatedBytes - earlier.AllocatedBytes,
        Gen0 - earlier.Gen0,
        Gen1 - earlier.Gen1,
        Gen2 - earlier.Gen2,
        ThreadPoolItems - earlier.ThreadPoolItems,
        LockContentions - earlier.LockContentions,
        GcPause - earlier.GcPause,
        Cpu - earlier.Cpu);
}
