using Microsoft.Extensions.Time.Testing;
using PortStress.Fix.Engine.Stores;
using PortStress.Testing;

namespace PortStress.Fix.Engine.Tests.Stores;

public class MemoryStoreTests
{
    [Fact]
    public void Memory_store_keeps_at_most_its_maximum_and_drops_the_oldest()
    {
        using var store = new MemoryStore(maxMessages: 100);
        for (var seq = 1; seq <= 1000; seq++)
        {
            store.Save(seq, StoreTestFolder.FrameFor(seq));
            store.IncrementNextSenderSeqNum();
        }

        store.Count.Should().Be(100);
        StoreTestFolder.ReadAll(store).Select(r => r.SeqNum).Should().Equal(Enumerable.Range(901, 100));
        store.NextSenderSeqNum.Should().Be(1001);
    }

    [Fact]
    public void Saving_the_same_number_over_and_over_stays_within_the_maximum()
    {
        using var store = new MemoryStore(maxMessages: 10);
        for (var seq = 1; seq <= 10; seq++)
        {
            store.Save(seq, StoreTestFolder.FrameFor(seq));
        }

        for (var i = 0; i < 1000; i++)
        {
            store.Save(10, StoreTestFolder.FrameFor(10, padding: i % 5));
        }

        store.Count.Should().BeLessThanOrEqualTo(10);
        StoreTestFolder.ReadAll(store).Should().ContainSingle().Which.Frame.Should().Equal(StoreTestFolder.FrameFor(10, padding: 4));
    }

    [Fact]
    public void A_wide_get_over_few_kept_frames_returns_them_in_order()
    {
        using var store = new MemoryStore();
        foreach (var seq in new[] { 1_000_000, 5, 77 })
        {
            store.Save(seq, StoreTestFolder.FrameFor(seq));
        }

        StoreTestFolder.ReadAll(store, 1, int.MaxValue).Select(r => r.SeqNum).Should().Equal(5, 77, 1_000_000);
    }

    [Fact]
    public void At_its_byte_maximum_the_store_drops_the_oldest_frames_and_keeps_the_newest_whole()
    {
        using var store = new MemoryStore(maxBytes: 4096);
        var saved = new Dictionary<int, byte[]>();
        for (var seq = 1; seq <= 2000; seq++)
        {
            var frame = StoreTestFolder.FrameFor(seq, padding: seq % 97);
            saved[seq] = frame;
            store.Save(seq, frame);
        }

        var kept = StoreTestFolder.ReadAll(store);
        kept.Sum(r => r.Frame.Length).Should().BeLessThanOrEqualTo(4096);
        kept.Select(r => r.SeqNum).Should().Equal(Enumerable.Range(2001 - kept.Count, kept.Count), "the newest frames, with no hole");
        kept.Should().AllSatisfy(r => r.Frame.Should().Equal(saved[r.SeqNum]));
        kept.Count.Should().BeGreaterThan(10);
    }

    [Fact]
    public void Frames_survive_the_ring_growing_and_a_frame_larger_than_the_maximum_is_not_kept()
    {
        using var store = new MemoryStore(maxBytes: 1 << 20);
        var frames = Enumerable.Range(1, 3000).Select(seq => StoreTestFolder.FrameFor(seq, padding: seq % 500)).ToArray();
        for (var i = 0; i < frames.Length; i++)
        {
            store.Save(i + 1, frames[i]);
        }

        StoreTestFolder.ReadAll(store).Should().HaveCount(3000).And.AllSatisfy(r => r.Frame.Should().Equal(frames[r.SeqNum - 1]));
        store.Save(3001, new byte[(1 << 20) + 1]);
        StoreTestFolder.ReadAll(store, 3001, 3001).Should().BeEmpty("a resend gap-fills it");
        StoreTestFolder.ReadAll(store, 3000, 3000).Should().ContainSingle();
    }

    [Fact]
    public void Saving_does_not_allocate_once_the_ring_has_grown()
    {
        using var store = new MemoryStore(maxMessages: 1000);
        var frame = StoreTestFolder.FrameFor(1, padding: 200);
        for (var seq = 1; seq <= 5000; seq++)
        {
            store.Save(seq, frame);
        }

        var next = 5001;
        Allocations.LeastPerRound(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                store.Save(next++, frame);
            }
        }).Should().Be(0);
    }

    [Fact]
    public void Creation_time_comes_from_the_time_provider()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 6, 30, 0, TimeSpan.Zero));
        using var store = new MemoryStore(timeProvider: time);
        store.CreationTime.Should().Be(new DateTime(2026, 11, 24, 6, 30, 0, DateTimeKind.Utc));
        store.CreationTime.Kind.Should().Be(DateTimeKind.Utc);
    }

    [Fact]
    public void A_maximum_below_one_is_refused()
    {
        var create = () => new MemoryStore(maxMessages: 0);
        create.Should().Throw<ArgumentOutOfRangeException>();
    }
}
