namespace PortStress.Control.Policy;

/// <summary>
/// The policy table frozen: one immutable <see cref="ExecutionParameters"/> per state, built once, so the control
/// tick and the gate never allocate to read them. Thread-safe.
/// </summary>
public sealed class ControlPolicy
{
    private readonly ExecutionParameters[] _byState;

    /// <summary>Builds the table from options; throws <see cref="ArgumentException"/> listing every problem when invalid.</summary>
    /// <param name="options">The options; the defaults when null.</param>
    public ControlPolicy(PolicyOptions? options = null)
    {
        options ??= new PolicyOptions();
        var problems = options.Check().ToList();
        if (problems.Count > 0)
            throw new ArgumentException("Invalid policy options: " + string.Join("; ", problems), nameof(options));
        _byState =
        [
            ExecutionParameters.Standard,
            options.Yellow.ToParameters(),
            options.Orange.ToParameters(),
            options.Red.ToParameters(),
        ];
    }

    /// <summary>The default table (DESIGN.md).</summary>
    public static ControlPolicy Default { get; } = new();

    /// <summary>The parameters of <paramref name="state"/>; GREEN gives <see cref="ExecutionParameters.Standard"/>.</summary>
    /// <param name="state">The state.</param>
    public ExecutionParameters For(StressState state) =>
        (uint)state < (uint)_byState.Length ? _byState[(int)state] : throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown state.");
}
