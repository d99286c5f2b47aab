using System.Text.Json;
using PortStress.Control;
using PortStress.Execution.Gate;
using PortStress.Execution.Records;

namespace PortStress.Execution.Tests.Gate;

public sealed class GateHoldTests
{
    private static readonly ExecutionParameters Contain = new() { ContainNonUrgent = true, RequireApprovalForOverrides = true };

    [Fact]
    public void In_red_non_urgent_intents_wait_and_are_released_in_arrival_order_when_the_state_recovers()
    {
        using var h = new GateHarness();
        h.Publish(StressState.Red, Contain);
        var low = h.Submit(h.Intent(urgency: Urgency.Low));
        var normal = h.Submit(h.Intent(urgency: Urgency.Normal));
        var high = h.Submit(h.Intent(urgency: Urgency.High));
        var critical = h.Submit(h.Intent(urgency: Urgency.Critical));
        var normal2 = h.Submit(h.Intent(urgency: Urgency.Normal));

        h.Session.Sent.Select(s => s.OrderId).Should().Equal(high.OrderId, critical.OrderId);
        h.Gate.ContainedCount.Should().Be(3);
        h.Advance(TimeSpan.FromSeconds(2));
        h.Publish(StressState.Orange, new ExecutionParameters { CatchUpCap = 1.5 });

        h.Session.Sent.Select(s => s.OrderId).Should().Equal(high.OrderId, critical.OrderId, low.OrderId, normal.OrderId, normal2.OrderId);
        h.Listener[low.OrderId].Kind.Should().Be(GateOutcomeKind.HeldThenSent);
        var record = h.Record(normal.OrderId);
        record.Holds.Should().Be(HoldReasons.Containment);
        record.HoldMicros.Should().Be(2_000_000);
        record.AppliedState.Should().Be(StressState.Red, "the state when the order arrived");
        h.Gate.ContainedCount.Should().Be(0);
        h.Gate.HeldCount.Should().Be(0);
    }

    [Fact]
    public void Decision_to_send_reported_to_telemetry_leaves_out_the_intended_holds_but_not_pacing()
    {
        using var h = new GateHarness(o => o.Venues["XNAS"] = new VenueGateOptions { MessagesPerSecond = 100, MessageBurst = 1 });
        h.Publish(StressState.Red, Contain);
        var first = h.Submit(h.Intent());
        var contained = h.Submit(h.Intent());
        var critical = h.Submit(h.Intent(urgency: Urgency.Critical));
        h.Advance(TimeSpan.FromMilliseconds(500));
        h.Publish(StressState.Green, ExecutionParameters.Standard); // the first takes the one permit, the second waits 10 ms
        h.Advance(TimeSpan.FromMilliseconds(10));

        h.Record(first.OrderId).Holds.Should().Be(HoldReasons.Containment);
        var record = h.Record(contained.OrderId);
        record.Holds.Should().Be(HoldReasons.Containment | HoldReasons.Pacing);
        record.HoldMicros.Should().Be(510_000);
        record.IntendedHoldMicros.Should().Be(500_000, "containment was the controller's doing; the pacing wait was not");
        var reported = contained.DecisionTimestamp + (long)(0.5 * h.Time.TimestampFrequency);
        h.Observer.Events.Should().Contain($"sent {contained.OrderId} d1 decided@{reported}");
        h.Observer.Events.Should().Contain($"sent {critical.OrderId} d1 decided@{critical.DecisionTimestamp}");
    }

