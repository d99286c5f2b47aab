using PortStress.Control;

namespace PortStress.Gateway.Demo;

/// <summary>
/// Everything one demo run does and when: the phases, the workload, both stress sources and the controller's
/// time-compressed windows. <see cref="Full"/> and <see cref="Quick"/> are the two shapes the command offers;
/// both runs of a demo (controller off, then on) use the same scenario and seed.
/// </summary>
internal sealed record DemoScenario
{
    /// <summary>Name shown in the report ("full" or "quick").</summary>
    public required string Name { get; init; }

    /// <summary>Length of one run, from the first parent's start to the stop of the order flow.</summary>
    public required TimeSpan RunLength { get; init; }

    /// <summary>Calm phase before the stress starts.</summary>
    public required TimeSpan StressStart { get; init; }

    /// <summary>When the stress stops (before <see cref="RunLength"/>, so recovery shows).</summary>
    public required TimeSpan StressEnd { get; init; }

    /// <summary>How many TWAP parents.</summary>
    public required int Parents { get; init; }

    /// <summary>Shortest and longest parent window.</summary>
    public required (TimeSpan Min, TimeSpan Max) ParentDuration { get; init; }

    /// <summary>Latest parent start after the run starts.</summary>
    public required TimeSpan MaxParentStartDelay { get; init; }

    /// <summary>Shortest and longest slice interval.</summary>
    public required (TimeSpan Min, TimeSpan Max) SliceInterval { get; init; }

    /// <summary>Average child size a parent aims at (its quantity is this × its slices, rounded to the lot).</summary>
    public decimal ChildQuantity { get; init; } = 300;

    /// <summary>Lot size of parents and children.</summary>
    public decimal LotSize { get; init; } = 10;

    /// <summary>Size of the dependency's source-port window (explicitly bound local ports).</summary>
    public int PortWindow { get; init; } = 64;

    /// <summary>Dependency calls per child order while the dependency is in the order path (one fresh connection each).</summary>
    public int ChecksPerOrder { get; init; } = 3;

    /// <summary>What the dependency spends setting up each new connection while stressed (its handshake).</summary>
    public TimeSpan DependencySetupCost { get; init; } = TimeSpan.FromMilliseconds(900);

    /// <summary>The longest an order waits for its dependency checks before it goes out anyway (fail open).</summary>
    public TimeSpan DependencyCallBudget { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Connections the dependency client keeps when the controller asks for pooled connections.</summary>
    public int PooledConnections { get; init; } = 4;

    /// <summary>Period of the venue's session drops during the stress.</summary>
    public required TimeSpan DropSessionsEvery { get; init; }

    /// <summary>The venue's logon delay during the stress (a dropped session takes this long to come back).</summary>
    public TimeSpan StressLogonDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long after the end of the order flow late venue answers are still collected.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromMilliseconds(750);

    /// <summary>How long a child may wait before it must be sent (its deadline; a later child is refused and comes back as catch-up).</summary>
    public TimeSpan ChildDeadline { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Sliding window of the counts (CFR, connect failures), compressed like the workload.</summary>
    public required TimeSpan SignalWindow { get; init; }

    /// <summary>Sliding window of the latency quantiles (CTL95, DSD95).</summary>
    public required TimeSpan LatencyWindow { get; init; }

    /// <summary>Reconnect-rate window.</summary>
    public required TimeSpan ReconnectWindow { get; init; }

    /// <summary>Minimum dwell of YELLOW, ORANGE and RED.</summary>
    public required (TimeSpan Yellow, TimeSpan Orange, TimeSpan Red) Dwell { get; init; }

    /// <summary>Learning ticks before CTL95/DSD95 baselines are used.</summary>
    public required int BaselineMinimumSamples { get; init; }

    /// <summary>Cadence of the window's socket-table sample (PPR, TWR).</summary>
    public TimeSpan SocketSampleInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The default demo: two runs of 75 s (15 s calm, 40 s stress, 20 s recovery).</summary>
    public static DemoScenario Full { get; } = new()
    {
        Name = "full",
        RunLength = TimeSpan.FromSeconds(75),
        StressStart = TimeSpan.FromSeconds(15),
        StressEnd = TimeSpan.FromSeconds(55),
        Parents = 8,
        ParentDuration = (TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(60)),
        MaxParentStartDelay = TimeSpan.FromSeconds(10),
        SliceInterval = (TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500)),
        DropSessionsEvery = TimeSpan.FromSeconds(4),
        SignalWindow = TimeSpan.FromSeconds(15),
        LatencyWindow = TimeSpan.FromSeconds(10),
        ReconnectWindow = TimeSpan.FromSeconds(30),
        Dwell = (TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(8)),
        BaselineMinimumSamples = 20,
    };

    /// <summary><c>--quick</c>: two runs of 12 s (3 s calm, 5 s stress, 4 s recovery).</summary>
    public static DemoScenario Quick { get; } = new()
    {
        Name = "quick",
        RunLength = TimeSpan.FromSeconds(12),
        StressStart = TimeSpan.FromSeconds(3),
        StressEnd = TimeSpan.FromSeconds(8),
        Parents = 8,
        ParentDuration = (TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(10.5)),
        MaxParentStartDelay = TimeSpan.FromSeconds(0.5),
        SliceInterval = (TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500)),
        DropSessionsEvery = TimeSpan.FromSeconds(1.5),
        SignalWindow = TimeSpan.FromSeconds(3),
        LatencyWindow = TimeSpan.FromSeconds(2),
        ReconnectWindow = TimeSpan.FromSeconds(10),
        Dwell = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2)),
        BaselineMinimumSamples = 6,
        Grace = TimeSpan.FromMilliseconds(500),
    };

    /// <summary>The controller's options for this scenario (shadow for the controller-off run).</summary>
    /// <param name="shadow">Record decisions, apply GREEN.</param>
    public ControlOptions ControlOptions(bool shadow)
    {
        var options = new ControlOptions { Shadow = shadow, SampleSockets = false };
        options.Signals.CountWindow = SignalWindow;
        options.Signals.CountBuckets = 6;
        options.Signals.LatencyWindow = LatencyWindow;
        options.Signals.LatencySubWindows = 4;
        options.Signals.ReconnectWindow = ReconnectWindow;
        options.Baseline.MinimumSamples = BaselineMinimumSamples;
        options.Decoder.YellowMinimumDwell = Dwell.Yellow;
        options.Decoder.OrangeMinimumDwell = Dwell.Orange;
        options.Decoder.RedMinimumDwell = Dwell.Red;
        options.Decoder.RedTailPersistence = TimeSpan.FromSeconds(Math.Min(2, Dwell.Red.TotalSeconds / 2));
        return options;
    }

    /// <summary>Checks the scenario is coherent; throws <see cref="ArgumentException"/> naming the problem.</summary>
    public DemoScenario Validate()
    {
        if (StressStart <= TimeSpan.Zero || StressEnd <= StressStart || StressEnd >= RunLength)
            throw new ArgumentException($"scenario {Name}: need 0 < stress start ({StressStart}) < stress end ({StressEnd}) < run length ({RunLength})");
        if (MaxParentStartDelay + ParentDuration.Max > RunLength)
            throw new ArgumentException($"scenario {Name}: parents may run past the end of the run");
        if (Parents < 1 || PortWindow < 4 || ChecksPerOrder < 1 || PooledConnections < 1)
            throw new ArgumentException($"scenario {Name}: parents, port window, checks per order and pooled connections must be positive");
        return this;
    }
}
