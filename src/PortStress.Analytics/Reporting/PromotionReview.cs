using PortStress.Analytics.Measures;
using PortStress.Analytics.Statistics;
using PortStress.Analytics.Storage;

namespace PortStress.Analytics.Reporting;

/// <summary>How <see cref="PromotionReview"/> cuts the records into windows.</summary>
public sealed record PromotionWindows
{
    /// <summary>Each run's span (first to last child decision) is cut into this many equal windows.</summary>
    public int Windows { get; init; } = 8;

    /// <summary>The last this many windows are out of sample: only they decide. Earlier windows are left out.</summary>
    public int HoldoutWindows { get; init; } = 4;

    /// <summary>How far completion may fall (a share, 0.005 = half a point) and still not count as a regression.</summary>
    public double CompletionTolerance { get; init; } = 0.005;

    /// <summary>Bootstrap replicates.</summary>
    public int Replicates { get; init; } = 200;

    /// <summary>Bootstrap seed.</summary>
    public int Seed { get; init; } = 20261124;
}

/// <summary>
/// <c>portstress promote</c>'s wiring: splits the loaded runs into the shadow arm (children decided in shadow mode)
/// and the controlled arm, puts every run on a common clock (time since its own first decision, so a shadow run and
/// an on run recorded at different times line up window by window), cuts that clock into windows, holds out the last
/// ones, and hands both arms to <see cref="PromotionGate.Decide"/> (the statistics' rules: q95 IS of stressed-decided
/// children must fall with an interval excluding zero, completion must not regress).
/// </summary>
public static class PromotionReview
{
    /// <summary>Decides.</summary>
    /// <param name="runs">Children per run.</param>
    /// <param name="windows">Windows, hold-out and tolerances.</param>
    /// <exception cref="RecordsException">No shadow-mode or no controller-on children, or the windows are out of range.</exception>
    public static PromotionDecision Decide(IReadOnlyList<RunCosts> runs, PromotionWindows windows)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(windows);
        if (windows.Windows < 2 || windows.HoldoutWindows < 1 || windows.HoldoutWindows >= windows.Windows)
            throw new RecordsException($"need 2 or more windows and 1 to windows − 1 held out (got {windows.Windows} and {windows.HoldoutWindows})");
        var combined = CostReader.Combined(runs);
        if (!combined.Any(c => c.Shadow) || !combined.Any(c => !c.Shadow))
            throw new RecordsException("promote needs shadow-mode records (controller off) and controller-on records: found only one kind");

        // Time since each run's first decision; the longest run sets the window length.
        var rebased = new List<ChildCost>(combined.Count);
        var index = 0;
        long longest = 1;
        foreach (var run in runs)
        {
            if (run.Children.Count == 0)
                continue;
            var first = run.Children.Min(c => c.DecisionMicros);
            longest = Math.Max(longest, run.Children.Max(c => c.DecisionMicros) - first + 1);
            for (var i = 0; i < run.Children.Count; i++)
                rebased.Add(combined[index++] with { DecisionMicros = run.Children[i].DecisionMicros - first });
        }

        var windowMicros = Math.Max(1, (longest + windows.Windows - 1) / windows.Windows);
        var options = new PromotionGateOptions
        {
            WindowMinutes = windowMicros / 60_000_000.0,
            EvaluationStartMicros = (windows.Windows - windows.HoldoutWindows) * windowMicros,
            CompletionTolerance = windows.CompletionTolerance,
            MinWindowsPerArm = Math.Min(4, windows.HoldoutWindows),
            Bootstrap = new BootstrapOptions { Replicates = windows.Replicates, Seed = windows.Seed },
        };
        return PromotionGate.Decide(rebased.Where(c => c.Shadow).ToList(), rebased.Where(c => !c.Shadow).ToList(), options);
    }
}
