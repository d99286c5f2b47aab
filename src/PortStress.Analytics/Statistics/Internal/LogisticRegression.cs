using MathNet.Numerics.LinearAlgebra;

namespace PortStress.Analytics.Statistics.Internal;

/// <summary>
/// Logistic regression by Newton-Raphson (iteratively reweighted least squares) with a small ridge penalty so a
/// perfectly separated indicator cannot drive a coefficient to infinity. X'WX is accumulated over fixed row chunks in
/// parallel and merged in chunk order, so the fit is the same on any thread count.
/// </summary>
internal static class LogisticRegression
{
    private const int ChunkRows = 65_536;

    /// <summary>Fits y on the row-major design; returns coefficients.</summary>
    public static double[] Fit(double[] design, int columns, bool[] y, double ridge = 1e-4, int maxIterations = 25)
    {
        var n = y.Length;
        var beta = new double[columns];
        var chunks = (n + ChunkRows - 1) / ChunkRows;
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            var hessians = new double[chunks][];
            var gradients = new double[chunks][];
            Parallel.For(0, chunks, chunk =>
            {
                var h = new double[columns * columns];
                var g = new double[columns];
                var end = Math.Min(n, (chunk + 1) * ChunkRows);
                for (var i = chunk * ChunkRows; i < end; i++)
                {
                    var row = design.AsSpan(i * columns, columns);
                    var p = Sigmoid(Dot(row, beta));
                    var w = Math.Max(p * (1 - p), 1e-12);
                    var r = (y[i] ? 1 : 0) - p;
                    for (var a = 0; a < columns; a++)
                    {
                        var xa = row[a];
                        if (xa == 0)
                            continue;
                        g[a] += xa * r;
                        var wxa = w * xa;
                        for (var b = 0; b <= a; b++)
                            h[(a * columns) + b] += wxa * row[b];
                    }
                }
                hessians[chunk] = h;
                gradients[chunk] = g;
            });
            var hessian = Matrix<double>.Build.Dense(columns, columns);
            var gradient = Vector<double>.Build.Dense(columns);
            for (var chunk = 0; chunk < chunks; chunk++)
            {
                for (var a = 0; a < columns; a++)
                {
                    gradient[a] += gradients[chunk][a];
                    for (var b = 0; b <= a; b++)
                        hessian[a, b] += hessians[chunk][(a * columns) + b];
                }
            }
            for (var a = 0; a < columns; a++)
            {
                for (var b = 0; b < a; b++)
                    hessian[b, a] = hessian[a, b];
                // Ridge on everything but the intercept, scaled by n so it stays negligible as data grows.
                if (a > 0)
                {
                    hessian[a, a] += ridge * n;
                    gradient[a] -= ridge * n * beta[a];
                }
            }
            var step = hessian.Cholesky().Solve(gradient);
            // Damp a wild first step (near-separated data) so Newton cannot overshoot into a flat region.
            var largest = step.AbsoluteMaximum();
            if (largest > 5)
                step = step * (5 / largest);
            var change = 0.0;
            for (var a = 0; a < columns; a++)
            {
                beta[a] += step[a];
                change = Math.Max(change, Math.Abs(step[a]));
            }
            if (change < 1e-8)
                break;
        }
        return beta;
    }

    /// <summary>The linear predictor (log-odds) per row.</summary>
    public static double[] Logits(double[] design, int columns, double[] beta, int n)
    {
        var logits = new double[n];
        Parallel.For(0, (n + ChunkRows - 1) / ChunkRows, chunk =>
        {
            var end = Math.Min(n, (chunk + 1) * ChunkRows);
            for (var i = chunk * ChunkRows; i < end; i++)
                logits[i] = Dot(design.AsSpan(i * columns, columns), beta);
        });
        return logits;
    }

    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    private static double Dot(ReadOnlySpan<double> row, double[] beta)
    {
        double s = 0;
        for (var a = 0; a < row.Length; a++)
            s += row[a] * beta[a];
        return s;
    }
}
