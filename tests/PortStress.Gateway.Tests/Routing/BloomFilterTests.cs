using PortStress.Gateway.Routing;

namespace PortStress.Gateway.Tests.Routing;

public sealed class BloomFilterTests
{
    [Fact]
    public void It_is_sized_by_the_standard_formula()
    {
        var (bits, hashes) = BloomFilter.Size(10_000_000, 0.01);

        bits.Should().BeInRange(95_850_000UL, 95_860_000UL, "-n ln p / (ln 2)^2, rounded up to whole words");
        (bits % 64).Should().Be(0);
        hashes.Should().Be(7);
        new BloomFilter(1_000_000).ManagedBytes.Should().BeInRange(1_190_000, 1_210_000, "about 1.2 bytes per key");
    }

    [Fact]
    public void Its_false_positive_rate_at_the_expected_count_is_near_the_design_rate()
    {
        const int Expected = 100_000;
        var random = new Random(17);
        var added = ClOrdIdHistoryTests.RandomKeys(random, Expected, []);
        var others = ClOrdIdHistoryTests.RandomKeys(random, 1_000_000, added);
        var filter = new BloomFilter(Expected, 0.01);
        foreach (var key in added)
        {
            filter.Add(key);
        }

        added.Should().OnlyContain(k => filter.MightContain(k), "a Bloom filter never says no to a key it holds");
        var rate = others.Count(filter.MightContain) / (double)others.Count;

        // One million trials: the standard deviation at 1% is 0.01%; the bound allows for the rounding of k.
        rate.Should().BeInRange(0.007, 0.013);
        filter.Added.Should().Be(Expected);
    }

    [Fact]
    public void Past_its_expected_count_the_rate_rises_and_it_still_holds_every_key()
    {
        var random = new Random(19);
        var added = ClOrdIdHistoryTests.RandomKeys(random, 30_000, []);
        var others = ClOrdIdHistoryTests.RandomKeys(random, 100_000, added);
        var filter = new BloomFilter(10_000, 0.01);
        foreach (var key in added)
        {
            filter.Add(key);
        }

        added.Should().OnlyContain(k => filter.MightContain(k));
        (others.Count(filter.MightContain) / (double)others.Count).Should().BeGreaterThan(0.05);
    }
}
