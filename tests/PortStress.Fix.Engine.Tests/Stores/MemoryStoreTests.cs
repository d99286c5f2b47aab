using Microsoft.Extensions.Time.Testing;
using PortStress.Fix.Engine.Stores;

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
