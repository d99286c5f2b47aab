namespace PortStress.Analytics.Statistics;

/// <summary>What <see cref="MatchedCohorts.Estimate"/> found.</summary>
/// <param name="MeanEffect">Mean IS of matched stressed children minus that of their matched baseline children, bps (the port term on the mean).</param>
/// <param name="TailEffect">The <see cref="MatchingOptions.TailQuantile"/> (q95) of matched stressed IS minus that of their matched controls, bps.</param>
/// <param name="NaiveMeanEffect">All stressed minus all baseline children, no matching: the confounded comparison, for contrast.</param>
/// <param name="NaiveTailEffect">Naive tail-quantile difference.</param>
/// <param name="Markouts">PSMG: the markout gap per horizon between matched stressed and baseline fills.</param>
/// <param name="Balance">Standardized mean differences per covariate before and after matching.</param>
/// <param name="Counts">How many children were used, matched and left out.</param>
/// <param name="Caliper">The caliper on the logit scale actually used.</param>
/// <param name="Pairs">The matched pairs (stressed child, baseline child) as order ids, with their logits.</param>
public sealed record MatchedCohortResult(
    Interval MeanEffect,
    Interval TailEffect,
    Interval NaiveMeanEffect,
    Interval NaiveTailEffect,
    IReadOnlyList<MarkoutGap> Markouts,
    IReadOnlyList<BalanceRow> Balance,
    MatchCounts Counts,
    double Caliper,
    IReadOnlyList<MatchedPair> Pairs)
{
    /// <summary>True when every covariate's absolute SMD after matching is below <paramref name="threshold"/> (0.1 by convention).</summary>
    public bool IsBalanced(double threshold = 0.1) => Balance.All(b => Math.Abs(b.SmdAfter) < threshold);
}

/// <summary>One covariate's balance: standardized mean difference (stressed minus baseline) over the pre-matching pooled SD.</summary>
/// <param name="Covariate">Covariate name (spread_bps, volatility_bps, time_of_day_h, log_clip_qty, log_remaining_qty, symbol=...).</param>
/// <param name="MeanTreatedBefore">Mean among all stressed children.</param>
/// <param name="MeanControlBefore">Mean among all baseline children.</param>
/// <param name="SmdBefore">SMD before matching.</param>
/// <param name="MeanTreatedAfter">Mean among matched stressed children.</param>
/// <param name="MeanControlAfter">Mean among their matched controls.</param>
/// <param name="SmdAfter">SMD after matching (same denominator as before).</param>
public sealed record BalanceRow(
    string Covariate,
    double MeanTreatedBefore,
    double MeanControlBefore,
    double SmdBefore,
    double MeanTreatedAfter,
    double MeanControlAfter,
    double SmdAfter);

/// <summary>Counts behind a matched estimate.</summary>
/// <param name="Children">Children given.</param>
/// <param name="Excluded">Children left out because their IS is not a finite number.</param>
/// <param name="Treated">Stressed children used.</param>
/// <param name="Controls">Baseline children used.</param>
/// <param name="MatchedPairs">Stressed children matched (one pair each).</param>
/// <param name="UnmatchedTreated">Stressed children with no baseline child in their venue × urgency stratum within the caliper.</param>
/// <param name="DistinctControls">Distinct baseline children used (equals MatchedPairs without replacement).</param>
/// <param name="Strata">Venue × urgency strata holding at least one stressed child.</param>
/// <param name="Clusters">Parents (bootstrap clusters) holding a matched child, stressed or control.</param>
public sealed record MatchCounts(
    int Children,
    int Excluded,
    int Treated,
    int Controls,
    int MatchedPairs,
    int UnmatchedTreated,
    int DistinctControls,
    int Strata,
    int Clusters);

/// <summary>PSMG at one horizon: fill-weighted mean markout of matched stressed fills minus that of their controls, bps.</summary>
/// <param name="Horizon">"1s", "5s" or "60s".</param>
/// <param name="Gap">The gap with its interval.</param>
/// <param name="Pairs">Matched pairs in which both children filled.</param>
public sealed record MarkoutGap(string Horizon, Interval Gap, int Pairs);

/// <summary>One matched pair.</summary>
/// <param name="TreatedOrderId">The stressed child.</param>
/// <param name="ControlOrderId">Its baseline match.</param>
/// <param name="TreatedLogit">Logit of the stressed child's propensity.</param>
/// <param name="ControlLogit">Logit of the control's propensity.</param>
public readonly record struct MatchedPair(long TreatedOrderId, long ControlOrderId, double TreatedLogit, double ControlLogit);
