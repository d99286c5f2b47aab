namespace PortStress.Testing.Records;

/// <summary>
/// A generated demo-shaped records folder (<see cref="RecordSetGenerator"/>: run-off/ shadow, run-on/ controller on)
/// in a temporary directory, for a test class to share (xunit class fixture); deleted on dispose.
/// </summary>
public sealed class GeneratedRecordSet : IDisposable
{
    /// <summary>Writes 12,000 children (100 parents of 60 per run) with seed 11.</summary>
    public GeneratedRecordSet()
    {
        Root = Directory.CreateTempSubdirectory("portstress-generated-").FullName;
        RecordSetGenerator.Write(Records, new RecordSetOptions { Children = 12_000, Seed = 11 });
    }

    /// <summary>The temporary directory.</summary>
    public string Root { get; }

    /// <summary>The records folder (run-off/, run-on/).</summary>
    public string Records => Path.Combine(Root, "records");

    /// <summary>A copy of the shadow run as if the controller had been on and changed nothing (run-on = run-off, shadow false).</summary>
    public string NoEffect()
    {
        var folder = Path.Combine(Root, "no-effect");
        if (Directory.Exists(folder))
            return folder;
        foreach (var run in new[] { "run-off", "run-on" })
        {
            Directory.CreateDirectory(Path.Combine(folder, run));
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Records, "run-off")))
            {
                var text = File.ReadAllText(file);
                if (run == "run-on")
                    text = text.Replace("\"shadow\":true", "\"shadow\":false", StringComparison.Ordinal);
                File.WriteAllText(Path.Combine(folder, run, Path.GetFileName(file)), text);
            }
        }

        return folder;
    }

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(Root, recursive: true);
}
