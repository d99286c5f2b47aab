using PortStress.Control;

namespace PortStress.Gateway.Demo;

/// <summary>Which phase of a run is in progress.</summary>
internal enum RunPhase
{
    /// <summary>Setting up (venue, sessions, control loop).</summary>
    Starting,

    /// <summary>Before the stress.</summary>
    Calm,

    /// <summary>Both stress sources on.</summary>
    Stress,

    /// <summary>After the stress, until the order flow stops.</summary>
    Recovery,

    /// <summary>Collecting late answers and stopping.</summary>
    Stopping,

    /// <summary>Done.</summary>
    Done,
}

/// <summary>What the live view shows about a run at one moment.</summary>
internal sealed record RunStatus
{
    /// <summary>"controller off (shadow)" or "controller on".</summary>
    public required string Label { get; init; }

    /// <summary>The phase.</summary>
    public RunPhase Phase { get; init; }

    /// <summary>Time since the order flow started.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Length of the run.</summary>
    public TimeSpan Length { get; init; }

    /// <summary>The decided state (in shadow mode, what the controller would apply).</summary>
    public StressState State { get; init; }

    /// <summary>The state whose actions are applied (GREEN in shadow mode).</summary>
    public StressState AppliedState { get; init; }

    /// <summary>Controller in shadow mode.</summary>
    public bool Shadow { get; init; }

    /// <summary>P(stress) at the last tick.</summary>
    public double StressProbability { get; init; }

    /// <summary>PPR and TWR of the window at the last tick.</summary>
    public double PortPressure { get; init; }

    /// <summary>TWR.</summary>
    public double TimeWaitRatio { get; init; }

    /// <summary>CFR.</summary>
    public double ConnectFailureRatio { get; init; }

    /// <summary>Connect failures in the window.</summary>
    public long ConnectFailures { get; init; }

    /// <summary>CTL95 in seconds (NaN when unknown).</summary>
    public double ConnectLatency95 { get; init; } = double.NaN;

    /// <summary>RBI.</summary>
    public double RetryBurstIndex { get; init; }

    /// <summary>DSD95 in seconds (NaN when unknown).</summary>
    public double DecisionToSend95 { get; init; } = double.NaN;

    /// <summary>Reconnects per minute.</summary>
    public double ReconnectsPerMinute { get; init; }

    /// <summary>Order sessions logged on.</summary>
    public int SessionsLoggedOn { get; init; }

    /// <summary>Order sessions.</summary>
    public int Sessions { get; init; }

    /// <summary>Venue session drops so far.</summary>
    public long SessionsDropped { get; init; }

    /// <summary>Child orders with an outcome.</summary>
    public long Orders { get; init; }

    /// <summary>Sent on arrival.</summary>
    public long Sent { get; init; }

    /// <summary>Held, then sent.</summary>
    public long HeldThenSent { get; init; }

    /// <summary>Held in the gate now.</summary>
    public int HeldNow { get; init; }

    /// <summary>In containment now.</summary>
    public int ContainedNow { get; init; }

    /// <summary>Contained at some point.</summary>
    public long Contained { get; init; }

    /// <summary>Refused.</summary>
    public long Refused { get; init; }

    /// <summary>Orders waiting for their dependency checks.</summary>
    public int WaitingForDependency { get; init; }

    /// <summary>Dependency calls go over pooled connections.</summary>
    public bool DependencyPooled { get; init; }

    /// <summary>Dependency stress source on.</summary>
    public bool DependencyActive { get; init; }

    /// <summary>Sockets from the window to the dependency now.</summary>
    public int WindowSockets { get; init; }

    /// <summary>Of those in TIME_WAIT.</summary>
    public int WindowTimeWait { get; init; }

    /// <summary>Ports in the window.</summary>
    public int WindowSize { get; init; }

    /// <summary>Quantity filled over all parents.</summary>
    public decimal Filled { get; init; }

    /// <summary>Total parent quantity.</summary>
    public decimal ParentQuantity { get; init; }

    /// <summary>Parents finished.</summary>
    public int ParentsFinished { get; init; }

    /// <summary>Parents.</summary>
    public int Parents { get; init; }
}
