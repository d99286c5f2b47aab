using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using PortStress.Telemetry;

namespace PortStress.Benchmarks.Telemetry;

/// <summary>
/// Event hand-off from session threads to the single telemetry consumer: the ring against a bounded
/// single-reader <see cref="Channel{T}"/> (the baseline), 1 and 2 producers, 1M events per invocation.
/// Producers never block (a refused write is retried after a yield); the consumer spins then parks.
/// </summary>
[MemoryDiagnoser]
public class RingVsChannelBenchmark
{
    private const int Events = 1_000_000;
    private const int Capacity = 4096;

    [Params(1, 2)]
    public int Producers { get; set; }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public long Channel()
    {
        var channel = System.Threading.Channels.Channel.CreateBounded<TransportEvent>(new BoundedChannelOptions(Capacity)
        {
            SingleReader = true,
            SingleWriter = Producers == 1,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var writer = channel.Writer;
        var threads = StartProducers(p =>
        {
            for (var i = 0; i < Events / Producers; i++)
            {
                var e = Event(i, p);
                while (!writer.TryWrite(e))
                    Thread.Yield();
            }
        });
        var reader = channel.Reader;
        long sum = 0;
        var spinner = default(SpinWait);
        for (var received = 0; received < Events;)
        {
            if (reader.TryRead(out var e))
            {
                sum += e.CorrelationId;
                received++;
                spinner = default;
            }
            else
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }
        Join(threads);
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public long Ring()
    {
        using var ring = new TransportEventRing(Capacity);
        var threads = StartProducers(p =>
        {
            for (var i = 0; i < Events / Producers; i++)
            {
                while (!ring.TryPublish(Event(i, p)))
                    Thread.Yield();
            }
        });
        var handler = default(SumHandler);
        for (var received = 0; received < Events;)
        {
            var n = ring.Drain(ref handler, 256);
            received += n;
            if (n == 0)
                ring.WaitForEvents(TimeSpan.FromMilliseconds(1));
        }
        Join(threads);
        return handler.Sum;
    }

    private static TransportEvent Event(int i, int producer) =>
        new(TransportEventKind.OrderSent, new DestinationId(producer), i, i, elapsed: 100);

    private Thread[] StartProducers(Action<int> produce)
    {
        var threads = new Thread[Producers];
        for (var p = 0; p < Producers; p++)
        {
            var id = p + 1;
            threads[p] = new Thread(() => produce(id));
            threads[p].Start();
        }
        return threads;
    }

    private static void Join(Thread[] threads)
    {
        foreach (var t in threads)
            t.Join();
    }

    private struct SumHandler : ITransportEventHandler
    {
        public long Sum;

        public void OnEvent(in TransportEvent transportEvent) => Sum += transportEvent.CorrelationId;
    }
}
