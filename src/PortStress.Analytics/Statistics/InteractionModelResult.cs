namespace PortStress.Analytics.Statistics;

/// <summary>
/// IS regressed on urgency (0-3, as a number), stress (0/1) and their product: a mean model (OLS) and an upper
/// quantile model (linear quantile regression at <see cref="Quantile"/>), coefficients with parent-clustered
/// bootstrap intervals.
/// </summary>
/// <param name="Mean">OLS terms: intercept, urgency, stressed, urgency_x_stressed.</param>
/// <param name="Tail">Quantile-regression terms, same order.</param>
/// <param name="ByUrgency">The stress effect implied at each urgency (stressed + urgency × urgency_x_stressed).</param>
/// <param name="Quantile">The tail model's quantile (0.95).</param>
/// <param name="Observations">Children used (finite IS).</param>
/// <param name="Excluded">Children left out (IS not finite).</param>
/// <param name="Clusters">Parents.</param>
/// <param name="TailRefitClusters">Clusters drawn per quantile-regression replicate: all of them, or fewer when the rows exceed <see cref="BootstrapOptions.MaxRowsPerRefit"/> (intervals then rescaled).</param>
public sealed record InteractionModelResult(
    IReadOnlyList<Coefficient> Mean,
    IReadOnlyList<Coefficient> Tail,
    IReadOnlyList<StressEffectAtUrgency> ByUrgency,
    double Quantile,
    int Observations,
    int Excluded,
    int Clusters,
    int TailRefitClusters)
{
    /// <summary>The interaction term names, in coefficient order.</summary>
    public static readonly IReadOnlyList<string> Terms = ["intercept", "urgency", "stressed", "urgency_x_stressed"];
}

/// <summary>One regression coefficient.</summary>
/// <param name="Term">intercept, urgency, stressed or urgency_x_stressed.</param>
/// <param name="Value">The estimate with its bootstrap percentile interval, bps.</param>
/// <param name="ClusterRobustStandardError">Cluster-robust (CR1) standard error for OLS terms; NaN for quantile terms.</param>
public sealed record Coefficient(string Term, Interval Value, double ClusterRobustStandardError);

/// <summary>The stress effect on IS at one urgency, from both models.</summary>
/// <param name="Urgency">0 low … 3 critical.</param>
/// <param name="Mean">Effect on mean IS, bps.</param>
/// <param name="Tail">Effect on the tail quantile of IS, bps.</param>
public sealed record StressEffectAtUrgency(int Urgency, Interval Mean, Interval Tail);
