using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortStress.Analytics.Statistics.Internal;

namespace PortStress.Analytics.Tests.Statistics;

public sealed class NearestNeighbourMatcherTests
{
    [Fact]
    public void Without_replacement_the_highest_logit_picks_first_and_the_caliper_leaves_a_far_one_unmatched()
    {
        // Treated 0 (logit 1.0), 1 (0.9), 2 (5.0); controls 3 (0.95), 4 (0.5), 5 (-3).
        double[] logit = [1.0, 0.9, 5.0, 0.95, 0.5, -3];
        var pairs = new List<(int Treated, int Control)>();

        var unmatched = NearestNeighbourMatcher.Match([0, 1, 2], [3, 4, 5], logit, caliper: 0.5, withReplacement: false, pairs);

        unmatched.Should().Be(1, "treated 2 has no control within 0.5");
        pairs.Should().Equal((0, 3), (1, 4));
    }

    [Fact]
    public void With_replacement_every_treated_takes_its_nearest_control()
    {
        double[] logit = [1.0, 0.9, 0.95, 0.5];
        var pairs = new List<(int Treated, int Control)>();

        NearestNeighbourMatcher.Match([0, 1], [2, 3], logit, caliper: 1, withReplacement: true, pairs).Should().Be(0);

        pairs.Should().Equal((0, 2), (1, 2));
    }

    /// <summary>
    /// The skip-forest matcher gives the same pairs as a plain quadratic greedy search (same order, same tie rule).
    /// </summary>
    [Property(MaxTest = 200)]
    public void Fast_greedy_matching_equals_a_quadratic_reference(int seed, PositiveInt treatedCount, PositiveInt controlCount, bool replace)
    {
        var random = new Random(seed);
        var nt = Math.Min(treatedCount.Get, 40);
        var nc = Math.Min(controlCount.Get, 40);
        var logit = Enumerable.Range(0, nt + nc).Select(_ => Math.Round(random.NextDouble() * 4, 2)).ToArray();
        var treated = Enumerable.Range(0, nt).ToArray();
        var controls = Enumerable.Range(nt, nc).ToArray();
        var caliper = 0.05 + random.NextDouble();

        var pairs = new List<(int Treated, int Control)>();
        var unmatched = NearestNeighbourMatcher.Match(treated, controls, logit, caliper, replace, pairs);

        var expected = Reference(treated, controls, logit, caliper, replace);
        unmatched.Should().Be(nt - expected.Count);
        // Controls with equal logits are interchangeable: compare distances, not ids.
        pairs.Select(p => (p.Treated, Math.Abs(logit[p.Treated] - logit[p.Control])))
            .Should().BeEquivalentTo(expected.Select(p => (p.Treated, Math.Abs(logit[p.Treated] - logit[p.Control]))),
                o => o.Using<double>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-12)).WhenTypeIs<double>());
    }

    private static List<(int Treated, int Control)> Reference(int[] treated, int[] controls, double[] logit, double caliper, bool replace)
    {
        // Same order as the matcher: descending logit, stable on index (Array.Sort is unstable, so ties in treated logit
        // are broken the same way by sorting keys with the same algorithm).
        var picks = (int[])treated.Clone();
        var keys = picks.Select(t => -logit[t]).ToArray();
        Array.Sort(keys, picks);
        var free = controls.ToList();
        var pairs = new List<(int, int)>();
        foreach (var t in picks)
        {
            var best = -1;
            foreach (var c in free)
            {
                var d = Math.Abs(logit[c] - logit[t]);
                var bestD = best < 0 ? double.PositiveInfinity : Math.Abs(logit[best] - logit[t]);
                // Equal distances on both sides: the lower logit wins, as in the matcher.
                if (d < bestD || (d == bestD && logit[c] < logit[best]))
                    best = c;
            }
            if (best < 0 || Math.Abs(logit[best] - logit[t]) > caliper)
                continue;
            pairs.Add((t, best));
            if (!replace)
                free.Remove(best);
        }
        return pairs;
    }
}
