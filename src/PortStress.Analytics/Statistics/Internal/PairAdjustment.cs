using MathNet.Numerics.LinearAlgebra;

namespace PortStress.Analytics.Statistics.Internal;

/// <summary>
/// Bias correction for matched pairs (Abadie and Imbens, 2011): a caliper leaves small covariate differences within
/// pairs, and with large samples even small ones show as bias. Regress the outcome on the covariates among the matched
/// controls, then move each control's outcome to its treated partner's covariates:
///   y_c + (x_t − x_c)'β̂.
/// The regression is fitted once; the bootstrap holds it fixed (its sampling error is small next to the outcomes').
/// </summary>
internal static class PairAdjustment
{
    /// <summary>Adjusted control outcomes for <paramref name="pairs"/> (only pairs with finite outcomes are passed in).</summary>
    public static double[] Adjust(double[] design, int columns, IReadOnlyList<(int Treated, int Control)> pairs, double[] controlOutcome)
    {
        var n = pairs.Count;
        var adjusted = (double[])controlOutcome.Clone();
        if (n <= columns * 5)
            return adjusted; // too few pairs to fit the adjustment; leave the pairs as matched

        var xtx = Matrix<double>.Build.Dense(columns, columns);
        var xty = Vector<double>.Build.Dense(columns);
        for (var k = 0; k < n; k++)
        {
            var row = pairs[k].Control * columns;
            for (var a = 0; a < columns; a++)
            {
                var xa = design[row + a];
                if (xa == 0)
                    continue;
                xty[a] += xa * controlOutcome[k];
                for (var b = 0; b <= a; b++)
                    xtx[a, b] += xa * design[row + b];
            }
        }
        for (var a = 0; a < columns; a++)
        {
            for (var b = 0; b < a; b++)
                xtx[b, a] = xtx[a, b];
            // A symbol with no matched control would make X'X singular: a tiny ridge keeps its coefficient at zero.
            xtx[a, a] += 1e-6 * n;
        }
        var beta = xtx.Cholesky().Solve(xty);
        for (var k = 0; k < n; k++)
        {
            var t = pairs[k].Treated * columns;
            var c = pairs[k].Control * columns;
            var shift = 0.0;
            for (var a = 1; a < columns; a++) // the intercept cancels
                shift += (design[t + a] - design[c + a]) * beta[a];
            adjusted[k] += shift;
        }
        return adjusted;
    }
}
