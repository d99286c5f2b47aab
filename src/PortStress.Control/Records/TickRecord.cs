using System.Text.Json;
using PortStress.Control.Decoding;

namespace PortStress.Control.Records;

/// <summary>
/// One control tick (<c>ticks.jsonl</c>): the features, P(stress), the decoded state, and the raw CTL95/DSD95
/// with their baselines. <c>portstress train</c> reads these.
/// </summary>
public readonly record struct TickRecord : IJsonRecord
{
    /// <inheritdoc />
    public static string StreamName => "ticks";

    /// <summary>When, in microseconds since the Unix epoch.</summary>
    public long TimeUnixMicros { get; init; }

    /// <summary>The state after the tick (in shadow mode, the state the controller would be in).</summary>
    public StressState State { get; init; }

    /// <summary>True in shadow mode.</summary>
    public bool Shadow { get; init; }

    /// <summary>P(stress).</summary>
    public double StressProbability { get; init; }

    /// <summary>The features.</summary>
    public ControlFeatures Features { get; init; }

    /// <summary>CTL95 in seconds (NaN when its window was empty; written as null).</summary>
    public double ConnectLatencyP95 { get; init; }

    /// <summary>The CTL95 baseline in seconds (NaN before it has learned).</summary>
    public double ConnectLatencyBaseline { get; init; }

    /// <summary>DSD95 in seconds (NaN when empty).</summary>
    public double DecisionToSendP95 { get; init; }

    /// <summary>The DSD95 baseline in seconds.</summary>
    public double DecisionToSendBaseline { get; init; }

    /// <inheritdoc />
    public void WriteProperties(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("time"u8, TimeUnixMicros);
        writer.WriteString("state"u8, DecoderNames.Of(State));
        writer.WriteBoolean("shadow"u8, Shadow);
        FeatureJson.Number(writer, "p"u8, StressProbability);
        FeatureJson.Write(writer, Features);
        FeatureJson.Number(writer, "ctl95"u8, ConnectLatencyP95);
        FeatureJson.Number(writer, "ctl95Baseline"u8, ConnectLatencyBaseline);
        FeatureJson.Number(writer, "dsd95"u8, DecisionToSendP95);
        FeatureJson.Number(writer, "dsd95Baseline"u8, DecisionToSendBaseline);
    }
}
