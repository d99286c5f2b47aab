namespace PortStress.Gateway.Demo;

/// <summary>How the progress of a run is shown.</summary>
internal enum ProgressMode
{
    /// <summary>The live view when standard output is a terminal, plain lines otherwise.</summary>
    Auto,

    /// <summary>A plain progress line every few seconds.</summary>
    Plain,

    /// <summary>The live terminal view.</summary>
    Live,
}

/// <summary>The options of <c>portstress demo</c>.</summary>
internal sealed record DemoOptions
{
    /// <summary>Seed of the workload, the market, the gate's draws and the back-off jitter.</summary>
    public int Seed { get; init; } = 7;

    /// <summary>The short scenario (at most 30 s for both runs).</summary>
    public bool Quick { get; init; }

    /// <summary>The report folder; null for <c>./portstress-demo-&lt;timestamp&gt;</c>.</summary>
    public string? Out { get; init; }

    /// <summary>The records folder (run-off/ and run-on/ under it); null for the report folder.</summary>
    public string? Records { get; init; }

    /// <summary>How progress is shown.</summary>
    public ProgressMode Progress { get; init; }

    /// <summary>The scenario these options select.</summary>
    public DemoScenario Scenario => Quick ? DemoScenario.Quick : DemoScenario.Full;
}
