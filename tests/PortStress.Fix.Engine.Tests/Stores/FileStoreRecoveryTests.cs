using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Engine.Stores.Internal;

namespace PortStress.Fix.Engine.Tests.Stores;

public sealed class FileStoreRecoveryTests : IDisposable
{
    private readonly StoreTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_record_cut_short_at_the_end_is_removed_and_reported_and_earlier_ones_stay()
    {
        SaveMessages(1, 11);
        var length = new FileInfo(_folder.Body).Length;
        using (var body = File.OpenWrite(_folder.Body))
        {
            body.SetLength(length - 20); // seq 11's record loses its last 20 bytes
        }

        using var store = _folder.Open();
        store.Recovery.TornTailBytes.Should().BeGreaterThan(0);
        store.Recovery.TornTailOffset.Should().BeLessThan(length - 20);
        StoreTestFolder.ReadAll(store).Select(r => r.SeqNum).Should().Equal(Enumerable.Range(1, 10));
        StoreTestFolder.ReadAll(store).Should().AllSatisfy(r => r.Frame.Should().Equal(StoreTestFolder.FrameFor(r.SeqNum)));
        store.NextSenderSeqNum.Should().Be(12, "11 was saved (the counter file knows it) even though its record is gone");
        new FileInfo(_folder.Body).Length.Should().Be(store.Recovery.TornTailOffset);
    }

    [Fact]
    public void Garbage_after_the_last_record_is_cut_and_the_next_save_follows_the_good_records()
    {
        SaveMessages(1, 10);
        var garbage = new byte[300];
        new Random(42).NextBytes(garbage);
        using (var body = new FileStream(_folder.Body, FileMode.Append))
        {
            body.Write(garbage);
        }

        using (var store = _folder.Open())
        {
            store.Recovery.TornTailBytes.Should().Be(300);
            store.Recovery.RepairsMade.Should().BeTrue();
            store.NextSenderSeqNum.Should().Be(11);
            store.Save(11, StoreTestFolder.FrameFor(11));
            store.IncrementNextSenderSeqNum();
        }

        using var reopened = _folder.Open();
        reopened.Recovery.RepairsMade.Should().BeFalse();
        StoreTestFolder.ReadAll(reopened).Select(r => r.SeqNum).Should().Equal(Enumerable.Range(1, 11));
    }

    [Fact]
    public void A_torn_write_of_the_newest_counter_slot_falls_back_to_the_previous_one()
    {
        using (var store = _folder.Open())
        {
            for (var seq = 1; seq <= 5; seq++)
            {
                store.Save(seq, StoreTestFolder.FrameFor(seq));
                store.IncrementNextSenderSeqNum();
                store.IncrementNextTargetSeqNum();
            }
        }

        var file = File.ReadAllBytes(_folder.Counters);
        CounterSlot.TryRead(file, out var a).Should().BeTrue();
        CounterSlot.TryRead(file.AsSpan(CounterSlot.SlotStride), out var b).Should().BeTrue();
        var (newest, older) = a.Generation > b.Generation ? (0, b) : (CounterSlot.SlotStride, a);
        file.AsSpan(newest + 20, 30).Fill(0xA5); // half of the slot overwritten, as a torn write would leave it
        File.WriteAllBytes(_folder.Counters, file);

        using var reopened = _folder.Open();
        reopened.Recovery.CountersLost.Should().BeFalse();
        reopened.NextTargetSeqNum.Should().Be(older.NextTarget);
        reopened.NextSenderSeqNum.Should().Be(6, "the messages themselves say 5 was sent");
        StoreTestFolder.ReadAll(reopened).Should().HaveCount(5);
    }

    [Fact]
    public void A_lost_counter_file_is_reported_and_the_sender_number_is_recovered_from_the_messages()
    {
        SaveMessages(1, 8);
        File.WriteAllBytes(_folder.Counters, new byte[CounterSlot.FileSize]);

        using var store = _folder.Open();
        store.Recovery.CountersLost.Should().BeTrue();
        store.NextSenderSeqNum.Should().Be(9);
        store.NextTargetSeqNum.Should().Be(1);
        StoreTestFolder.ReadAll(store).Should().HaveCount(8);
    }

