using Microsoft.Extensions.Options;
using PortStress.Control.Classification;
using PortStress.Control.Decoding;
using PortStress.Control.Features;
using PortStress.Control.Policy;
using PortStress.Telemetry.Sampling;
using PortStress.Telemetry.Signals;

namespace PortStress.Control;

/// <summary>
/// Everything the controller is configured with (section <see cref="SectionName"/>): the tick, shadow mode, where
/// records go, the signal windows, the baselines, the classifier coefficients, the decoder thresholds and the
/// policy table. Every value has a working default. Checked by <see cref="ControlOptionsValidator"/>.
/// </summary>
public sealed class ControlOptions
{
    /// <summary>The configuration section the options bind from, and the one <c>portstress train</c> writes into.</summary>
    public const string SectionName = "PortStress:Control";

    /// <summary>The control tick. Default 250 ms; between 10 ms and 1 minute.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Shadow mode: decide and record, but publish snapshots that apply GREEN. Default false.</summary>
    public bool Shadow { get; set; }

    /// <summary>Directory for <c>ticks.jsonl</c> and <c>transitions.jsonl</c> when the host registers no sinks; null writes none.</summary>
    public string? RecordsDirectory { get; set; }

    /// <summary>Run the OS socket sampler (PPR, TWR) at its adaptive cadence in the hosted service. Default true.</summary>
    public bool SampleSockets { get; set; } = true;

    /// <summary>Capacity of the event ring the hosted service creates when none is registered (a power of two). Default 65536.</summary>
    public int RingCapacity { get; set; } = 65536;

    /// <summary>
    /// The ring's consumer is woken early only once this many events wait; otherwise it drains them when its park
    /// times out (at most 50 ms) or at the tick, which drains first. The order path then pays no wake-up per event.
    /// Between 1 (wake at every event) and the ring's capacity. Default 1024.
    /// </summary>
    public int RingWakeBacklog { get; set; } = 1024;

    /// <summary>How many spin iterations the ring's consumer makes before parking. Default 0: the loop ticks on a clock and needs no event at once, and a spinning consumer takes a core from the order path.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 1_000_000)]
    public int RingSpinLimit { get; set; }

    /// <summary>CFR counts only once the window holds this many connect attempts (below it, CFR is 0). Default 5.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, int.MaxValue)]
    public int ConnectFailureMinimumAttempts { get; set; } = 5;

    /// <summary>Windows of the transport signal estimators.</summary>
    public TransportSignalOptions Signals { get; set; } = new();

    /// <summary>The OS socket sampler.</summary>
    public SocketSamplerOptions Sampler { get; set; } = new();

    /// <summary>Trailing baselines of CTL95 and DSD95.</summary>
    [ValidateObjectMembers]
    public BaselineOptions Baseline { get; set; } = new();

    /// <summary>Coefficients of P(stress) (checked by <see cref="ControlOptionsValidator"/>).</summary>
    public ClassifierOptions Classifier { get; set; } = new();

    /// <summary>Thresholds and dwell of the state decoder.</summary>
    [ValidateObjectMembers]
    public DecoderOptions Decoder { get; set; } = new();

    /// <summary>State → execution parameters.</summary>
    public PolicyOptions Policy { get; set; } = new();
}
