using Microsoft.Extensions.Time.Testing;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Engine.Stores.Internal;

namespace PortStress.Fix.Engine.Tests.Stores;

public sealed class FileStoreTests : IDisposable
{
    private readonly StoreTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_new_store_says_it_was_created_and_takes_its_creation_time_from_the_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero));
        using var store = _folder.Open(time: time);
        store.Recovery.CreatedNew.Should().BeTrue();
        store.Recovery.RepairsMade.Should().BeFalse();
        store.CreationTime.Should().Be(new DateTime(2026, 11, 24, 6, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void Messages_numbers_and_creation_time_survive_a_reopen()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero));
        using (var store = _folder.Open(StoreFlushPolicy.Batched, time))
        {
            for (var seq = 1; seq <= 600; seq++)
            {
                store.Save(seq, StoreTestFolder.FrameFor(seq));
                store.IncrementNextSenderSeqNum();
                store.IncrementNextTargetSeqNum();
            }
        }

        time.Advance(TimeSpan.FromHours(3));
        using var reopened = _folder.Open(StoreFlushPolicy.Batched, time);
        reopened.Recovery.CreatedNew.Should().BeFalse();
        reopened.Recovery.RepairsMade.Should().BeFalse();
        reopened.NextSenderSeqNum.Should().Be(601);
        reopened.NextTargetSeqNum.Should().Be(601);
        reopened.CreationTime.Should().Be(new DateTime(2026, 11, 24, 6, 0, 0, DateTimeKind.Utc));
        var read = StoreTestFolder.ReadAll(reopened);
        read.Select(r => r.SeqNum).Should().Equal(Enumerable.Range(1, 600));
        read.Should().AllSatisfy(r => r.Frame.Should().Equal(StoreTestFolder.FrameFor(r.SeqNum)));
    }

    [Fact]
    public void A_reopen_without_a_clean_close_still_finds_every_saved_message()
    {
        // Not disposing simulates a killed process: every Save already reached the operating system.
        var store = _folder.Open(StoreFlushPolicy.OperatingSystem);
        for (var seq = 1; seq <= 300; seq++)
        {
            store.Save(seq, StoreTestFolder.FrameFor(seq));
            store.IncrementNextSenderSeqNum();
        }

        using (var copy = CopyOfFolder())
        {
            using var reopened = copy.Open();
            reopened.NextSenderSeqNum.Should().Be(301);
            StoreTestFolder.ReadAll(reopened).Select(r => r.SeqNum).Should().Equal(Enumerable.Range(1, 300));
            reopened.Recovery.RecordsScanned.Should().BeGreaterThan(0, "entries written after the last checkpoint are rebuilt from the body");
        }

        store.Dispose();
    }

    [Fact]
    public void A_sender_number_set_ahead_and_a_target_number_survive_a_reopen()
    {
        using (var store = _folder.Open())
        {
            store.SetNextSenderSeqNum(1000);
            store.SetNextTargetSeqNum(77);
            store.IncrementNextSenderSeqNum();
        }

        using var reopened = _folder.Open();
        reopened.NextSenderSeqNum.Should().Be(1001);
        reopened.NextTargetSeqNum.Should().Be(77);
    }

    [Fact]
    public void A_crash_between_save_and_increment_does_not_reuse_the_saved_number()
    {
        var store = _folder.Open();
        store.Save(1, StoreTestFolder.FrameFor(1));
        store.IncrementNextSenderSeqNum();
        store.Save(2, StoreTestFolder.FrameFor(2));

        using (var copy = CopyOfFolder())
        {
            using var reopened = copy.Open();
            reopened.NextSenderSeqNum.Should().Be(3);
        }

        store.Dispose();
    }

    [Fact]
    public void Reset_survives_a_reopen_and_the_old_period_stays_gone()
    {
        using (var store = _folder.Open(StoreFlushPolicy.EveryMessage))
        {
            for (var seq = 1; seq <= 20; seq++)
            {
                store.Save(seq, StoreTestFolder.FrameFor(seq));
                store.IncrementNextSenderSeqNum();
            }

            store.Reset(new DateTime(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc));
            store.Save(1, StoreTestFolder.FrameFor(1, padding: 9));
            store.IncrementNextSenderSeqNum();
        }

        using var reopened = _folder.Open();
        reopened.NextSenderSeqNum.Should().Be(2);
        reopened.CreationTime.Should().Be(new DateTime(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc));
        StoreTestFolder.ReadAll(reopened).Should().ContainSingle().Which.Frame.Should().Equal(StoreTestFolder.FrameFor(1, padding: 9));
    }

    [Fact]
    public void Lowering_the_sender_number_holds_while_open_but_a_reopen_moves_it_past_the_highest_saved()
    {
        using (var store = _folder.Open())
        {
            for (var seq = 1; seq <= 10; seq++)
            {
                store.Save(seq, StoreTestFolder.FrameFor(seq));
                store.IncrementNextSenderSeqNum();
            }

            store.SetNextSenderSeqNum(4);
            store.NextSenderSeqNum.Should().Be(4);
        }

        using var reopened = _folder.Open();
        reopened.NextSenderSeqNum.Should().Be(11);
    }

    [Fact]
    public void A_second_store_on_the_same_files_is_refused_while_the_first_is_open()
    {
        using var store = _folder.Open();
        var second = () => _folder.Open();
        second.Should().Throw<IOException>();
    }

    [Fact]
    public void The_files_can_be_opened_again_after_dispose()
    {
        _folder.Open().Dispose();
        using var again = _folder.Open();
        again.Recovery.CreatedNew.Should().BeFalse();
    }

    [Fact]
    public void Calls_after_dispose_throw()
    {
        var store = _folder.Open();
        store.Dispose();
        store.Invoking(s => s.Save(1, StoreTestFolder.FrameFor(1))).Should().Throw<ObjectDisposedException>();
        store.Invoking(s => s.Dispose()).Should().NotThrow();
    }

    [Fact]
    public void Empty_and_oversized_frames_are_refused()
    {
        using var store = _folder.Open();
        store.Invoking(s => s.Save(1, ReadOnlySpan<byte>.Empty)).Should().Throw<ArgumentException>();
        store.Invoking(s => s.Save(1, new byte[FileStore.MaxFrameLength + 1])).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_prefix_that_is_not_a_file_name_is_refused()
    {
        var create = () => new FileStore(_folder.Path, "../escape");
        create.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Memory_does_not_hold_the_messages()
    {
        using var store = _folder.Open(StoreFlushPolicy.OperatingSystem);
        var frame = StoreTestFolder.FrameFor(1, padding: 150);
        for (var seq = 1; seq <= 2_000; seq++)
        {
            store.Save(seq, frame);
        }

        // Steady-state saves allocate nothing: there is no per-message map or buffer list to grow.
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var seq = 2_001; seq <= 20_000; seq++)
        {
            store.Save(seq, frame);
            store.IncrementNextSenderSeqNum();
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1024);
        StoreTestFolder.ReadAll(store, 19_999, 20_000).Should().HaveCount(2);
    }

    [Theory]
    [InlineData("FIX.4.4", "GW", "VENUE", "", "FIX.4.4-GW-VENUE")]
    [InlineData("FIXT.1.1", "A/B", "C:D", "q1", "FIXT.1.1-A_2FB-C_3AD-q1")]
    [InlineData("FIX.4.2", "a-b", "c", "", "FIX.4.2-a_2Db-c")]
    [InlineData("FIX.4.2", "a", "b-c", "", "FIX.4.2-a-b_2Dc")]
    public void File_names_for_sessions_are_safe_and_distinct(string begin, string sender, string target, string qualifier, string expected)
    {
        var name = FileStore.FileNameFor(new SessionId(begin, sender, target, qualifier));
        name.Should().Be(expected);
        name.IndexOfAny(Path.GetInvalidFileNameChars()).Should().Be(-1);
    }

    [Fact]
    public void A_very_long_session_name_is_shortened_but_stays_distinct()
    {
        var a = FileStore.FileNameFor(new SessionId("FIX.4.4", new string('S', 300), "T1"));
        var b = FileStore.FileNameFor(new SessionId("FIX.4.4", new string('S', 300), "T2"));
        a.Length.Should().BeLessThanOrEqualTo(120);
        a.Should().NotBe(b);
    }

    [Fact]
    public void The_checksum_matches_the_published_crc32c_check_value()
    {
        Crc32C.Append(0, "123456789"u8).Should().Be(0xE3069283u);
        Crc32C.Append(Crc32C.Append(0, "1234"u8), "56789"u8).Should().Be(0xE3069283u);
    }

    private StoreTestFolder CopyOfFolder()
    {
        var copy = new StoreTestFolder();
        foreach (var file in StoreFiles.DataFiles(_folder.Path, StoreTestFolder.Prefix))
        {
            File.Copy(file, Path.Combine(copy.Path, Path.GetFileName(file)));
        }

        return copy;
    }
}