    [Fact]
    public void A_crash_inside_reset_after_the_counter_commit_brings_back_no_old_messages()
    {
        SaveMessages(1, 6);
        var oldBody = File.ReadAllBytes(_folder.Body);
        var oldIndex = File.ReadAllBytes(_folder.Index);
        var resetAt = new DateTime(2026, 11, 25, 6, 0, 0, DateTimeKind.Utc);
        using (var store = _folder.Open())
        {
            store.Reset(resetAt);
        }

        // The counter file already names the new period; the data files are as they were before the truncation.
        File.WriteAllBytes(_folder.Body, oldBody);
        File.WriteAllBytes(_folder.Index, oldIndex);

        using var reopened = _folder.Open();
        reopened.Recovery.StaleFilesDiscarded.Should().BeTrue();
        reopened.NextSenderSeqNum.Should().Be(1);
        reopened.CreationTime.Should().Be(resetAt);
        StoreTestFolder.ReadAll(reopened).Should().BeEmpty();
    }

    [Fact]
    public void Records_of_an_earlier_period_appended_to_a_new_body_do_not_validate()
    {
        SaveMessages(1, 4);
        var oldBody = File.ReadAllBytes(_folder.Body);
        using (var store = _folder.Open())
        {
            store.Reset(new DateTime(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc));
        }

        // Old records (after their header) placed right behind the new header: the epoch-seeded CRC rejects them.
        using (var body = new FileStream(_folder.Body, FileMode.Append))
        {
            body.Write(oldBody.AsSpan(FileHeader.Size));
        }

        using var reopened = _folder.Open();
        reopened.Recovery.TornTailBytes.Should().Be(oldBody.Length - FileHeader.Size);
        reopened.NextSenderSeqNum.Should().Be(1);
        StoreTestFolder.ReadAll(reopened).Should().BeEmpty();
    }

    [Fact]
    public void Index_entries_past_the_checkpoint_are_rebuilt_from_the_body()
    {
        var store = _folder.Open(StoreFlushPolicy.Batched, new Microsoft.Extensions.Time.Testing.FakeTimeProvider());
        for (var seq = 1; seq <= 300; seq++)
        {
            store.Save(seq, StoreTestFolder.FrameFor(seq));
            store.IncrementNextSenderSeqNum();
        }

        // No batch interval has passed, so the checkpoint still stands at the start: wipe the index entries.
        using (var index = new FileStream(_folder.Index, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            index.SetLength(FileHeader.Size);
        }

        using (var copy = new StoreTestFolder())
        {
            foreach (var file in StoreFiles.DataFiles(_folder.Path, StoreTestFolder.Prefix))
            {
                File.Copy(file, Path.Combine(copy.Path, Path.GetFileName(file)));
            }

            using var reopened = copy.Open();
            reopened.Recovery.RecordsScanned.Should().Be(300);
            StoreTestFolder.ReadAll(reopened).Select(r => r.SeqNum).Should().Equal(Enumerable.Range(1, 300));
        }

        store.Dispose();
    }

    [Fact]
    public void A_deleted_index_file_is_rebuilt_from_the_body()
    {
        SaveMessages(1, 700);
        File.Delete(_folder.Index);

        using var store = _folder.Open();
        store.Recovery.RecordsScanned.Should().Be(700);
        StoreTestFolder.ReadAll(store).Select(r => r.SeqNum).Should().Equal(Enumerable.Range(1, 700));
    }

    [Fact]
    public void A_record_damaged_in_the_middle_is_skipped_by_get_and_the_rest_is_still_served()
    {
        SaveMessages(1, 10);
        var bytes = File.ReadAllBytes(_folder.Body);
        var damageAt = FileHeader.Size + (4 * (BodyRecord.HeaderSize + StoreTestFolder.FrameFor(1).Length)) + BodyRecord.HeaderSize + 3;
        bytes[damageAt] ^= 0xFF; // a bit flip inside seq 5's frame, before the checkpoint
        File.WriteAllBytes(_folder.Body, bytes);

        using var store = _folder.Open();
        StoreTestFolder.ReadAll(store).Select(r => r.SeqNum).Should().Equal(1, 2, 3, 4, 6, 7, 8, 9, 10);
    }

    private void SaveMessages(int from, int to)
    {
        using var store = _folder.Open();
        for (var seq = from; seq <= to; seq++)
        {
            store.Save(seq, StoreTestFolder.FrameFor(seq));
            store.IncrementNextSenderSeqNum();
        }
    }
}
