using System.Globalization;
using PortStress.Analytics.Statistics.Internal;

namespace PortStress.Analytics.Statistics;

/// <summary>
/// Decides whether the controller leaves shadow mode. The evidence is the stressed-decided children (the controller
/// would act, or did) of two arms on out-of-sample windows: shadow runs (decided, GREEN applied) and controlled runs
/// (decided state applied). Promote only if the tail (q95) IS of those children falls under control with an interval
/// that excludes zero, and their completion rate does not fall by more than the tolerance. Windows are the resampling
/// clusters because a stress episode moves the cost of every order in it. See docs/analytics-methods.md.
/// </summary>
public static class PromotionGate
{
    /// <summary>Compares the arms and decides.</summary>
    /// <param name="shadow">Children from shadow-mode runs.</param>
    /// <param name="controlled">Children from controlled runs.</param>
    /// <param name="options">Settings (null: defaults).</param>
    public static PromotionDecision Decide(IReadOnlyList<ChildCost> shadow, IReadOnlyList<ChildCost> controlled, PromotionGateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(shadow);
        ArgumentNullException.ThrowIfNull(controlled);
        options ??= new PromotionGateOptions();
        options.Validate();
        var reasons = new List<string>();
        var start = options.EvaluationStartMicros ?? long.MinValue;
        var windowMicros = (long)(options.WindowMinutes * 60_000_000);

        var mislabelled = shadow.Count(c => !c.Shadow) + controlled.Count(c => c.Shadow);
        if (mislabelled > 0)
            reasons.Add(Text($"{mislabelled} children sit in the arm their Shadow flag contradicts; they were judged by the arm they were given in."));

        var inSample = shadow.Count(c => c.DecisionMicros < start) + controlled.Count(c => c.DecisionMicros < start);
        List<ChildCost> Arm(IReadOnlyList<ChildCost> arm) =>
            arm.Where(c => c.DecisionMicros >= start && c.Stressed && double.IsFinite(c.ShortfallBps)).ToList();
        var s = Arm(shadow);
        var k = Arm(controlled);
        var shadowWindows = s.Select(c => c.DecisionMicros / windowMicros).Distinct().Count();
        var controlledWindows = k.Select(c => c.DecisionMicros / windowMicros).Distinct().Count();
        var shadowCompletion = Completion(s);
        var controlledCompletion = Completion(k);

        if (s.Count < options.MinStressedPerArm || k.Count < options.MinStressedPerArm
            || shadowWindows < options.MinWindowsPerArm || controlledWindows < options.MinWindowsPerArm)
        {
            reasons.Add(Text($"Not enough out-of-sample evidence: {s.Count} shadow and {k.Count} controlled stressed-decided children in {shadowWindows} and {controlledWindows} windows; need {options.MinStressedPerArm} children and {options.MinWindowsPerArm} windows per arm."));
            var none = Interval.PointOnly(double.NaN);
            return new PromotionDecision(false, reasons, none, none, none, none, shadowCompletion, controlledCompletion,
                s.Count, k.Count, shadowWindows, controlledWindows, inSample, null);
        }

        // One pool: treatment = controlled arm, cluster = window (ParentId is the bootstrap's cluster key).
        var pool = s.Select(c => c with { Stressed = false, ParentId = 1 + (c.DecisionMicros / windowMicros) })
            .Concat(k.Select(c => c with { Stressed = true, ParentId = 1 + (c.DecisionMicros / windowMicros) }))
            .ToList();
        var matching = MatchedCohorts.Estimate(pool, new MatchingOptions
        {
            CaliperSd = options.CaliperSd,
            TailQuantile = options.TailQuantile,
            Bootstrap = options.Bootstrap,
        });
        var tail = options.MatchArms ? matching.TailEffect : matching.NaiveTailEffect;
        var mean = options.MatchArms ? matching.MeanEffect : matching.NaiveMeanEffect;
        var completion = CompletionChange(pool, options.Bootstrap);

        var tailFalls = tail.Upper < 0;
        var how = options.MatchArms
            ? Text($"matched {matching.Counts.MatchedPairs} of {k.Count} controlled to shadow children")
            : "unmatched";
        var confidence = options.Bootstrap.Confidence * 100;
        reasons.Add(tailFalls
            ? Text($"Tail cost falls: q{options.TailQuantile * 100:0} IS of stressed-decided children changes by {tail.Estimate:0.00} bps under control, {confidence:0}% interval [{tail.Lower:0.00}, {tail.Upper:0.00}] excludes zero ({how}).")
            : Text($"Tail cost does not clearly fall: q{options.TailQuantile * 100:0} IS changes by {tail.Estimate:0.00} bps, {confidence:0}% interval [{tail.Lower:0.00}, {tail.Upper:0.00}] {(tail.Lower > 0 ? "lies above" : "does not exclude")} zero ({how})."));
        if (options.MatchArms && !matching.IsBalanced())
            reasons.Add(Text($"Caution: the matched arms are not balanced on every covariate (largest |SMD| {matching.Balance.Max(b => Math.Abs(b.SmdAfter)):0.00})."));

        var completionHolds = completion.Estimate >= -options.CompletionTolerance;
        reasons.Add(completionHolds
            ? Text($"Completion does not regress: {controlledCompletion:P2} under control vs {shadowCompletion:P2} in shadow (change {completion.Estimate * 100:0.00} points, interval [{completion.Lower * 100:0.00}, {completion.Upper * 100:0.00}], tolerance {options.CompletionTolerance * 100:0.00}).")
            : Text($"Completion regresses: {controlledCompletion:P2} under control vs {shadowCompletion:P2} in shadow (change {completion.Estimate * 100:0.00} points, beyond the tolerance of {options.CompletionTolerance * 100:0.00})."));

        var promote = tailFalls && completionHolds;
        reasons.Insert(0, promote
            ? "Promote: the controller lowers tail cost on out-of-sample windows without hurting completion."
            : "Do not promote: " + (tailFalls ? "completion regresses." : completionHolds ? "no tail improvement that excludes zero." : "no clear tail improvement and completion regresses."));
        return new PromotionDecision(promote, reasons, tail, matching.NaiveTailEffect, mean, completion,
            shadowCompletion, controlledCompletion, s.Count, k.Count, shadowWindows, controlledWindows, inSample,
            options.MatchArms ? matching : null);
    }