    [Fact]
    public void Contained_intents_are_refused_on_timeout_on_overflow_and_at_their_deadline()
    {
        using var h = new GateHarness(o =>
        {
            o.ContainmentCapacity = 2;
            o.ContainmentMaxHold = TimeSpan.FromSeconds(1);
        });
        h.Publish(StressState.Red, Contain);
        var withDeadline = h.Submit(h.Intent(deadline: h.After(TimeSpan.FromMilliseconds(300))));
        var first = h.Submit(h.Intent());
        var overflow = h.Submit(h.Intent());

        h.Listener[overflow.OrderId].Refusal.Should().Be(RefusalReason.ContainmentFull);
        h.Advance(TimeSpan.FromMilliseconds(300));
        h.Listener[withDeadline.OrderId].Refusal.Should().Be(RefusalReason.DeadlinePassed);
        h.Listener.Outcomes.Should().HaveCount(2, "the other still waits");
        h.Advance(TimeSpan.FromMilliseconds(700));

        h.Listener[first.OrderId].Refusal.Should().Be(RefusalReason.ContainmentTimeout);
        h.Record(first.OrderId).Holds.Should().Be(HoldReasons.Containment);
        h.Session.Sent.Should().BeEmpty();
        h.Gate.HeldCount.Should().Be(0);
    }

    [Fact]
    public void An_override_waits_for_approval_and_an_invalid_credential_is_refused_while_the_request_stays_pending()
    {
        using var h = new GateHarness();
        h.Publish(StressState.Red, Contain);
        var urgent = h.Submit(h.Intent(urgencyOverride: true, quantity: 300));

        h.Session.Sent.Should().BeEmpty();
        var pending = h.Gate.Approvals.Pending().Should().ContainSingle().Subject;
        pending.RequestId.Should().Be(urgent.OrderId);
        pending.Quantity.Should().Be(300);
        pending.ExpiresAt.Should().Be(pending.RequestedAt + h.Options.ApprovalTimeout);

        h.Gate.Approvals.Approve(urgent.OrderId, "wrong-credential-0123456789").Should().Be(ApprovalResult.InvalidCredential);
        h.Gate.Approvals.Approve(urgent.OrderId, "").Should().Be(ApprovalResult.InvalidCredential);
        h.Gate.Approvals.Deny(urgent.OrderId, GateHarness.Credential + "x").Should().Be(ApprovalResult.InvalidCredential);
        h.Gate.Approvals.PendingCount.Should().Be(1);
        h.Listener.Outcomes.Should().BeEmpty();

        h.Time.Advance(TimeSpan.FromSeconds(3));
        h.Gate.Approvals.Approve(urgent.OrderId, GateHarness.Credential).Should().Be(ApprovalResult.Approved);
        h.Gate.Approvals.Approve(urgent.OrderId, GateHarness.Credential).Should().Be(ApprovalResult.UnknownRequest);

        h.Listener[urgent.OrderId].Kind.Should().Be(GateOutcomeKind.HeldThenSent, "approved overrides skip containment");
        h.Record(urgent.OrderId).Holds.Should().Be(HoldReasons.Approval);
        h.Record(urgent.OrderId).HoldMicros.Should().Be(3_000_000);
    }

    [Fact]
    public void A_denied_override_is_refused_and_an_unanswered_one_is_refused_at_the_timeout()
    {
        using var h = new GateHarness(o => o.ApprovalTimeout = TimeSpan.FromSeconds(2));
        h.Publish(StressState.Red, Contain);
        var denied = h.Submit(h.Intent(urgencyOverride: true));
        var unanswered = h.Submit(h.Intent(urgencyOverride: true));

        h.Gate.Approvals.Deny(denied.OrderId, GateHarness.Credential).Should().Be(ApprovalResult.Denied);
        h.Listener[denied.OrderId].Refusal.Should().Be(RefusalReason.ApprovalDenied);
        h.Advance(TimeSpan.FromSeconds(2));

        h.Listener[unanswered.OrderId].Refusal.Should().Be(RefusalReason.ApprovalTimeout);
        h.Gate.Approvals.Pending().Should().BeEmpty();
        h.Session.Sent.Should().BeEmpty();
    }

