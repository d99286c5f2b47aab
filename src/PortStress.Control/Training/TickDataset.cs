using System.Text.Json;
using PortStress.Control.Records;

namespace PortStress.Control.Training;

/// <summary>One recorded tick as training reads it.</summary>
/// <param name="TimeUnixMicros">When.</param>
/// <param name="Features">The features.</param>
public readonly record struct TrainingSample(long TimeUnixMicros, ControlFeatures Features);

/// <summary>Reads the <c>ticks.jsonl</c> a control loop wrote (<see cref="TickRecord"/>), in time order.</summary>
public static class TickDataset
{
    /// <summary>The file name read from a records directory.</summary>
    public static string FileName => TickRecord.StreamName + ".jsonl";

    /// <summary>Reads <c>ticks.jsonl</c> from <paramref name="directory"/>, sorted by time (stable).</summary>
    /// <param name="directory">The records directory.</param>
    /// <exception cref="TrainingDataException">The directory or file is missing, a line is not a JSON object, or there are no ticks.</exception>
    public static IReadOnlyList<TrainingSample> Load(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
            throw new TrainingDataException($"records directory '{directory}' does not exist");
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
            throw new TrainingDataException($"'{path}' does not exist: the directory holds no control tick records (ticks.jsonl, written by the control loop)");
        var samples = new List<TrainingSample>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                    throw new TrainingDataException($"{path} line {lineNumber}: not a JSON object");
                if (root.TryGetProperty("type", out var type) && type.GetString() != TickRecord.StreamName)
                    continue;
                samples.Add(new TrainingSample((long)FeatureJson.Double(root, "time"), FeatureJson.Read(root)));
            }
            catch (JsonException e)
            {
                throw new TrainingDataException($"{path} line {lineNumber}: not JSON ({e.Message})", e);
            }
        }
        if (samples.Count == 0)
            throw new TrainingDataException($"'{path}' holds no tick records");
        return [.. samples.OrderBy(s => s.TimeUnixMicros)];
    }
}

/// <summary>Training input that cannot be used; the message says why.</summary>
public sealed class TrainingDataException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrainingDataException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public TrainingDataException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public TrainingDataException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
