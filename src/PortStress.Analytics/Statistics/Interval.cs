namespace PortStress.Analytics.Statistics;

/// <summary>A point estimate with a two-sided interval (bootstrap percentile unless a result says otherwise).</summary>
/// <param name="Estimate">The estimate on the full data.</param>
/// <param name="Lower">The interval's lower end.</param>
/// <param name="Upper">The interval's upper end.</param>
public readonly record struct Interval(double Estimate, double Lower, double Upper)
{
    /// <summary>An estimate with no interval (both ends NaN), for when there is too little data to resample.</summary>
    public static Interval PointOnly(double estimate) => new(estimate, double.NaN, double.NaN);

    /// <summary>True when both ends are on the same side of zero (an interval with NaN ends excludes nothing).</summary>
    public bool ExcludesZero => (Lower > 0 && Upper > 0) || (Lower < 0 && Upper < 0);

    /// <summary>True when <paramref name="value"/> lies within [Lower, Upper].</summary>
    public bool Contains(double value) => value >= Lower && value <= Upper;

    /// <summary>Upper minus lower.</summary>
    public double Width => Upper - Lower;

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Estimate:0.00} [{Lower:0.00}, {Upper:0.00}]");
}
