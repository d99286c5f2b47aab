namespace PortStress.Gateway.Bench.Gateway;

/// <summary>How <c>portstress bench gateway</c> runs.</summary>
internal sealed record GatewayBenchOptions
{
    /// <summary>Orders per second of the latency comparison (gateway against the engine's direct round trip) and of the soak.</summary>
    public int Rate { get; init; } = 10_000;

    /// <summary>Length of each latency phase (direct, and through the gateway).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Latency pairs (one phase direct, one through the gateway, back to back, which goes first alternating); the
    /// verdict takes the pair with the median p99 ratio, so one phase spoilt by the machine does not decide it.
    /// </summary>
    public int Pairs { get; init; } = 3;

    /// <summary>
    /// Each pair also runs the same rate through a <see cref="TcpRelay"/> in the gateway's place: the same engine
    /// session end to end with two more hops and no FIX work, the floor of any router on this machine. Default true.
    /// </summary>
    public bool Relay { get; init; } = true;

    /// <summary>How the drivers wait for an order's intended time: sleep (precisely, leaving the core to the system measured) or spin.</summary>
    public bool SleepWhenEarly { get; init; } = true;

    /// <summary>Pipelined warm-up of each target before it is measured (JIT tiering, buffers, the gateway's tables).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The rates stepped through to find the most the gateway sustains, lowest first; stepping stops at the first one it does not sustain.</summary>
    public IReadOnlyList<int> StepRates { get; init; } = [5_000, 10_000, 15_000, 20_000, 25_000, 30_000, 40_000, 50_000];

    /// <summary>Length of each step.</summary>
    public TimeSpan StepDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A step is sustained when the achieved rate is at least this share of the target ...</summary>
    public double SustainedShare { get; init; } = 0.99;

    /// <summary>... and its coordinated-omission-corrected p99 is at most this, or 2x the direct round trip's p99 in the same run when that is more (the machine's noise floor).</summary>
    public TimeSpan SustainedP99 { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>The most orders in flight at once.</summary>
    public int Window { get; init; } = 512;

    /// <summary>Instead of the comparison and the steps: run <see cref="Rate"/> through the gateway this long, sampling memory.</summary>
    public TimeSpan? Soak { get; init; }

    /// <summary>How often the soak samples memory (and prints a progress line).</summary>
    public TimeSpan SoakSampleInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Soak samples before this are warm-up: the growth slope is fitted to the later ones.</summary>
    public TimeSpan SoakSettle { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Sample the types allocated during the latency phase through the gateway (GC AllocationTick events).</summary>
    public bool AllocationTypes { get; init; }

    /// <summary>
    /// The venue fills each order right after acknowledging it (default), so orders complete as child orders do in
    /// production and the gateway can release them; off, every order stays open at the venue and in the gateway.
    /// </summary>
    public bool Fill { get; init; } = true;
}
