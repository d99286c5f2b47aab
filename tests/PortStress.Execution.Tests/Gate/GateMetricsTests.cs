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

    [Fact]
    public void Trims_jitter_catch_up_caps_warm_choices_containment_and_approvals_are_counted_as_applied()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var actions = new MetricCollector<long>(meters, ExecutionMetrics.MeterName, "portstress.gate.actions");
        using var jitter = new MetricCollector<double>(meters, ExecutionMetrics.MeterName, "portstress.gate.jitter.duration");
        using var warm = new MetricCollector<long>(meters, ExecutionMetrics.MeterName, "portstress.gate.warm_session_choices");
        using var approvals = new MetricCollector<long>(meters, ExecutionMetrics.MeterName, "portstress.gate.approvals");
        using var pending = new MetricCollector<int>(meters, ExecutionMetrics.MeterName, "portstress.gate.approvals.pending");
        using var tokens = new MetricCollector<double>(meters, ExecutionMetrics.MeterName, "portstress.gate.retry_budget.tokens");
        using var h = new GateHarness();
        var control = new ControlSnapshotPublisher(new ControlSnapshot(1, StressState.Orange, GateHarness.Orange, false, 0.9, default, 0));
        using var gate = new ChildOrderGate(h.Options, h.Pool, control, null, h.Time, meterFactory: meters);

        gate.Submit(h.Intent(quantity: 1000), h.Listener);
        gate.Submit(h.Intent(quantity: 1000, catchUp: true, scheduleRate: 100), h.Listener);
        h.Advance(TimeSpan.FromMilliseconds(200));
        control.Publish(new ControlSnapshot(2, StressState.Red, GateHarness.Red, false, 0.99, default, 0));
        var contained = h.Intent(quantity: 100);
        gate.Submit(contained, h.Listener);
        var overrideIntent = h.Intent(quantity: 100, urgency: Urgency.High, urgencyOverride: true);
        gate.Submit(overrideIntent, h.Listener);
        pending.RecordObservableInstruments();
        pending.LastMeasurement!.Value.Should().Be(1);
        gate.Approvals.Approve(overrideIntent.OrderId, "not-a-credential-at-all").Should().Be(ApprovalResult.InvalidCredential);
        gate.Approvals.Approve(overrideIntent.OrderId, GateHarness.Credential).Should().Be(ApprovalResult.Approved);
        h.Advance(TimeSpan.FromMilliseconds(200));
        control.Publish(new ControlSnapshot(3, StressState.Green, ExecutionParameters.Standard, false, 0.1, default, 0));
        h.Advance(TimeSpan.FromMilliseconds(10));

        h.Listener.Outcomes.Should().HaveCount(4);
        var applied = actions.GetMeasurementSnapshot().Where(m => Equals(m.Tags["shadow"], false)).Select(m => (string)m.Tags["action"]!).ToList();
        applied.Should().Contain(["trim", "jitter", "catch_up_cap", "containment", "approval"]);
        actions.GetMeasurementSnapshot().Should().NotContain(m => Equals(m.Tags["shadow"], true), "nothing ran in shadow mode");
        jitter.GetMeasurementSnapshot().Should().NotBeEmpty().And.OnlyContain(m => m.Value > 0 && m.Value <= 0.150);
        warm.GetMeasurementSnapshot().Should().NotBeEmpty().And.OnlyContain(m => Equals(m.Tags["changed"], false), "one session: the score cannot choose another");
        approvals.GetMeasurementSnapshot().Select(m => (string)m.Tags["result"]!).Should().Equal("requested", "invalid_credential", "approved");
        pending.RecordObservableInstruments();
        pending.LastMeasurement!.Value.Should().Be(0);
        tokens.RecordObservableInstruments();
        tokens.LastMeasurement!.Tags["venue"].Should().Be(GateHarness.Venue);
        tokens.LastMeasurement.Value.Should().Be(h.Options.RetryBudgetTokens);
    }

    [Fact]
    public void Shadow_mode_counts_what_would_have_been_done_with_shadow_true()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var actions = new MetricCollector<long>(meters, ExecutionMetrics.MeterName, "portstress.gate.actions");
        using var h = new GateHarness();
        var control = new ControlSnapshotPublisher(new ControlSnapshot(1, StressState.Red, GateHarness.Red, true, 0.99, default, 0));
        using var gate = new ChildOrderGate(h.Options, h.Pool, control, null, h.Time, meterFactory: meters);

        gate.Submit(h.Intent(quantity: 1000), h.Listener);

        h.Listener.Outcomes.Should().ContainSingle().Which.Kind.Should().Be(GateOutcomeKind.Sent, "shadow mode applies GREEN");
        actions.GetMeasurementSnapshot().Should().OnlyContain(m => Equals(m.Tags["shadow"], true));
        actions.GetMeasurementSnapshot().Select(m => (string)m.Tags["action"]!).Should().Contain(["trim", "containment"]);
    }
}
