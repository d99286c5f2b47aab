using PortStress.Fix.Engine.Stores;

namespace PortStress.Fix.Engine.Tests.Stores;

/// <summary>What every <see cref="IMessageStore"/> must do, run against each implementation.</summary>
public abstract class MessageStoreContractTests : IDisposable
{
    private protected StoreTestFolder Folder { get; } = new();

    private protected abstract IMessageStore CreateStore();

    public void Dispose()
    {
        Folder.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void A_new_store_starts_both_numbers_at_one()
    {
        using var store = CreateStore();
        store.NextSenderSeqNum.Should().Be(1);
        store.NextTargetSeqNum.Should().Be(1);
        StoreTestFolder.ReadAll(store).Should().BeEmpty();
    }

    [Fact]
    public void Saved_frames_read_back_in_order_with_their_numbers()
    {
        using var store = CreateStore();
        for (var seq = 1; seq <= 50; seq++)
        {
            store.Save(seq, StoreTestFolder.FrameFor(seq, padding: seq));
            store.IncrementNextSenderSeqNum();
        }

        var read = StoreTestFolder.ReadAll(store, 10, 20);
        read.Select(r => r.SeqNum).Should().Equal(Enumerable.Range(10, 11));
        read.Should().AllSatisfy(r => r.Frame.Should().Equal(StoreTestFolder.FrameFor(r.SeqNum, padding: r.SeqNum)));
        store.NextSenderSeqNum.Should().Be(51);
    }

    [Fact]
    public void Get_skips_numbers_that_were_never_saved()
    {
        using var store = CreateStore();
        foreach (var seq in new[] { 1, 2, 5, 9 })
        {
            store.Save(seq, StoreTestFolder.FrameFor(seq));
        }

        StoreTestFolder.ReadAll(store, 1, 10).Select(r => r.SeqNum).Should().Equal(1, 2, 5, 9);
        StoreTestFolder.ReadAll(store, 3, 4).Should().BeEmpty();
        StoreTestFolder.ReadAll(store, 9, 9).Select(r => r.SeqNum).Should().Equal(9);
    }

    [Fact]
    public void Get_with_a_reversed_or_out_of_range_span_returns_nothing()
    {
        using var store = CreateStore();
        store.Save(1, StoreTestFolder.FrameFor(1));
        StoreTestFolder.ReadAll(store, 5, 2).Should().BeEmpty();
        StoreTestFolder.ReadAll(store, 2, 1000).Should().BeEmpty();
        StoreTestFolder.ReadAll(store, -5, 0).Should().BeEmpty();
    }

    [Fact]
    public void Saving_a_number_again_replaces_its_frame()
    {
        using var store = CreateStore();
        store.Save(3, StoreTestFolder.FrameFor(3));
        store.Save(3, StoreTestFolder.FrameFor(3, padding: 7));
        StoreTestFolder.ReadAll(store).Should().ContainSingle().Which.Frame.Should().Equal(StoreTestFolder.FrameFor(3, padding: 7));
    }

    [Fact]
    public void Counters_follow_sets_and_increments()
    {
        using var store = CreateStore();
        store.SetNextSenderSeqNum(40);
        store.IncrementNextSenderSeqNum();
        store.SetNextTargetSeqNum(7);
        store.IncrementNextTargetSeqNum();
        store.IncrementNextTargetSeqNum();
        store.NextSenderSeqNum.Should().Be(41);
        store.NextTargetSeqNum.Should().Be(9);
    }

    [Fact]
    public void Setting_a_number_below_one_is_refused()
    {
        using var store = CreateStore();
        store.Invoking(s => s.SetNextSenderSeqNum(0)).Should().Throw<ArgumentOutOfRangeException>();
        store.Invoking(s => s.SetNextTargetSeqNum(-1)).Should().Throw<ArgumentOutOfRangeException>();
        store.Invoking(s => s.Save(0, StoreTestFolder.FrameFor(0))).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Reset_starts_a_new_period_with_no_messages()
    {
        using var store = CreateStore();
        for (var seq = 1; seq <= 5; seq++)
        {
            store.Save(seq, StoreTestFolder.FrameFor(seq));
            store.IncrementNextSenderSeqNum();
            store.IncrementNextTargetSeqNum();
        }

        var creation = new DateTime(2026, 11, 25, 7, 0, 0, DateTimeKind.Utc);
        store.Reset(creation);

        store.NextSenderSeqNum.Should().Be(1);
        store.NextTargetSeqNum.Should().Be(1);
        store.CreationTime.Should().Be(creation);
        StoreTestFolder.ReadAll(store).Should().BeEmpty();

        store.Save(1, StoreTestFolder.FrameFor(1, padding: 3));
        StoreTestFolder.ReadAll(store).Should().ContainSingle().Which.Frame.Should().Equal(StoreTestFolder.FrameFor(1, padding: 3));
    }

    [Fact]
    public void The_frame_given_to_the_handler_is_the_saved_bytes_even_when_large()
    {
        using var store = CreateStore();
        var big = new byte[200_000];
        new Random(7).NextBytes(big);
        store.Save(1, big);
        store.Save(2, StoreTestFolder.FrameFor(2));
        var read = StoreTestFolder.ReadAll(store);
        read.Select(r => r.SeqNum).Should().Equal(1, 2);
        read[0].Frame.Should().Equal(big);
    }
}

public sealed class MemoryStoreContractTests : MessageStoreContractTests
{
    private protected override IMessageStore CreateStore() => new MemoryStore();
}

public sealed class FileStoreContractTests : MessageStoreContractTests
{
    private protected override IMessageStore CreateStore() => Folder.Open(StoreFlushPolicy.Batched);
}
