using PortStress.Testing.Records;

namespace PortStress.Analytics.Tests.Reporting;

/// <summary>One generated demo-shaped records folder (run-off/ shadow, run-on/ controller on), shared by a test class.</summary>
public sealed class GeneratedRecords : IDisposable
{
    public GeneratedRecords()
    {
        Root = Directory.CreateTempSubdirectory("portstress-generated-").FullName;
        RecordSetGenerator.Write(Records, new RecordSetOptions { Children = 12_000, Seed = 11 });
    }

    public string Root { get; }

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

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
