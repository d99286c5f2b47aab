namespace PortStress.Control.Features;

/// <summary>
/// A slow exponentially weighted moving average of a latency, with a floor, a clamp on each observation and a
/// warm-up count. Relative values are the current value over the baseline. Not thread-safe; allocation-free.
/// </summary>
public sealed class TrailingBaseline
{
    private readonly double _alpha;
    private readonly int _minimumSamples;
    private readonly double _clamp;
    private readonly double _floor;

    /// <summary>Creates a baseline.</summary>
    /// <param name="alpha">Weight of each observation, in (0, 1].</param>
    /// <param name="minimumSamples">Observations before <see cref="Relative"/> reports anything but 0.</param>
    /// <param name="clamp">An observation counts for at most this multiple of the baseline (at least 1).</param>
    /// <param name="floor">The smallest baseline value used in <see cref="Relative"/> (0 or more).</param>
    /// <param name="seed">A known-good starting value (counts as fully learned), or null.</param>
    public TrailingBaseline(double alpha, int minimumSamples, double clamp, double floor, double? seed = null)
    {
        if (!(alpha > 0 && alpha <= 1))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Must be in (0, 1].");
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumSamples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(clamp, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(floor);
        _alpha = alpha;
        _minimumSamples = minimumSamples;
        _clamp = clamp;
        _floor = floor;
        Value = double.NaN;
        if (seed is { } s && s > 0 && double.IsFinite(s))
        {
            Value = s;
            Samples = minimumSamples;
        }
    }

    /// <summary>The per-tick weight for a half-life: <c>1 − 2^(−tick / halfLife)</c>.</summary>
    /// <param name="tick">The interval between observations.</param>
    /// <param name="halfLife">The half-life.</param>
    public static double AlphaFor(TimeSpan tick, TimeSpan halfLife) =>
        halfLife <= TimeSpan.Zero ? 1 : Math.Clamp(1 - Math.Pow(2, -tick.TotalSeconds / halfLife.TotalSeconds), double.Epsilon, 1);

    /// <summary>The baseline (NaN before the first observation).</summary>
    public double Value { get; private set; }

    /// <summary>Observations learned so far.</summary>
    public int Samples { get; private set; }

    /// <summary>True once <see cref="Relative"/> reports values.</summary>
    public bool IsWarm => Samples >= _minimumSamples;

    /// <summary>Learns one observation (ignored when not a positive finite number).</summary>
    /// <param name="value">The observation.</param>
    public void Learn(double value)
    {
        if (!(value > 0) || !double.IsFinite(value))
            return;
        if (double.IsNaN(Value))
        {
            Value = value;
        }
        else
        {
            var bounded = Math.Min(value, Math.Max(Value, _floor) * _clamp);
            Value += _alpha * (bounded - Value);
        }
        if (Samples < int.MaxValue)
            Samples++;
    }

    /// <summary><paramref name="value"/> over the baseline (at least the floor); 0 when either is unknown.</summary>
    /// <param name="value">The current value.</param>
    public double Relative(double value)
    {
        if (!IsWarm || !(value >= 0) || !double.IsFinite(value))
            return 0;
        var denominator = Math.Max(Value, _floor);
        return denominator > 0 ? value / denominator : 0;
    }
}