    private static double Completion(List<ChildCost> children)
    {
        double q = 0, f = 0;
        foreach (var c in children)
        {
            if (!(c.Quantity > 0))
                continue;
            q += c.Quantity;
            f += Math.Clamp(c.FilledQuantity, 0, c.Quantity);
        }
        return q > 0 ? f / q : double.NaN;
    }

    /// <summary>Controlled minus shadow completion (Stressed marks the controlled arm), windows resampled.</summary>
    private static Interval CompletionChange(List<ChildCost> pool, BootstrapOptions bootstrap)
    {
        var clusterOf = ClusterBootstrap.DenseClusters(pool, out var g);
        // Per window and arm: intended and filled quantity.
        var sums = new double[g, 4];
        for (var i = 0; i < pool.Count; i++)
        {
            var c = pool[i];
            if (!(c.Quantity > 0))
                continue;
            var arm = c.Stressed ? 2 : 0;
            sums[clusterOf[i], arm] += c.Quantity;
            sums[clusterOf[i], arm + 1] += Math.Clamp(c.FilledQuantity, 0, c.Quantity);
        }
        double Change(int[]? m)
        {
            double sq = 0, sf = 0, kq = 0, kf = 0;
            for (var w = 0; w < g; w++)
            {
                var t = m is null ? 1 : m[w];
                sq += t * sums[w, 0];
                sf += t * sums[w, 1];
                kq += t * sums[w, 2];
                kf += t * sums[w, 3];
            }
            return sq > 0 && kq > 0 ? (kf / kq) - (sf / sq) : double.NaN;
        }
        var reps = ClusterBootstrap.Run(g, bootstrap, 1, (m, row) => row[0] = Change(m));
        return ClusterBootstrap.Percentile(Change(null), reps, 0, bootstrap.Confidence);
    }

    private static string Text(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
