using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using PortStress.Telemetry;

namespace PortStress.Telemetry.Tests;

public sealed class RingMetricsTests
{
    private struct Discard : ITransportEventHandler
    {
        public readonly void OnEvent(in TransportEvent transportEvent)
        {
        }
    }

    [Fact]
    public void Drops_consumption_and_backlog_are_exported_as_instruments()
    {
        using var ring = new TransportEventRing(capacity: 4);
        using var metrics = new RingMetrics(ring);
        using var dropped = new MetricCollector<long>(null, RingMetrics.MeterName, "portstress.ring.events.dropped");
        using var consumed = new MetricCollector<long>(null, RingMetrics.MeterName, "portstress.ring.events.consumed");
        using var backlog = new MetricCollector<long>(null, RingMetrics.MeterName, "portstress.ring.backlog");

        var accepted = 0;
        for (var i = 0; i < 6; i++)
        {
            accepted += ring.TryPublish(default) ? 1 : 0;
        }

        var handler = new Discard();
        ring.Drain(ref handler, maxBatch: 3);

        foreach (var collector in new[] { dropped, consumed, backlog })
        {
            collector.RecordObservableInstruments();
        }

        accepted.Should().Be(4);
        dropped.LastMeasurement!.Value.Should().Be(2);
        consumed.LastMeasurement!.Value.Should().Be(3);
        backlog.LastMeasurement!.Value.Should().Be(1);
    }
}
