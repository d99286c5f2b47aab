using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using PortStress.Control;
using PortStress.Execution.Gate;

namespace PortStress.Execution.Tests.Gate;

public sealed class GateMetricsTests
{
    [Fact]
    public void Outcomes_trims_holds_and_venue_answers_are_measured()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var outcomes = new MetricCollector<long>(meters, ExecutionMetrics.MeterName, "portstress.gate.outcomes");
        using var trimmed = new MetricCollector<double>(meters, ExecutionMetrics.MeterName, "portstress.gate.trimmed");
        using var holds = new MetricCollector<double>(meters, ExecutionMetrics.MeterName, "portstress.gate.hold.duration");
        using var events = new MetricCollector<long>(meters, ExecutionMetrics.MeterName, "portstress.gate.order_events");
        using var held = new MetricCollector<int>(meters, ExecutionMetrics.MeterName, "portstress.gate.held");
        var h = new GateHarness();
        var control = new ControlSnapshotPublisher(new ControlSnapshot(1, StressState.Red,
            new ExecutionParameters { ClipTrim = 0.1, ContainNonUrgent = true }, false, 0.9, default, 0));
        using var gate = new ChildOrderGate(h.Options, h.Pool, control, null, h.Time, meterFactory: meters);
        var sent = h.Intent(quantity: 1000, urgency: Urgency.High);
        gate.Submit(sent, null);
        gate.Submit(h.Intent(quantity: 0), null);
        gate.Submit(h.Intent(quantity: 500), null);
        held.RecordObservableInstruments();
        held.LastMeasurement!.Value.Should().Be(1);
        h.Time.Advance(TimeSpan.FromMilliseconds(10));
        control.Publish(new ControlSnapshot(2, StressState.Green, ExecutionParameters.Standard, false, 0.1, default, 0));
        gate.OnAcknowledged(sent.OrderId, h.Time.GetTimestamp());

        outcomes.GetMeasurementSnapshot().Select(m => (m.Tags["kind"], m.Tags["reason"])).Should().BeEquivalentTo(new[]
        {
            ((object?)"sent", (object?)"none"),
            ("refused", "invalidIntent"),
            ("heldThenSent", "none"),
        });
        trimmed.GetMeasurementSnapshot().Sum(m => m.Value).Should().Be(150, "100 of 1000 and 50 of 500");
        holds.GetMeasurementSnapshot().Should().ContainSingle().Which.Value.Should().BeApproximately(0.010, 1e-9);
        events.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags["event"].Should().Be("acknowledged");
        h.Dispose();
    }
}
