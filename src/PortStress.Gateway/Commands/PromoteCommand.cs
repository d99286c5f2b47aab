using System.CommandLine;
using PortStress.Analytics.Measures;
using PortStress.Analytics.Reporting;
using PortStress.Analytics.Storage;
using PortStress.Gateway.Demo;

namespace PortStress.Gateway.Commands;

/// <summary>
/// <c>portstress promote --records DIR [--windows N] [--holdout K] [--completion-tolerance X] [--fees SPEC]</c>: compares
/// controller-on children with matched shadow-mode children in held-out later windows (the statistics'
/// <c>PromotionGate</c>) and says PROMOTE or DO NOT PROMOTE with the reasons. Exit code 0 promote, 1 do not, 2 bad input.
/// </summary>
internal static class PromoteCommand
{
    public static Command Create()
    {
        var records = new Option<DirectoryInfo>("--records") { Description = "Records holding a shadow-mode run and a controller-on run (the demo's records folder).", Required = true };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Where records.duckdb goes. Default: a temporary folder, deleted after." };
        var windows = new Option<int>("--windows") { Description = "Each run's span is cut into this many time windows.", DefaultValueFactory = _ => 8 };
        var holdout = new Option<int>("--holdout") { Description = "The last this many windows are held out and decide; the earlier ones are left out (in sample).", DefaultValueFactory = _ => 4 };
        var tolerance = new Option<double>("--completion-tolerance") { Description = "Completion may fall by this share and not count as a regression.", DefaultValueFactory = _ => 0.005 };
        var fees = new Option<string?>("--fees") { Description = "Fees in bps of fill notional: 'bps' or 'VENUE=bps,...'. Default: none." };
        var replicates = new Option<int>("--replicates") { Description = "Bootstrap replicates.", DefaultValueFactory = _ => 200 };
        var progress = new Option<ProgressMode>("--progress") { Description = "auto, plain or live.", DefaultValueFactory = _ => ProgressMode.Auto };
        var command = new Command("promote", "Decide from shadow-mode and controller-on records whether to turn the controller on: "
            + "only if tail IS falls with an interval excluding zero on held-out windows and completion does not regress.")
        {
            records, output, windows, holdout, tolerance, fees, replicates, progress,
        };
        command.SetAction((parse, _) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            if (!AnalyticsCommand.TryMeasures(parse.GetValue(fees), stderr, "promote", out var measures))
                return Task.FromResult(2);
            var options = new PromotionWindows
            {
                Windows = parse.GetValue(windows),
                HoldoutWindows = parse.GetValue(holdout),
                CompletionTolerance = parse.GetValue(tolerance),
                Replicates = Math.Max(10, parse.GetValue(replicates)),
            };
            var keep = parse.GetValue(output)?.FullName;
            var folder = keep ?? Directory.CreateTempSubdirectory("portstress-promote-").FullName;
            try
            {
                return Task.FromResult(AnalyticsCommand.Run("promote", parse.GetValue(progress), stdout, stderr, (reporter, stdout) =>
                {
                    var runs = RecordRuns.Discover(parse.GetValue(records)!.FullName);
                    using var store = RecordStore.Create(Path.Combine(folder, RecordStore.DefaultFileName));
                    store.Load(runs, measures, reporter);
                    var decision = PromotionReview.Decide(CostReader.Children(store), options);
                    stdout.WriteLine(decision.ToString());
                    return decision.Promote ? 0 : 1;
                }));
            }
            finally
            {
                if (keep is null)
                    Directory.Delete(folder, recursive: true);
            }
        });
        return command;
    }
}
