using System.Text.Json;
using PortStress.Control.Decoding;

namespace PortStress.Control.Records;

/// <summary>
/// One state transition (<c>transitions.jsonl</c>): from and to, the rule that fired, and the P(stress) and
/// features of the tick that caused it.
/// </summary>
public readonly record struct TransitionRecord : IJsonRecord
{
    /// <inheritdoc />
    public static string StreamName => "transitions";

    /// <summary>When, in microseconds since the Unix epoch.</summary>
    public long TimeUnixMicros { get; init; }

    /// <summary>The state left.</summary>
    public StressState From { get; init; }

    /// <summary>The state entered.</summary>
    public StressState To { get; init; }

    /// <summary>The rule that fired.</summary>
    public TransitionRule Rule { get; init; }

    /// <summary>How long <see cref="From"/> was held, in seconds.</summary>
    public double DwellSeconds { get; init; }

    /// <summary>True in shadow mode (the transition was decided, GREEN stayed applied).</summary>
    public bool Shadow { get; init; }

    /// <summary>P(stress) at the tick.</summary>
    public double StressProbability { get; init; }

    /// <summary>The features at the tick.</summary>
    public ControlFeatures Features { get; init; }

    /// <summary>The snapshot version published with the transition.</summary>
    public long Version { get; init; }

    /// <inheritdoc />
    public void WriteProperties(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("time"u8, TimeUnixMicros);
        writer.WriteString("from"u8, DecoderNames.Of(From));
        writer.WriteString("to"u8, DecoderNames.Of(To));
        writer.WriteString("rule"u8, DecoderNames.Of(Rule));
        FeatureJson.Number(writer, "dwellSeconds"u8, DwellSeconds);
        writer.WriteBoolean("shadow"u8, Shadow);
        writer.WriteNumber("version"u8, Version);
        FeatureJson.Number(writer, "p"u8, StressProbability);
        FeatureJson.Write(writer, Features);
    }
}
