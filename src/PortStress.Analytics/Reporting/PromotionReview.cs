using System.Globalization;
using PortStress.Analytics.Measures;
using PortStress.Analytics.Statistics;
using PortStress.Analytics.Storage;

namespace PortStress.Analytics.Reporting;

/// <summary>How <see cref="PromotionReview"/> decides.</summary>
public sealed record PromotionOptions
{
    /// <summary>Each run's span is cut into this many equal time windows.</summary>
    public int Windows { get; init; } = 4;

    /// <summary>The last this many windows are held out: the decision is made on them only.</summary>
    public int HoldoutWindows { get; init; } = 2;

    /// <summary>Completion may fall by at most this much (a share, 0.005 = 0.5 pp) and still count as not regressing.</summary>
    public double CompletionTolerance { get; init; } = 0.005;

    /// <summary>Bootstrap replicates.</summary>
    public int Replicates { get; init; } = 200;

    /// <summary>Bootstrap seed.</summary>
    public int Seed { get; init; } = 20261124;
}

/// <summary>The promotion decision and why.</summary>
/// <param name="Promote">Promote the controller from shadow to on.</param>
/// <param name="Reasons">One line per criterion, met or not.</param>
/// <param name="HeldOut">Controller-on vs matched shadow children in the held-out windows (null when it could not be estimated).</param>
/// <param name="InSample">The same in the earlier windows, for comparison (not used to decide).</param>
/// <param name="CompletionShadow">Completion of shadow-run parents that ended in the held-out windows.</param>
/// <param name="CompletionOn">Completion of controller-on parents that ended in the held-out windows.</param>
public sealed record PromotionVerdict(bool Promote, IReadOnlyList<string> Reasons, MatchedCohortResult? HeldOut, MatchedCohortResult? InSample,
    double CompletionShadow, double CompletionOn);

/// <summary>
/// <c>portstress promote</c>: compares what happened to children the controller acted on (controller-on records,
/// decided state not GREEN) with children it only decided about in shadow mode (shadow records, same condition),
/// matched on venue, urgency and the covariates, in held-out later time windows. Promote only if the q95 IS falls
/// with a 95 % interval that excludes zero and parent completion does not regress.
/// </summary>
public static class PromotionReview
{
    /// <summary>Decides.</summary>
    /// <param name="runs">Children per run (shadow and controller-on runs).</param>
    /// <param name="parents">Parents of those runs.</param>
    /// <param name="options">Windows and tolerances.</param>
    /// <exception cref="RecordsException">The records hold no shadow-mode or no controller-on children, or options are out of range.</exception>
    public static PromotionVerdict Decide(IReadOnlyList<RunCosts> runs, IReadOnlyList<ParentCost> parents, PromotionOptions options)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(parents);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Windows < 2 || options.HoldoutWindows < 1 || options.HoldoutWindows >= options.Windows)
            throw new RecordsException($"need 2 or more windows and 1 to windows − 1 held out (got {options.Windows} and {options.HoldoutWindows})");

        // Window of each child and parent, from its own run's span, so a shadow run and an on run recorded at different
        // times line up window by window.
        var heldOutChildren = new List<ChildCost>();
        var inSampleChildren = new List<ChildCost>();
        var spans = new Dictionary<string, (long From, long To)>(StringComparer.Ordinal);
        var combined = CostReader.Combined(runs);
        var index = 0;
        foreach (var run in runs)
        {
            if (run.Children.Count == 0)
                continue;
            var from = run.Children.Min(c => c.DecisionMicros);
            var to = run.Children.Max(c => c.DecisionMicros);
            spans[run.Run] = (from, to);
            foreach (var child in run.Children)
            {
                var distinct = combined[index++];
                if (!child.Stressed)
                    continue;
                var relabelled = distinct with { Stressed = !child.Shadow };
                (IsHeldOut(child.DecisionMicros, from, to, options) ? heldOutChildren : inSampleChildren).Add(relabelled);
            }
        }

        var shadow = heldOutChildren.Count(c => !c.Stressed);
        var on = heldOutChildren.Count(c => c.Stressed);
        if (!runs.Any(r => r.Children.Any(c => c.Shadow)) || !runs.Any(r => r.Children.Any(c => !c.Shadow)))
            throw new RecordsException("promote needs shadow-mode records (controller off) and controller-on records: found only one kind");

        var reasons = new List<string>();
        var heldOut = Estimate(heldOutChildren, options, out var why);
        var inSample = Estimate(inSampleChildren, options, out _);
        var tailFalls = false;
        if (heldOut is null)
        {
            reasons.Add($"tail cost: cannot be estimated on the held-out windows ({shadow} shadow and {on} controller-on children decided under stress): {why}");
        }
        else
        {
            var tail = heldOut.TailEffect;
            tailFalls = tail.Upper < 0;
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"tail cost {(tailFalls ? "falls" : "does not fall clearly")}: q95 IS controller-on − shadow (matched, held-out windows) {tail.Estimate:F2} bps, "
                + $"95 % interval [{tail.Lower:F2}, {tail.Upper:F2}]{(tailFalls ? " excludes zero" : tail.Lower > 0 ? ": it rises" : " includes zero")} "
                + $"({heldOut.Counts.MatchedPairs} pairs, {heldOut.Counts.Clusters} parents)"));
        }

        double Completion(bool shadowRun) =>
            Ratio(parents.Where(p => p.Shadow == shadowRun && spans.TryGetValue(p.Run, out var s) && IsHeldOut(p.EndMicros, s.From, s.To, options)));
        var completionShadow = Completion(true);
        var completionOn = Completion(false);
        var completionHolds = double.IsFinite(completionOn) && double.IsFinite(completionShadow) && completionOn >= completionShadow - options.CompletionTolerance;
        reasons.Add(string.Create(CultureInfo.InvariantCulture,
            $"completion {(completionHolds ? "does not regress" : "regresses or is unknown")}: held-out parents {completionOn:P2} controller-on vs {completionShadow:P2} shadow "
            + $"(tolerance {options.CompletionTolerance:P1})"));
        if (inSample is not null)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"for comparison, earlier windows: q95 IS effect {inSample.TailEffect.Estimate:F2} bps [{inSample.TailEffect.Lower:F2}, {inSample.TailEffect.Upper:F2}] (not used to decide)"));
        }

        return new PromotionVerdict(tailFalls && completionHolds, reasons, heldOut, inSample, completionShadow, completionOn);
    }

    private static bool IsHeldOut(long micros, long from, long to, PromotionOptions options)
    {
        var span = Math.Max(1, to - from);
        var window = Math.Min(options.Windows - 1, (int)((micros - from) * (double)options.Windows / span));
        return window >= options.Windows - options.HoldoutWindows;
    }

    private static double Ratio(IEnumerable<ParentCost> parents)
    {
        double filled = 0, quantity = 0;
        foreach (var p in parents)
        {
            filled += p.Filled;
            quantity += p.Quantity;
        }

        return quantity == 0 ? double.NaN : filled / quantity;
    }

    private static MatchedCohortResult? Estimate(List<ChildCost> children, PromotionOptions options, out string? why)
    {
        why = null;
        try
        {
            return MatchedCohorts.Estimate(children, new MatchingOptions { Bootstrap = new BootstrapOptions { Replicates = options.Replicates, Seed = options.Seed } });
        }
        catch (ArgumentException e)
        {
            why = e.Message;
            return null;
        }
    }
}
