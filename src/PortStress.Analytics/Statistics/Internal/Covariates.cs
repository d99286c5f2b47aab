namespace PortStress.Analytics.Statistics.Internal;

/// <summary>
/// The propensity model's design: standardized continuous covariates (spread, volatility, time of day and its
/// square, log clip, log remaining quantity) and one-hot symbols (the most frequent ones; the rest share the
/// baseline). The balance table reads the raw (unstandardized) columns.
/// </summary>
internal sealed class Covariates
{
    public const int ContinuousCount = 5;

    public static readonly string[] ContinuousNames =
        ["spread_bps", "volatility_bps", "time_of_day_h", "log_clip_qty", "log_remaining_qty"];

    private Covariates(string[] names, double[][] raw, double[] design, int columns)
    {
        Names = names;
        Raw = raw;
        Design = design;
        Columns = columns;
    }

    /// <summary>Column names of <see cref="Raw"/> (continuous first, then symbol indicators).</summary>
    public string[] Names { get; }

    /// <summary>Raw column values (column-major: Raw[column][row]) for the balance table.</summary>
    public double[][] Raw { get; }

    /// <summary>Row-major design: intercept, standardized continuous, time-of-day squared, symbol dummies.</summary>
    public double[] Design { get; }

    public int Columns { get; }

    public static Covariates Build(IReadOnlyList<ChildCost> children, int maxSymbols)
    {
        var n = children.Count;
        var symbols = children.GroupBy(c => c.Symbol, StringComparer.Ordinal)
            .Select(g => (g.Key, Count: g.Count()))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        // The most frequent symbol is the baseline; the next maxSymbols get indicators.
        var dummies = symbols.Skip(1).Take(maxSymbols).Select(s => s.Key).ToArray();
        var dummyIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < dummies.Length; i++)
            dummyIndex[dummies[i]] = i;

        var raw = new double[ContinuousCount + dummies.Length][];
        for (var j = 0; j < raw.Length; j++)
            raw[j] = new double[n];
        for (var i = 0; i < n; i++)
        {
            var c = children[i];
            raw[0][i] = Finite(c.SpreadBps);
            raw[1][i] = Finite(c.VolatilityBps);
            raw[2][i] = Finite(c.TimeOfDayHours);
            raw[3][i] = Math.Log(1 + Math.Max(0, Finite(c.ClipQuantity)));
            raw[4][i] = Math.Log(1 + Math.Max(0, Finite(c.RemainingQuantity)));
            if (dummyIndex.TryGetValue(c.Symbol, out var d))
                raw[ContinuousCount + d][i] = 1;
        }

        // Design: 1, z(continuous) x5, z(time)^2, dummies.
        var columns = 1 + ContinuousCount + 1 + dummies.Length;
        var design = new double[(long)n * columns];
        var mean = new double[ContinuousCount];
        var sd = new double[ContinuousCount];
        for (var j = 0; j < ContinuousCount; j++)
            (mean[j], sd[j]) = MeanSd(raw[j]);
        for (var i = 0; i < n; i++)
        {
            var row = i * columns;
            design[row] = 1;
            for (var j = 0; j < ContinuousCount; j++)
                design[row + 1 + j] = sd[j] > 0 ? (raw[j][i] - mean[j]) / sd[j] : 0;
            var t = design[row + 1 + 2];
            design[row + 1 + ContinuousCount] = t * t;
            for (var d = 0; d < dummies.Length; d++)
                design[row + 2 + ContinuousCount + d] = raw[ContinuousCount + d][i];
        }
        var names = ContinuousNames.Concat(dummies.Select(s => "symbol=" + s)).ToArray();
        return new Covariates(names, raw, design, columns);
    }

    private static double Finite(double x) => double.IsFinite(x) ? x : 0;

    public static (double Mean, double Sd) MeanSd(double[] x)
    {
        if (x.Length == 0)
            return (0, 0);
        double m = 0;
        foreach (var v in x)
            m += v;
        m /= x.Length;
        double s = 0;
        foreach (var v in x)
            s += (v - m) * (v - m);
        return (m, x.Length > 1 ? Math.Sqrt(s / (x.Length - 1)) : 0);
    }
}
