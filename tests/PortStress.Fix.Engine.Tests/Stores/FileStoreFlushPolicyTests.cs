using Microsoft.Extensions.Time.Testing;
using PortStress.Fix.Engine.Stores;

namespace PortStress.Fix.Engine.Tests.Stores;

public sealed class FileStoreFlushPolicyTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);
    private readonly StoreTestFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Batched_does_not_fsync_within_the_interval_and_does_once_it_has_passed()
    {
        using var store = _folder.Open(StoreFlushPolicy.Batched, _time, Interval);
        var start = store.FsyncCount;
        store.Save(1, StoreTestFolder.FrameFor(1));
        _time.Advance(TimeSpan.FromMilliseconds(4));
        store.Save(2, StoreTestFolder.FrameFor(2));
        _time.Advance(TimeSpan.FromMilliseconds(5));
        store.Save(3, StoreTestFolder.FrameFor(3));
        store.FsyncCount.Should().Be(start);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        store.FsyncCount.Should().Be(start + 1);
    }

    [Fact]
    public void Batched_fsyncs_from_its_timer_when_the_session_goes_quiet()
    {
        using var store = _folder.Open(StoreFlushPolicy.Batched, _time, Interval);
        var start = store.FsyncCount;
        store.Save(1, StoreTestFolder.FrameFor(1));
        _time.Advance(Interval);
        store.FsyncCount.Should().Be(start + 1);

        _time.Advance(Interval * 5); // nothing new to make durable: no further fsync
        store.FsyncCount.Should().Be(start + 1);
    }

    [Fact]
    public void Batched_counts_time_from_the_last_fsync()
    {
        using var store = _folder.Open(StoreFlushPolicy.Batched, _time, TimeSpan.FromSeconds(1));
        var start = store.FsyncCount;
        for (var i = 1; i <= 10; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(150));
            store.Save(i, StoreTestFolder.FrameFor(i));
        }

        // 1.5 s of saves every 150 ms with a 1 s interval: exactly one fsync (the timer's, at 1 s).
        store.FsyncCount.Should().Be(start + 1);
    }

    [Fact]
    public void Every_message_fsyncs_each_save()
    {
        using var store = _folder.Open(StoreFlushPolicy.EveryMessage, _time);
        var start = store.FsyncCount;
        for (var seq = 1; seq <= 5; seq++)
        {
            store.Save(seq, StoreTestFolder.FrameFor(seq));
        }

        store.FsyncCount.Should().Be(start + 5);
    }

    [Fact]
    public void Operating_system_policy_never_fsyncs_even_on_flush()
    {
        using var store = _folder.Open(StoreFlushPolicy.OperatingSystem, _time);
        for (var seq = 1; seq <= 300; seq++)
        {
            store.Save(seq, StoreTestFolder.FrameFor(seq));
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        store.Flush();
        store.FsyncCount.Should().Be(0);
    }

    [Fact]
    public async Task Flush_from_another_thread_while_saving_loses_nothing()
    {
        using (var store = _folder.Open(StoreFlushPolicy.Batched, TimeProvider.System, TimeSpan.FromMilliseconds(1)))
        {
            var flusher = Task.Run(() =>
            {
                for (var i = 0; i < 200; i++)
                {
                    store.Flush();
                }
            });
            for (var seq = 1; seq <= 3000; seq++)
            {
                store.Save(seq, StoreTestFolder.FrameFor(seq));
                store.IncrementNextSenderSeqNum();
            }

            await flusher;
        }

        using var reopened = _folder.Open();
        reopened.NextSenderSeqNum.Should().Be(3001);
        StoreTestFolder.ReadAll(reopened).Select(r => r.SeqNum).Should().Equal(Enumerable.Range(1, 3000));
    }
}
