using System.Diagnostics.Metrics;
using PortStress.Control.Decoding;

namespace PortStress.Control;

/// <summary>
/// The controller's instruments (meter <see cref="MeterName"/>): <c>portstress.control.state</c> (0 GREEN .. 3 RED),
/// <c>portstress.control.stress_probability</c>, <c>portstress.control.transitions</c> (tags <c>from</c>, <c>to</c>,
/// <c>rule</c>) and <c>portstress.control.tick.duration</c> (seconds). The gauges read the loop's last values at
/// collection time.
/// </summary>
public sealed class ControlMetrics : IDisposable
{
    /// <summary>The name of the Meter.</summary>
    public const string MeterName = "PortStress.Control";

    private readonly Meter _meter;
    private readonly Counter<long> _transitions;
    private readonly Histogram<double> _tickDuration;

    /// <summary>Creates the instruments.</summary>
    /// <param name="meterFactory">Creates the meter (from DI); a standalone meter when null.</param>
    /// <param name="state">Reads the current (decided) state.</param>
    /// <param name="stressProbability">Reads the last P(stress).</param>
    /// <param name="shadow">True in shadow mode (added as a tag to the state gauge).</param>
    public ControlMetrics(IMeterFactory? meterFactory, Func<StressState> state, Func<double> stressProbability, bool shadow)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(stressProbability);
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        var shadowTag = new KeyValuePair<string, object?>("shadow", shadow);
        _meter.CreateObservableGauge("portstress.control.state", () => new Measurement<int>((int)state(), shadowTag), "{state}",
            "The decoded port-stress state: 0 GREEN, 1 YELLOW, 2 ORANGE, 3 RED (in shadow mode, the state that would apply).");
        _meter.CreateObservableGauge("portstress.control.stress_probability", stressProbability, "1", "P(PORT_STRESS) at the last control tick.");
        _transitions = _meter.CreateCounter<long>("portstress.control.transitions", "{transition}", "State transitions, by from, to and rule.");
        _tickDuration = _meter.CreateHistogram<double>("portstress.control.tick.duration", "s", "Time one control tick takes (drain, features, classify, decode, publish).");
    }

    /// <summary>Counts a transition.</summary>
    /// <param name="from">The state left.</param>
    /// <param name="to">The state entered.</param>
    /// <param name="rule">The rule that fired.</param>
    public void Transition(StressState from, StressState to, TransitionRule rule)
    {
        if (_transitions.Enabled)
        {
            _transitions.Add(1,
                new KeyValuePair<string, object?>("from", DecoderNames.Of(from)),
                new KeyValuePair<string, object?>("to", DecoderNames.Of(to)),
                new KeyValuePair<string, object?>("rule", DecoderNames.Of(rule)));
        }
    }

    /// <summary>Records one tick's duration.</summary>
    /// <param name="seconds">The duration.</param>
    public void TickDuration(double seconds)
    {
        if (_tickDuration.Enabled)
            _tickDuration.Record(seconds);
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
