using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PortStress.Gateway.Routing;

namespace PortStress.Gateway.Tests.Routing;

public sealed class ClOrdIdHistoryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("clordid-history-").FullName;

    private string HistoryPath => Path.Combine(_dir, "orders.journal.clordids");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Every_added_key_is_found_and_no_other_after_many_spills_and_compactions()
    {
        var random = new Random(20260101);
        var added = RandomKeys(random, 100_000, []);
        var never = RandomKeys(random, 100_000, added);
        using var history = new ClOrdIdHistory(HistoryPath, capacity: 1_024, expectedKeys: 100_000);

        foreach (var key in added)
        {
            history.Add(key).Should().BeTrue();
        }

        history.WaitForBackgroundWork();
        history.Spills.Should().BeGreaterThan(90);
        history.Compactions.Should().BePositive();
        history.RunCount.Should().BeLessThanOrEqualTo(ClOrdIdHistory.MaxRuns);
        history.Count.Should().Be(added.Count);
        added.Where(k => !history.Contains(k)).Should().BeEmpty("every added key is found");
        never.Where(history.Contains).Should().BeEmpty("no key that was never added is found");
        added.Take(1_000).Where(history.Add).Should().BeEmpty("adding a held key again says so");
        history.Count.Should().Be(added.Count);
    }

    [Fact]
    public void Lookups_are_exact_while_spills_and_compactions_run()
    {
        var random = new Random(7);
        var added = RandomKeys(random, 50_000, []).ToArray();
        var never = RandomKeys(random, 50_000, [.. added]).ToArray();
        using var history = new ClOrdIdHistory(HistoryPath, capacity: 256, expectedKeys: 10_000);

        for (var i = 0; i < added.Length; i++)
        {
            history.Add(added[i]);
            if (i % 7 == 0)
            {
                var earlier = added[random.Next(i + 1)];
                history.Contains(earlier).Should().BeTrue($"key {i} of {added.Length} was added");
                history.Contains(never[i]).Should().BeFalse();
            }
        }
    }

    [Fact]
    public void Keys_added_from_several_threads_are_all_found_and_each_is_new_exactly_once()
    {
        var keys = RandomKeys(new Random(11), 80_000, []).ToArray();
        using var history = new ClOrdIdHistory(HistoryPath, capacity: 1_024, expectedKeys: 80_000);
        var newCount = 0L;

        // Four threads, each adding three quarters of the keys in its own order: every key is offered by three threads.
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            var mine = keys.Where((_, i) => i % 4 != t).OrderBy(k => (k * (ulong)(t + 3)) ^ (ulong)t).ToArray();
            var added = 0L;
            foreach (var key in mine)
            {
                if (history.Add(key))
                {
                    added++;
                }

                history.Contains(key).Should().BeTrue();
            }

            Interlocked.Add(ref newCount, added);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        history.WaitForBackgroundWork();
        newCount.Should().Be(keys.Length, "each key is new to exactly one Add");
        history.Count.Should().Be(keys.Length);
        keys.Where(k => !history.Contains(k)).Should().BeEmpty();
        history.Spills.Should().BePositive();
    }

    [Fact]
    public void Managed_memory_is_fixed_from_the_first_spill_on()
    {
        const int Capacity = 1_024;
        var random = new Random(3);
        using var history = new ClOrdIdHistory(HistoryPath, Capacity, expectedKeys: 100_000);
        var before = history.ManagedBytes;
        before.Should().Be(2 * 2 * Capacity * sizeof(ulong), "two tables of twice the capacity in slots");

        AddRandom(history, random, Capacity + 1);
        history.WaitForBackgroundWork();
        history.Spills.Should().Be(1);
        var afterFirstSpill = history.ManagedBytes;
        afterFirstSpill.Should().BeGreaterThan(before).And.BeLessThan(before + 256 * 1024, "the sort and merge buffers and the Bloom filter for 100,000 keys");

        AddRandom(history, random, 10 * Capacity);
        history.WaitForBackgroundWork();
        history.Spills.Should().Be(11);
        history.ManagedBytes.Should().Be(afterFirstSpill);

        AddRandom(history, random, 100 * Capacity);
        history.WaitForBackgroundWork();
        history.Compactions.Should().BePositive();
        history.ManagedBytes.Should().Be(afterFirstSpill);
    }

    [Fact]
    public void Zero_and_the_largest_key_are_keys_like_any_other()
    {
        using var history = new ClOrdIdHistory(HistoryPath, capacity: 2, expectedKeys: 1_000);
        history.Contains(0).Should().BeFalse();
        history.Add(0).Should().BeTrue();
        history.Add(0).Should().BeFalse();
        history.Add(ulong.MaxValue).Should().BeTrue();
        AddRandom(history, new Random(5), 50);
        history.WaitForBackgroundWork();

        history.Contains(0).Should().BeTrue();
        history.Contains(ulong.MaxValue).Should().BeTrue();
        history.Count.Should().Be(52);
    }

    [Fact]
    public void The_directory_is_recreated_empty_at_start_and_deleted_on_dispose()
    {
        Directory.CreateDirectory(HistoryPath);
        File.WriteAllText(Path.Combine(HistoryPath, "run-000001.keys"), "left over from a killed process");

        var history = new ClOrdIdHistory(HistoryPath, capacity: 16, expectedKeys: 1_000);
        Directory.GetFiles(HistoryPath).Should().BeEmpty();
        AddRandom(history, new Random(9), 200);
        history.WaitForBackgroundWork();
        Directory.GetFiles(HistoryPath).Should().HaveCount(history.RunCount).And.NotBeEmpty("merged runs' files are deleted");

        history.Dispose();
        Directory.Exists(HistoryPath).Should().BeFalse();
        FluentActions.Invoking(() => history.Contains(1)).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void A_scratch_directory_removed_underneath_is_recreated_by_the_next_spill_and_nothing_is_lost()
    {
        var random = new Random(23);
        var added = RandomKeys(random, 5_000, []).ToArray();
        using var history = new ClOrdIdHistory(HistoryPath, capacity: 128, expectedKeys: 10_000);
        foreach (var key in added[..2_500])
        {
            history.Add(key);
        }

        history.WaitForBackgroundWork();
        Directory.Delete(HistoryPath, recursive: true);
        foreach (var key in added[2_500..])
        {
            history.Add(key);
        }

        history.WaitForBackgroundWork();
        Directory.Exists(HistoryPath).Should().BeTrue();
        added.Where(k => !history.Contains(k)).Should().BeEmpty();
        history.Count.Should().Be(added.Length);
    }

    [Fact]
    public async Task A_disk_that_keeps_failing_makes_the_table_grow_instead_of_blocking_adds_and_nothing_is_lost()
    {
        var logger = new FakeLogger();
        var random = new Random(29);
        var added = RandomKeys(random, 2_000, []).ToArray();
        var never = RandomKeys(random, 2_000, [.. added]);
        using var history = new ClOrdIdHistory(HistoryPath, capacity: 128, expectedKeys: 10_000, logger);

        // A file where the scratch directory should be: every spill fails (and is retried every second) until it goes.
        Directory.Delete(HistoryPath, recursive: true);
        File.WriteAllText(HistoryPath, "not a directory");
        var adding = Task.Run(() =>
        {
            foreach (var key in added)
            {
                history.Add(key);
            }
        });

        (await Task.WhenAny(adding, Task.Delay(TimeSpan.FromSeconds(30)))).Should().BeSameAs(adding, "adds must not wait for a spill that cannot finish");
        await adding;
        history.Spills.Should().Be(0);
        history.Growths.Should().BeGreaterThan(0);
        history.SpillWaits.Should().BeGreaterThan(0);
        // Against a history of the same settings whose one spill succeeded (the same filter and buffers): the active
        // table holds 1,872 keys at most half full, so it grew from 256 slots to at least 4,096.
        using (var control = new ClOrdIdHistory(HistoryPath + "-control", capacity: 128, expectedKeys: 10_000))
        {
            foreach (var key in added[..129])
            {
                control.Add(key);
            }

            control.WaitForBackgroundWork();
            control.Spills.Should().Be(1);
            (history.ManagedBytes - control.ManagedBytes).Should().BeGreaterThanOrEqualTo((4_096L - 256) * sizeof(ulong), "the grown table is counted");
        }

        added.Where(k => !history.Contains(k)).Should().BeEmpty();
        never.Where(history.Contains).Should().BeEmpty();
        var log = logger.Collector.GetSnapshot();
        log.Should().Contain(r => r.Level == LogLevel.Error && r.Message.Contains("spilling a table to a run file", StringComparison.Ordinal));
        log.Should().Contain(r => r.Level == LogLevel.Warning && r.Message.Contains("it grew to", StringComparison.Ordinal));

        // The disk recovers: the pending spill and the grown tables' later spills succeed, and every key is still exact.
        File.Delete(HistoryPath);
        foreach (var key in RandomKeys(random, 1_000, [.. added, .. never]))
        {
            history.Add(key);
        }

        history.WaitForBackgroundWork();
        history.Spills.Should().BeGreaterThan(0);
        added.Where(k => !history.Contains(k)).Should().BeEmpty();
        never.Where(history.Contains).Should().BeEmpty();
    }

    [Fact]
    public void Past_its_expected_count_it_stays_exact_and_warns_once()
    {
        var logger = new FakeLogger();
        var random = new Random(13);
        var added = RandomKeys(random, 20_000, []);
        var never = RandomKeys(random, 20_000, added);
        using var history = new ClOrdIdHistory(HistoryPath, capacity: 512, expectedKeys: 1_000, logger);

        foreach (var key in added)
        {
            history.Add(key);
        }

        history.WaitForBackgroundWork();
        added.Where(k => !history.Contains(k)).Should().BeEmpty();
        never.Where(history.Contains).Should().BeEmpty();
        logger.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Warning).Should().ContainSingle()
            .Which.Message.Should().Contain("past the 1000 a day the Bloom filter is sized for");
    }

    [Fact]
    public void Session_and_ClOrdID_hashes_combine_into_distinct_keys()
    {
        ClOrdIdHistory.Key(1, 42).Should().NotBe(ClOrdIdHistory.Key(2, 42), "the same ClOrdID from two sessions");
        ClOrdIdHistory.Key(1, 42).Should().NotBe(ClOrdIdHistory.Key(1, 43));
        ClOrdIdHistory.Key(1, 42).Should().Be(ClOrdIdHistory.Key(1, 42));
    }

    internal static HashSet<ulong> RandomKeys(Random random, int count, HashSet<ulong> excluded)
    {
        var keys = new HashSet<ulong>(count);
        while (keys.Count < count)
        {
            var key = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
            if (!excluded.Contains(key))
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    private static void AddRandom(ClOrdIdHistory history, Random random, int count)
    {
        for (var added = 0; added < count;)
        {
            if (history.Add((ulong)random.NextInt64()))
            {
                added++;
            }
        }
    }
}
