using System.Text.Json;

namespace PortStress.Control.Records;

/// <summary>Writes and reads <see cref="ControlFeatures"/> as the flat properties tick and transition records carry.</summary>
public static class FeatureJson
{
    /// <summary>Writes the features (non-finite numbers as null).</summary>
    /// <param name="writer">The writer, inside an object.</param>
    /// <param name="features">The features.</param>
    public static void Write(Utf8JsonWriter writer, in ControlFeatures features)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Number(writer, "ppr"u8, features.PortPressure);
        Number(writer, "twr"u8, features.TimeWaitRatio);
        Number(writer, "cfr"u8, features.ConnectFailureRatio);
        writer.WriteNumber("connectFailures"u8, features.ConnectFailures);
        Number(writer, "ctl95Relative"u8, features.ConnectLatencyRelative);
        Number(writer, "rbi"u8, features.RetryBurstIndex);
        Number(writer, "dsd95Relative"u8, features.DecisionToSendRelative);
        writer.WriteNumber("retryQueueDepth"u8, features.RetryQueueDepth);
        Number(writer, "reconnectsPerMinute"u8, features.ReconnectsPerMinute);
        writer.WriteNumber("ringDrops"u8, features.RingDrops);
    }

    /// <summary>Reads the features written by <see cref="Write"/> from a record object (missing or null properties read as 0).</summary>
    /// <param name="record">The record object.</param>
    public static ControlFeatures Read(JsonElement record) => new()
    {
        PortPressure = Double(record, "ppr"),
        TimeWaitRatio = Double(record, "twr"),
        ConnectFailureRatio = Double(record, "cfr"),
        ConnectFailures = (long)Double(record, "connectFailures"),
        ConnectLatencyRelative = Double(record, "ctl95Relative"),
        RetryBurstIndex = Double(record, "rbi"),
        DecisionToSendRelative = Double(record, "dsd95Relative"),
        RetryQueueDepth = (int)Double(record, "retryQueueDepth"),
        ReconnectsPerMinute = Double(record, "reconnectsPerMinute"),
        RingDrops = (long)Double(record, "ringDrops"),
    };

    /// <summary>Writes a number, or null when it is not finite (JSON has no NaN).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value.</param>
    public static void Number(Utf8JsonWriter writer, ReadOnlySpan<byte> name, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (double.IsFinite(value))
            writer.WriteNumber(name, value);
        else
            writer.WriteNull(name);
    }

    /// <summary>A number property of <paramref name="record"/>; <paramref name="missing"/> when absent or null.</summary>
    /// <param name="record">The object.</param>
    /// <param name="name">The property name.</param>
    /// <param name="missing">The value for an absent or null property.</param>
    public static double Double(JsonElement record, string name, double missing = 0) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : missing;
}
