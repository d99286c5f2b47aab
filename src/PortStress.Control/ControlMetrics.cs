using System.Diagnostics.Metrics;
using PortStress.Control.Decoding;
using PortStress.Control.Loop;

namespace PortStress.Control;

/// <summary>
/// The controller's instruments (meter <see cref="MeterName"/>): <c>portstress.control.state</c> (0 GREEN .. 3 RED,
/// tag <c>shadow</c>), <c>portstress.control.state.applied</c> (the state whose actions the gate applies),
/// <c>portstress.control.shadow</c> (1 in shadow mode), <c>portstress.control.stress_probability</c>,
/// <c>portstress.control.connect_latency.relative</c> and <c>portstress.control.decision_to_send.relative</c> (CTL95 and
/// DSD95 over their baselines, while known), <c>portstress.control.transitions</c> (tags <c>from</c>, <c>to</c>,
/// <c>rule</c>) and <c>portstress.control.tick.duration</c> (seconds). The gauges read the loop's last values at
/// collection time.
/// </summary>
public sealed class ControlMetrics : IDisposable
{
    /// <summary>The name of the Meter.</summary>
    public const string MeterName = "PortStress.Control";

    private static readonly KeyValuePair<string, object?> ShadowOn = new("shadow", true);
    private static readonly KeyValuePair<string, object?> ShadowOff = new("shadow", false);
    private readonly Meter _meter;
    private readonly Counter<long> _transitions;
    private readonly Histogram<double> _tickDuration;

    /// <summary>Creates the instruments with a fixed shadow mode.</summary>
    /// <param name="meterFactory">Creates the meter (from DI); a standalone meter when null.</param>
    /// <param name="state">Reads the current (decided) state.</param>
    /// <param name="stressProbability">Reads the last P(stress).</param>
    /// <param name="shadow">True in shadow mode (added as a tag to the state gauge).</param>
    public ControlMetrics(IMeterFactory? meterFactory, Func<StressState> state, Func<double> stressProbability, bool shadow)
        : this(meterFactory, state, stressProbability, () => shadow, null)
    {
    }

    /// <summary>Creates the instruments.</summary>
    /// <param name="meterFactory">Creates the meter (from DI); a standalone meter when null.</param>
    /// <param name="state">Reads the current (decided) state.</param>
    /// <param name="stressProbability">Reads the last P(stress).</param>
    /// <param name="shadow">Reads whether shadow mode is on (it can be switched at run time).</param>
    /// <param name="status">Reads the loop's latest status (relative latencies), or null to leave those gauges out.</param>
    public ControlMetrics(IMeterFactory? meterFactory, Func<StressState> state, Func<double> stressProbability, Func<bool> shadow,
        Func<ControlStatus?>? status)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(stressProbability);
        ArgumentNullException.ThrowIfNull(shadow);
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableGauge("portstress.control.state", () => new Measurement<int>((int)state(), shadow() ? ShadowOn : ShadowOff), "{state}",
            "The decoded port-stress state: 0 GREEN, 1 YELLOW, 2 ORANGE, 3 RED (in shadow mode, the state that would apply).");
        _meter.CreateObservableGauge("portstress.control.state.applied", () => shadow() ? 0 : (int)state(), "{state}",
            "The state whose actions the gate applies: GREEN (0) in shadow mode, else the decoded state.");
        _meter.CreateObservableGauge("portstress.control.shadow", () => shadow() ? 1 : 0, "1",
            "1 while the controller runs in shadow mode (decides and records, applies GREEN), else 0.");
        _meter.CreateObservableGauge("portstress.control.stress_probability", stressProbability, "1", "P(PORT_STRESS) at the last control tick.");
        if (status is not null)
        {
            _meter.CreateObservableGauge("portstress.control.connect_latency.relative", () => Relative(status()?.Features.ConnectLatencyRelative), "1",
                "CTL95 over its trailing baseline (1 = at baseline); absent while unknown.");
            _meter.CreateObservableGauge("portstress.control.decision_to_send.relative", () => Relative(status()?.Features.DecisionToSendRelative), "1",
                "DSD95 over its trailing baseline (1 = at baseline); absent while unknown.");
        }
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

    private static IEnumerable<Measurement<double>> Relative(double? value) =>
        value > 0 ? [new Measurement<double>(value.Value)] : [];
}
