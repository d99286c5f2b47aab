namespace PortStress.Gateway.Bench;

/// <summary>One allocated type as the GC's AllocationTick events saw it: events and the bytes they stand for.</summary>
internal sealed record AllocationSample(string TypeName, long Events, long SampledBytes);
