using System.Globalization;
using System.Text;

namespace PortStress.Gateway.Demo;

/// <summary>Writes the report folder's <c>report.md</c>: the scenario, the comparison table and the plots.</summary>
internal static class DemoReport
{
    /// <summary>The report's file name.</summary>
    public const string FileName = "report.md";

    /// <summary>Writes the report of <paramref name="outcome"/>.</summary>
    /// <param name="outcome">What the demo produced.</param>
    /// <param name="scenario">The scenario.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="window">The source-port window.</param>
    /// <param name="plots">The plot files in the report folder.</param>
    public static void Write(DemoOutcome outcome, DemoScenario scenario, int seed, (ushort First, ushort Last) window, IReadOnlyList<string> plots)
    {
        var text = new StringBuilder();
        text.Append("# portstress demo\n\n");
        text.Append(CultureInfo.InvariantCulture,
            $"Scenario `{scenario.Name}`, seed {seed}: two runs of {scenario.RunLength.TotalSeconds:F0} s on loopback with the same workload; "
            + $"stress from {scenario.StressStart.TotalSeconds:F0} s to {scenario.StressEnd.TotalSeconds:F0} s "
            + $"(a dependency called {scenario.ChecksPerOrder}× per child order over fresh connections from source ports {window.First}-{window.Last}, "
            + $"and the venue dropping every session every {scenario.DropSessionsEvery.TotalSeconds:F1} s). "
            + $"Machine: {Bench.MachineDescription.Current()}.\n\n");
        text.Append("Controller off runs the controller in shadow mode: it decides and records, GREEN is applied. "
            + "Every figure is computed from the records in `run-off/` and `run-on/` (see docs/demo.md for the definitions).\n\n");
        text.Append(outcome.Table.ToMarkdown());
        text.Append('\n');
        foreach (var plot in plots)
            text.Append(CultureInfo.InvariantCulture, $"![{Path.GetFileNameWithoutExtension(plot)}]({plot})\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Records: `{outcome.Off.RecordsDirectory}`, `{outcome.On.RecordsDirectory}`.\n");
        File.WriteAllText(Path.Combine(outcome.ReportDirectory, FileName), text.ToString());
    }
}
