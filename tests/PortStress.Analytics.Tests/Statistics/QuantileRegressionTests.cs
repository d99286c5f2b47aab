using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortStress.Analytics.Statistics.Internal;

namespace PortStress.Analytics.Tests.Statistics;

public sealed class QuantileRegressionTests
{
    /// <summary>
    /// Hand-solved: with a saturated 2 × 2 design (urgency 0/1 × stressed 0/1) the τ-regression reproduces each
    /// cell's τ-quantile, and the minimizer of Σ ρτ(y − θ) over a cell of n values is its ⌈nτ⌉-th order statistic
    /// when nτ is not an integer. Cells of 10, 30, 30 and 50 values at τ = 0.95 give order statistics 10, 29, 29, 48.
    /// </summary>
    [Fact]
    public void Saturated_design_reproduces_each_cells_order_statistic()
    {
        var rows = new List<(double U, double S, double Y)>();
        void Cell(double u, double s, int n, double offset)
        {
            for (var k = 1; k <= n; k++)
                rows.Add((u, s, offset + k));
        }
        Cell(0, 0, 10, 0);    // q = 10
        Cell(1, 0, 30, 100);  // q = 129
        Cell(0, 1, 30, 200);  // q = 229
        Cell(1, 1, 50, 300);  // q = 348
        var design = rows.SelectMany(r => new[] { 1, r.U, r.S, r.U * r.S }).ToArray();
        var y = rows.Select(r => r.Y).ToArray();

        var beta = QuantileRegression.Fit(design, 4, y, 0.95, null, 1e-10, out var iterations);

        iterations.Should().BeLessThan(60, "the interior point converges, it does not run out of iterations");
        beta[0].Should().BeApproximately(10, 1e-6);
        beta[1].Should().BeApproximately(129 - 10, 1e-6);
        beta[2].Should().BeApproximately(229 - 10, 1e-6);
        beta[3].Should().BeApproximately(348 - 129 - 229 + 10, 1e-6);
    }

    /// <summary>Hand-solved: median regression through four collinear points and one wild outlier is the line.</summary>
    [Fact]
    public void Median_regression_ignores_an_outlier_off_four_collinear_points()
    {
        double[] x = [0, 1, 2, 3, 4];
        double[] y = [1, 3, 5, 7, 100];
        var design = x.SelectMany(v => new[] { 1, v }).ToArray();

        var beta = QuantileRegression.Fit(design, 2, y, 0.5);

        beta[0].Should().BeApproximately(1, 1e-6);
        beta[1].Should().BeApproximately(2, 1e-6);
        QuantileRegression.Objective(design, 2, y, 0.5, beta).Should().BeApproximately(0.5 * 91, 1e-6);
    }

    /// <summary>
    /// Against the defining property of the exact solution: some optimum interpolates p observations, so the best of
    /// all exact fits through pairs of points is the minimum the solver must reach.
    /// </summary>
    [Property(MaxTest = 150)]
    public void Reaches_the_minimum_over_all_exact_fits_through_pairs_of_points(int seed, PositiveInt size, bool upper)
    {
        var random = new Random(seed);
        var n = 3 + (size.Get % 12);
        var tau = upper ? 0.95 : 0.05 + (0.9 * random.NextDouble());
        var x = Enumerable.Range(0, n).Select(_ => Math.Round(random.NextDouble() * 10, 2)).ToArray();
        var y = x.Select(v => (2 * v) + Math.Round(random.NextDouble() * 20, 2)).ToArray();
        var design = x.SelectMany(v => new[] { 1, v }).ToArray();

        var best = double.PositiveInfinity;
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (x[i] == x[j])
                    continue;
                var slope = (y[j] - y[i]) / (x[j] - x[i]);
                best = Math.Min(best, QuantileRegression.Objective(design, 2, y, tau, [y[i] - (slope * x[i]), slope]));
            }
        }
        if (double.IsPositiveInfinity(best))
            return; // every x equal: slope not identified

        var fitted = QuantileRegression.Objective(design, 2, y, tau, QuantileRegression.Fit(design, 2, y, tau));
        fitted.Should().BeApproximately(best, 1e-6 * (1 + best));
    }

    [Property(MaxTest = 100)]
    public void Intercept_only_fit_is_the_sample_quantile(int seed, PositiveInt size)
    {
        var random = new Random(seed);
        var n = 1 + (size.Get % 200);
        var y = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 100).ToArray();
        const double Tau = 0.95;
        if (Math.Abs((n * Tau) - Math.Round(n * Tau)) < 1e-9)
            return; // nτ an integer: any point between two order statistics minimizes

        var beta = QuantileRegression.Fit(Enumerable.Repeat(1.0, n).ToArray(), 1, y, Tau);

        var sorted = y.Order().ToArray();
        beta[0].Should().BeApproximately(sorted[(int)Math.Ceiling(n * Tau) - 1], 1e-6);
    }

    [Fact]
    public void Integer_weights_equal_duplicated_rows()
    {
        var random = new Random(3);
        var x = Enumerable.Range(0, 60).Select(_ => random.NextDouble() * 5).ToArray();
        var y = x.Select(v => 1 + v + (3 * random.NextDouble())).ToArray();
        var w = x.Select(_ => (double)random.Next(1, 4)).ToArray();
        var design = x.SelectMany(v => new[] { 1, v }).ToArray();
        var expandedX = x.SelectMany((v, i) => Enumerable.Repeat(v, (int)w[i])).ToArray();
        var expandedY = y.SelectMany((v, i) => Enumerable.Repeat(v, (int)w[i])).ToArray();
        var expandedDesign = expandedX.SelectMany(v => new[] { 1, v }).ToArray();

        var weighted = QuantileRegression.Fit(design, 2, y, 0.9, w);
        var expanded = QuantileRegression.Fit(expandedDesign, 2, expandedY, 0.9);

        QuantileRegression.Objective(expandedDesign, 2, expandedY, 0.9, weighted)
            .Should().BeApproximately(QuantileRegression.Objective(expandedDesign, 2, expandedY, 0.9, expanded), 1e-6);
    }

    /// <summary>The cell form (a table of distinct rows plus an index per observation) solves the same problem.</summary>
    [Property(MaxTest = 50)]
    public void Cell_form_reaches_the_same_minimum_as_the_dense_design(int seed, PositiveInt size)
    {
        var random = new Random(seed);
        var n = 20 + (size.Get % 300);
        double[] table = [1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 2, 0, 0, 1, 2, 1, 2];
        var cellOf = Enumerable.Range(0, n).Select(i => i < 6 ? i : random.Next(6)).ToArray();
        var y = cellOf.Select(c => c + (10 * random.NextDouble())).ToArray();
        var weights = cellOf.Select(_ => (double)random.Next(1, 3)).ToArray();
        var design = cellOf.SelectMany(c => table.Skip(c * 4).Take(4)).ToArray();

        var cells = QuantileRegression.FitCells(table, 4, cellOf, y, 0.95, weights, 1e-10, out _);
        var dense = QuantileRegression.Fit(design, 4, y, 0.95, weights);

        double Weighted(double[] beta) => Enumerable.Range(0, n).Sum(i =>
        {
            var u = y[i] - Enumerable.Range(0, 4).Sum(j => design[(i * 4) + j] * beta[j]);
            return weights[i] * u * (u < 0 ? -0.05 : 0.95);
        });
        Weighted(cells).Should().BeApproximately(Weighted(dense), 1e-6 * (1 + Weighted(dense)));
    }
}
