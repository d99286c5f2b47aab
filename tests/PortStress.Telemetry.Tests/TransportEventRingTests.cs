using PortStress.Telemetry;

namespace PortStress.Telemetry.Tests;

public class TransportEventRingTests
{
    private struct Collector : ITransportEventHandler
    {
        public List<TransportEvent> Events;

        public readonly void OnEvent(in TransportEvent transportEvent) => Events.Add(transportEvent);
    }

    private static TransportEvent Numbered(long n, int producer = 0) =>
        new(TransportEventKind.OrderSent, new DestinationId(producer), n, correlationId: n);

    [Fact]
    public void Capacity_must_be_a_power_of_two()
    {
        var create = () => new TransportEventRing(100);
        create.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Events_are_drained_in_publish_order_without_loss_under_capacity()
    {
        using var ring = new TransportEventRing(1024);
        for (var i = 0; i < 1000; i++)
            ring.TryPublish(Numbered(i)).Should().BeTrue();

        var collector = new Collector { Events = [] };
        ring.Drain(ref collector).Should().Be(1000);

        collector.Events.Select(e => e.CorrelationId).Should().Equal(Enumerable.Range(0, 1000).Select(i => (long)i));
        ring.DroppedCount.Should().Be(0);
    }

    [Fact]
    public void Ring_drops_are_counted_when_full_and_space_returns_after_a_drain()
    {
        using var ring = new TransportEventRing(8);
        var accepted = Enumerable.Range(0, 20).Count(i => ring.TryPublish(Numbered(i)));

        accepted.Should().Be(8);
        ring.DroppedCount.Should().Be(12);

        var collector = new Collector { Events = [] };
        ring.Drain(ref collector, maxBatch: 3).Should().Be(3);
        ring.TryPublish(Numbered(100)).Should().BeTrue();
        ring.Drain(ref collector).Should().Be(6);
        collector.Events.Select(e => e.CorrelationId).Should().Equal(0, 1, 2, 3, 4, 5, 6, 7, 100);
    }

    [Fact]
    public void Claimed_slots_are_invisible_until_published()
    {
        using var ring = new TransportEventRing(4);
        ring.TryClaim(out var first).Should().BeTrue();
        ring.TryClaim(out var second).Should().BeTrue();
        ring[second] = Numbered(2);
        ring.Publish(second);

        var collector = new Collector { Events = [] };
        ring.Drain(ref collector).Should().Be(0, "the earlier claim is not published yet");

        ring[first] = Numbered(1);
        ring.Publish(first);
        ring.Drain(ref collector).Should().Be(2);
        collector.Events.Select(e => e.CorrelationId).Should().Equal(1, 2);
    }

    [Fact]
    public void Wait_returns_once_an_event_is_published_from_another_thread()
    {
        using var ring = new TransportEventRing(16, spinLimit: 1);
        var producer = new Thread(() =>
        {
            Thread.Sleep(20);
            ring.TryPublish(Numbered(7));
        });
        producer.Start();

        var ready = false;
        for (var i = 0; i < 500 && !ready; i++)
            ready = ring.WaitForEvents(TimeSpan.FromMilliseconds(50));
        producer.Join();

        ready.Should().BeTrue();
    }

    [Fact]
    public void A_parked_consumer_is_woken_only_once_the_wake_backlog_has_gathered()
    {
        using var ring = new TransportEventRing(16, spinLimit: 0, wakeBacklog: 4);
        using var returned = new ManualResetEventSlim();
        var consumer = new Thread(() =>
        {
            ring.WaitForEvents(TimeSpan.FromSeconds(30));
            returned.Set();
        });
        consumer.Start();
        while (consumer.ThreadState != ThreadState.WaitSleepJoin)
            Thread.Sleep(1);

        for (var i = 0; i < 3; i++)
            ring.TryPublish(Numbered(i));
        returned.Wait(TimeSpan.FromMilliseconds(300)).Should().BeFalse("three events are under the wake backlog of four");

        ring.TryPublish(Numbered(3));
        returned.Wait(TimeSpan.FromSeconds(10)).Should().BeTrue("the fourth event reaches the wake backlog");
        consumer.Join();
        var drained = new Collector { Events = [] };
        ring.Drain(ref drained).Should().Be(4);
    }

    [Fact]
    public void The_wake_backlog_must_be_within_the_capacity()
    {
        var create = () => new TransportEventRing(16, wakeBacklog: 17);
        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*wake backlog*");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Concurrent_producers_lose_nothing_and_keep_their_own_order(int producers)
    {
        const int perProducer = 200_000;
        using var ring = new TransportEventRing(1024, spinLimit: 16);
        var refused = 0L;
        var threads = Enumerable.Range(1, producers).Select(p => new Thread(() =>
        {
            for (long i = 0; i < perProducer; i++)
            {
                while (!ring.TryPublish(Numbered(i, p)))
                {
                    Interlocked.Increment(ref refused);
                    Thread.Yield();
                }
            }
        })).ToArray();
        foreach (var thread in threads)
            thread.Start();

        var next = new long[producers + 1];
        var handler = new OrderChecker { Next = next };
        long total = 0;
        while (total < (long)producers * perProducer)
        {
            var n = ring.Drain(ref handler, 256);
            total += n;
            if (n == 0)
                ring.WaitForEvents(TimeSpan.FromMilliseconds(1));
        }
        foreach (var thread in threads)
            thread.Join();

        handler.Violations.Should().Be(0);
        next.Skip(1).Should().OnlyContain(n => n == perProducer);
        ring.DroppedCount.Should().Be(Interlocked.Read(ref refused));
    }

    private struct OrderChecker : ITransportEventHandler
    {
        public long[] Next;
        public int Violations;

        public void OnEvent(in TransportEvent transportEvent)
        {
            var p = transportEvent.Destination.Value;
            if (transportEvent.CorrelationId != Next[p])
                Violations++;
            Next[p] = transportEvent.CorrelationId + 1;
        }
    }
}
