namespace PortStress.Control;

/// <summary>
/// The controller's published decision: one immutable object, swapped atomically on each transition, so the
/// order path reads the state and its parameters with one volatile read. In shadow mode
/// <see cref="Parameters"/> are <see cref="ExecutionParameters.Standard"/> while <see cref="State"/> and
/// <see cref="DecidedParameters"/> say what the controller would have done.
/// </summary>
public sealed class ControlSnapshot
{
    /// <summary>Creates a snapshot.</summary>
    /// <param name="version">Increases by one with each published snapshot.</param>
    /// <param name="state">The decoded state.</param>
    /// <param name="decidedParameters">The parameters of <paramref name="state"/> from the policy.</param>
    /// <param name="shadow">True when the controller only records: the applied parameters are the standard ones.</param>
    /// <param name="stressProbability">P(PORT_STRESS) at the tick that produced the snapshot.</param>
    /// <param name="features">The features at that tick.</param>
    /// <param name="since">Timestamp (of the control clock) at which <paramref name="state"/> was entered.</param>
    public ControlSnapshot(long version, StressState state, ExecutionParameters decidedParameters, bool shadow,
        double stressProbability, ControlFeatures features, long since)
    {
        ArgumentNullException.ThrowIfNull(decidedParameters);
        Version = version;
        State = state;
        DecidedParameters = decidedParameters;
        IsShadow = shadow;
        Parameters = shadow ? ExecutionParameters.Standard : decidedParameters;
        StressProbability = stressProbability;
        Features = features;
        Since = since;
    }

    /// <summary>The snapshot before the first tick: GREEN, standard parameters.</summary>
    public static ControlSnapshot Initial { get; } = new(0, StressState.Green, ExecutionParameters.Standard, false, 0, default, 0);

    /// <summary>Increases by one with each published snapshot.</summary>
    public long Version { get; }

    /// <summary>The decoded state (in shadow mode, the state the controller would be in).</summary>
    public StressState State { get; }

    /// <summary>The parameters the gate applies.</summary>
    public ExecutionParameters Parameters { get; }

    /// <summary>The parameters of <see cref="State"/>, applied or not.</summary>
    public ExecutionParameters DecidedParameters { get; }

    /// <summary>True when the controller only records what it would do.</summary>
    public bool IsShadow { get; }

    /// <summary>P(PORT_STRESS) at the tick that produced the snapshot.</summary>
    public double StressProbability { get; }

    /// <summary>The features at that tick.</summary>
    public ControlFeatures Features { get; }

    /// <summary>Timestamp at which <see cref="State"/> was entered.</summary>
    public long Since { get; }

    /// <summary>The state whose actions the gate applies: GREEN in shadow mode, else <see cref="State"/>.</summary>
    public StressState AppliedState => IsShadow ? StressState.Green : State;
}
