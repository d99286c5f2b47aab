namespace PortStress.Gateway.Bench;

/// <summary>Bytes allocated by the whole process (precise) and collections per generation at one moment.</summary>
internal readonly record struct GcSnapshot(long AllocatedBytes, int Gen0, int Gen1, int Gen2)
{
    public static GcSnapshot Take() =>
        new(GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

    public static GcSnapshot operator -(GcSnapshot later, GcSnapshot earlier) =>
        new(later.AllocatedBytes - earlier.AllocatedBytes, later.Gen0 - earlier.Gen0, later.Gen1 - earlier.Gen1, later.Gen2 - earlier.Gen2);
}
