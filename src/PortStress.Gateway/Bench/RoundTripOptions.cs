namespace PortStress.Gateway.Bench;

/// <summary>How <c>portstress bench roundtrip</c> runs.</summary>
internal sealed record RoundTripOptions
{
    /// <summary>Length of the pipelined phase and of the fixed-rate phase, each.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Pipelined warm-up before the timed phases (JIT tiering, buffers, stores).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Orders per second in the fixed-rate (latency) phase.</summary>
    public int Rate { get; init; } = 10_000;

    /// <summary>The most orders in flight at once, in both phases.</summary>
    public int Window { get; init; } = 512;

    public StoreKind Store { get; init; } = StoreKind.Memory;

    /// <summary>Sample the types allocated during the engine's timed phases (GC AllocationTick events).</summary>
    public bool AllocationTypes { get; init; }
}