    [Fact]
    public void Pending_overrides_go_on_when_the_state_no_longer_requires_approval()
    {
        using var h = new GateHarness();
        h.Publish(StressState.Red, Contain);
        var urgent = h.Submit(h.Intent(urgencyOverride: true));
        h.Publish(StressState.Orange, new ExecutionParameters());

        h.Listener[urgent.OrderId].Kind.Should().Be(GateOutcomeKind.HeldThenSent);
        h.Gate.Approvals.PendingCount.Should().Be(0);
    }

    [Fact]
    public void Shadow_mode_applies_green_and_records_what_the_decided_state_would_have_done()
    {
        using var h = new GateHarness(o => o.DefaultLotSize = 10);
        h.Publish(StressState.Red, GateHarness.Red, shadow: true, p: 0.93);
        var normal = h.Submit(h.Intent(quantity: 1000));
        var urgent = h.Submit(h.Intent(quantity: 1000, urgencyOverride: true, urgency: Urgency.High));
        var catchUp = h.Submit(h.Intent(quantity: 1000, catchUp: true, scheduleRate: 100, urgency: Urgency.High));

        h.Listener.Outcomes.Should().HaveCount(3).And.OnlyContain(o => o.Kind == GateOutcomeKind.Sent && o.SentQuantity == 1000);
        var record = h.Record(normal.OrderId);
        record.Shadow.Should().BeTrue();
        record.AppliedState.Should().Be(StressState.Green);
        record.DecidedState.Should().Be(StressState.Red);
        record.StressProbability.Should().Be(0.93);
        record.Features.PortPressure.Should().Be(0.7);
        record.QuantitySent.Should().Be(1000);
        record.WouldQuantity.Should().Be(850, "a 15% trim");
        record.WouldContain.Should().BeTrue();
        record.WouldRequireApproval.Should().BeFalse();
        record.WouldJitterMicros.Should().BeInRange(0, 150_000);
        h.Record(urgent.OrderId).Should().Match<ChildOrderRecord>(r => r.WouldRequireApproval && !r.WouldContain);
        h.Record(catchUp.OrderId).WouldQuantity.Should().Be(150, "1.5 × 100/s over a one-second window");
        var again = h.Submit(h.Intent(catchUp: true, scheduleRate: 100, quantity: 1000));
        h.Record(again.OrderId).WouldQuantity.Should().Be(150, "shadow looks at the catch-up bucket without spending it");
        h.Listener[again.OrderId].SentQuantity.Should().Be(1000);
    }

    [Fact]
    public void Dispose_refuses_every_held_order_and_later_submissions()
    {
        var h = new GateHarness(o => o.Venues["XNAS"] = new VenueGateOptions { MessagesPerSecond = 1, MessageBurst = 1 });
        h.Publish(StressState.Red, Contain with { LaunchJitterMax = TimeSpan.FromMilliseconds(100) });
        var contained = h.Submit(h.Intent());
        var approval = h.Submit(h.Intent(urgencyOverride: true));
        var jittered = h.Submit(h.Intent(urgency: Urgency.High));
        var sent = h.Submit(h.Intent(urgency: Urgency.Critical));
        var paced = h.Submit(h.Intent(urgency: Urgency.Critical));
        h.Gate.HeldCount.Should().Be(4);

        h.Gate.Dispose();
        var late = h.Submit(h.Intent(urgency: Urgency.Critical));

        h.Listener[sent.OrderId].Kind.Should().Be(GateOutcomeKind.Sent);
        foreach (var id in new[] { contained.OrderId, approval.OrderId, jittered.OrderId, paced.OrderId, late.OrderId })
            h.Listener[id].Refusal.Should().Be(RefusalReason.ShuttingDown);
        h.Listener.Outcomes.Should().HaveCount(6);
        h.Gate.HeldCount.Should().Be(0);
        h.Records.Snapshot().Should().HaveCount(6);
        h.Advance(TimeSpan.FromSeconds(2));
        h.Listener.Outcomes.Should().HaveCount(6, "nothing more after shutdown");
        h.Gate.Dispose();
    }

