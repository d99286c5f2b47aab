namespace PortStress.Telemetry.Signals;

/// <summary>
/// Logarithmic bucket boundaries with a guaranteed relative error (DDSketch-style): bucket k holds values in
/// (γ^(k-1), γ^k] and reports 2γ^k/(γ+1), which is within α = (γ-1)/(γ+1) of every value in the bucket.
/// Values at or below <see cref="MinValue"/> share the first bucket; values above <see cref="MaxValue"/> the last.
/// </summary>
public sealed class LogBuckets
{
    private readonly double _gamma;
    private readonly double _logGamma;
    private readonly int _offset;

    /// <summary>Creates the bucket layout.</summary>
    /// <param name="relativeAccuracy">α, e.g. 0.01 for at most 1% relative error.</param>
    /// <param name="minValue">The smallest value tracked with relative accuracy (greater than 0).</param>
    /// <param name="maxValue">The largest value tracked with relative accuracy.</param>
    public LogBuckets(double relativeAccuracy, double minValue, double maxValue)
    {
        if (relativeAccuracy is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(relativeAccuracy), relativeAccuracy, "Must be in (0, 1).");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minValue);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxValue, minValue);
        RelativeAccuracy = relativeAccuracy;
        MinValue = minValue;
        MaxValue = maxValue;
        _gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
        _logGamma = Math.Log(_gamma);
        _offset = (int)Math.Ceiling(Math.Log(minValue) / _logGamma);
        Count = (int)Math.Ceiling(Math.Log(maxValue) / _logGamma) - _offset + 1;
    }

    /// <summary>α: the largest relative error of a reported value.</summary>
    public double RelativeAccuracy { get; }

    /// <summary>The smallest value tracked with relative accuracy.</summary>
    public double MinValue { get; }

    /// <summary>The largest value tracked with relative accuracy.</summary>
    public double MaxValue { get; }

    /// <summary>The number of buckets.</summary>
    public int Count { get; }

    /// <summary>The bucket a value falls in.</summary>
    /// <param name="value">The value.</param>
    public int IndexOf(double value)
    {
        if (!(value > MinValue))
            return 0;
        var index = (int)Math.Ceiling(Math.Log(value) / _logGamma) - _offset;
        return index >= Count ? Count - 1 : index;
    }

    /// <summary>The value a bucket reports.</summary>
    /// <param name="index">The bucket.</param>
    public double ValueOf(int index) => 2 * Math.Pow(_gamma, index + _offset) / (_gamma + 1);
}
