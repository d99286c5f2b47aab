namespace PortStress.Gateway.Demo;

/// <summary>Sample quantiles.</summary>
internal static class Quantile
{
    /// <summary>
    /// The <paramref name="q"/> quantile with linear interpolation between order statistics (Hyndman–Fan type 7, the
    /// default of R, NumPy and DuckDB's <c>quantile_cont</c>); NaN for no values.
    /// </summary>
    /// <param name="values">The sample.</param>
    /// <param name="q">In [0, 1].</param>
    public static double Of(IEnumerable<double> values, double q)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1);
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
            return double.NaN;
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
