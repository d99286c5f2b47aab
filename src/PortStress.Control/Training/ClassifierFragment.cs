using System.Text.Json;
using PortStress.Control.Classification;

namespace PortStress.Control.Training;

/// <summary>
/// Writes classifier coefficients as a settings fragment that binds back into <see cref="ControlOptions"/>:
/// <c>{ "PortStress": { "Control": { "Classifier": { "Intercept": …, "PortPressure": { "Mean": …, "Scale": …, "Weight": … }, … } } } }</c>.
/// Add the file to the configuration (e.g. <c>AddJsonFile</c>) ahead of the section <c>AddPortStressControl</c> binds.
/// </summary>
public static class ClassifierFragment
{
    /// <summary>Writes the fragment, indented.</summary>
    /// <param name="stream">Where to write.</param>
    /// <param name="classifier">The coefficients.</param>
    public static void Write(Stream stream, ClassifierOptions classifier)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(classifier);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        foreach (var section in ControlOptions.SectionName.Split(':'))
            json.WriteStartObject(section);
        json.WriteStartObject(nameof(ControlOptions.Classifier));
        json.WriteNumber(nameof(ClassifierOptions.Intercept), classifier.Intercept);
        foreach (var input in Enum.GetValues<ClassifierInput>())
        {
            var c = classifier.Coefficient(input);
            json.WriteStartObject(input.ToString());
            json.WriteNumber(nameof(FeatureCoefficient.Mean), c.Mean);
            json.WriteNumber(nameof(FeatureCoefficient.Scale), c.Scale);
            json.WriteNumber(nameof(FeatureCoefficient.Weight), c.Weight);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        foreach (var _ in ControlOptions.SectionName.Split(':'))
            json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }

    /// <summary>Writes the fragment to a file (created or replaced).</summary>
    /// <param name="path">The file.</param>
    /// <param name="classifier">The coefficients.</param>
    public static void Write(string path, ClassifierOptions classifier)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = File.Create(path);
        Write(file, classifier);
    }
}
