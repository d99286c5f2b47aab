using System.CommandLine;
using PortStress.Gateway.Demo;

namespace PortStress.Gateway.Commands;

/// <summary>
/// <c>portstress demo [--quick] [--seed N] [--out DIR] [--records DIR] [--progress auto|plain|live]</c>: the whole system on
/// loopback, twice (controller off, then on), with a live view, a comparison table and a report folder (see docs/demo.md).
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "The short scenario: two runs of 12 s (at most 30 s in all). Default: two runs of 75 s (at most 3 minutes)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the workload, the market and every random draw; both runs use it.", DefaultValueFactory = _ => new DemoOptions().Seed };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Report folder (report.md, PNG plots). Default: ./portstress-demo-<timestamp>." };
        var records = new Option<DirectoryInfo?>("--records") { Description = "Records folder: run-off/ and run-on/ are written under it. Default: the report folder." };
        var progress = new Option<ProgressMode>("--progress") { Description = "auto: the live view on a terminal, plain lines otherwise; plain; live.", DefaultValueFactory = _ => ProgressMode.Auto };
        var command = new Command(
            "demo",
            "Run a venue simulator, the gateway's sessions, the controller and the order gate on loopback with a TWAP workload and two stress sources "
            + "(a dependency exhausting a bounded source-port window, a venue dropping sessions), once with the controller off (shadow) and once on; "
            + "print the comparison and write a report with plots.")
        {
            quick, seed, output, records, progress,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var options = new DemoOptions
            {
                Quick = parse.GetValue(quick),
                Seed = parse.GetValue(seed),
                Out = parse.GetValue(output)?.FullName,
                Records = parse.GetValue(records)?.FullName,
                Progress = parse.GetValue(progress),
            };
            var configuration = parse.InvocationConfiguration;
            var runner = new DemoRunner(options, configuration.Output, configuration.Error);
            return await runner.RunAsync(DemoProgress.For(options, configuration.Output), cancellation).ConfigureAwait(false);
        });
        return command;
    }
}