    [Fact]
    public void Venue_answers_reach_the_listener_telemetry_and_records_and_update_the_budget()
    {
        using var h = new GateHarness();
        var intent = h.Submit(h.Intent(quantity: 100));
        var sentAt = h.Time.GetTimestamp();
        h.Time.Advance(TimeSpan.FromMilliseconds(3));
        h.Gate.OnAcknowledged(intent.OrderId, h.Time.GetTimestamp());
        h.Gate.OnFilled(intent.OrderId, 40, 101.25m, h.Time.GetTimestamp());
        h.Gate.OnDone(intent.OrderId, 60, h.Time.GetTimestamp());
        h.Gate.OnFilled(intent.OrderId, 1, 1, h.Time.GetTimestamp());
        var rejected = h.Submit(h.Intent());
        h.Gate.OnRejected(rejected.OrderId, "price out of band", h.Time.GetTimestamp());

        h.Listener.Events.Should().Equal((intent.OrderId, "ack"), (intent.OrderId, "fill:40@101.25"), (intent.OrderId, "done:60"),
            (rejected.OrderId, "reject:price out of band"));
        h.Observer.Events.Should().Contain($"acked {intent.OrderId} d1 sent@{sentAt}").And.Contain($"rejected {rejected.OrderId} d1");
        h.Gate.UnknownOrderEvents.Should().Be(1, "the fill after done");
        h.Gate.LiveCount.Should().Be(0);
        var events = h.EventRecords.Snapshot();
        events.Select(e => e.Kind).Should().Equal(OrderEventKind.Acknowledged, OrderEventKind.Filled, OrderEventKind.Done, OrderEventKind.Rejected);
        events[0].AckLatencyMicros.Should().Be(3000);
        events[0].SessionName.Should().Be("S1");
        events[1].Should().Match<OrderEventRecord>(e => e.Quantity == 40 && e.Price == 101.25m);
        events[2].Quantity.Should().Be(60);
        events[3].Reason.Should().Be("price out of band");
        h.Gate.RetryTokens("XNAS").Should().Be(9, "full, +0.1 capped at 10, then a reject spends one");
    }

    [Fact]
    public void Records_serialize_with_the_documented_names()
    {
        using var h = new GateHarness();
        h.Publish(StressState.Yellow, GateHarness.Yellow);
        var intent = h.Submit(h.Intent(quantity: 100));
        h.Advance(TimeSpan.FromMilliseconds(51));
        var record = h.Record(intent.OrderId);

        using var json = JsonDocument.Parse(Write(record));
        var root = json.RootElement;
        root.GetProperty("orderId").GetInt64().Should().Be(intent.OrderId);
        root.GetProperty("appliedState").GetString().Should().Be("YELLOW");
        root.GetProperty("outcome").GetString().Should().Be("heldThenSent");
        root.GetProperty("refusal").ValueKind.Should().Be(JsonValueKind.Null);
        root.GetProperty("holds").EnumerateArray().Select(e => e.GetString()).Should().Equal("jitter");
        root.GetProperty("sentQuantity").GetDecimal().Should().Be(90);
        root.GetProperty("trimmedQuantity").GetDecimal().Should().Be(10);
        root.GetProperty("urgency").GetString().Should().Be("normal");
        root.GetProperty("side").GetString().Should().Be("buy");
        root.GetProperty("ppr").GetDouble().Should().Be(0.7);
        root.GetProperty("wouldSentQuantity").ValueKind.Should().Be(JsonValueKind.Null);
        root.GetProperty("jitterMicros").GetInt64().Should().BeInRange(0, 50_000);
        (root.GetProperty("sentTime").GetInt64() - root.GetProperty("arrivalTime").GetInt64()).Should().Be(root.GetProperty("holdMicros").GetInt64());
    }

    private static string Write<T>(T record) where T : struct, PortStress.Control.Records.IJsonRecord
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            record.WriteProperties(writer);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
