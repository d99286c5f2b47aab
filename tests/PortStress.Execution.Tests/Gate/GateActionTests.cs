using PortStress.Control;
using PortStress.Execution.Gate;

namespace PortStress.Execution.Tests.Gate;

public sealed class GateActionTests
{
    [Fact]
    public void In_green_an_intent_is_sent_on_arrival_untouched_and_recorded()
    {
        using var h = new GateHarness();
        var intent = h.Submit(h.Intent(quantity: 123));

        var outcome = h.Listener[intent.OrderId];
        outcome.Kind.Should().Be(GateOutcomeKind.Sent);
        outcome.SentQuantity.Should().Be(123);
        outcome.TrimmedQuantity.Should().Be(0);
        outcome.SessionName.Should().Be("S1");
        outcome.SentTimestamp.Should().Be(h.Time.GetTimestamp());
        h.Session.Sent.Should().ContainSingle().Which.Quantity.Should().Be(123);
        h.Observer.Events.Should().Equal($"decided {intent.OrderId} d1", $"sent {intent.OrderId} d1 decided@{intent.DecisionTimestamp}");
        var record = h.Record(intent.OrderId);
        record.Outcome.Should().Be(GateOutcomeKind.Sent);
        record.AppliedState.Should().Be(StressState.Green);
        record.QuantityRequested.Should().Be(123);
        record.QuantitySent.Should().Be(123);
        record.Holds.Should().Be(HoldReasons.None);
        record.SessionName.Should().Be("S1");
        record.LimitPrice.Should().Be(101.5m);
        record.SentTimeUnixMicros.Should().Be(h.Time.GetUtcNow().ToUnixTimeMilliseconds() * 1000);
        h.Gate.HeldCount.Should().Be(0);
        h.Gate.LiveCount.Should().Be(1, "the order is tracked until the venue says it is done");
    }

    [Theory]
    [InlineData(1050, 0.10, 100, 0, 900, 150)] // 945 rounds down to 900
    [InlineData(1000, 0.15, 100, 0, 800, 200)] // 850 rounds down to 800
    [InlineData(150, 0.15, 100, 0, 100, 50)] // 127.5 -> 100: one lot is the floor
    [InlineData(100, 0.15, 100, 0, 100, 0)] // already at the floor: untrimmed
    [InlineData(60, 0.50, 100, 0, 60, 0)] // below one lot: untrimmed
    [InlineData(1000, 0.90, 100, 300, 300, 700)] // the minimum (rounded up to a lot) is the floor
    [InlineData(1001, 0.10, 1, 0, 900, 101)] // lot 1: 900.9 -> 900
    public void Clip_trim_rounds_down_to_the_lot_never_below_the_floor_and_returns_the_rest(
        decimal quantity, double trim, decimal lot, decimal minimum, decimal sent, decimal trimmed)
    {
        using var g = new GateHarness(o =>
        {
            o.DefaultLotSize = lot;
            o.DefaultMinimumQuantity = minimum;
        });
        g.Publish(StressState.Yellow, new ExecutionParameters { ClipTrim = trim });
        var intent = g.Submit(g.Intent(quantity));

        var outcome = g.Listener[intent.OrderId];
        outcome.Kind.Should().Be(GateOutcomeKind.Sent);
        outcome.SentQuantity.Should().Be(sent);
        outcome.TrimmedQuantity.Should().Be(trimmed);
        (outcome.SentQuantity + outcome.TrimmedQuantity).Should().Be(quantity);
        g.Session.Sent.Single().Quantity.Should().Be(sent);
        ClipTrimmer.Trim(quantity, trim, lot, minimum).Should().Be(sent);
    }

    [Fact]
    public void A_critical_order_is_neither_trimmed_nor_catch_up_capped()
    {
        using var g = new GateHarness(o => o.DefaultLotSize = 10);
        g.Publish(StressState.Orange, new ExecutionParameters { ClipTrim = 0.15, CatchUpCap = 1.5 });
        var critical = g.Submit(g.Intent(1000, Urgency.Critical, catchUp: true, scheduleRate: 10));
        var normal = g.Submit(g.Intent(1000, Urgency.High));

        g.Listener[critical.OrderId].SentQuantity.Should().Be(1000, "the final catch-up of a schedule must go whole");
        g.Listener[normal.OrderId].SentQuantity.Should().Be(850);
    }

    [Fact]
    public void An_intent_below_the_minimum_quantity_is_refused_and_invalid_intents_are_refused_with_a_reason()
    {
        using var h = new GateHarness(o => o.Venues["XNAS"] = new VenueGateOptions { MinimumQuantity = 50 });
        var small = h.Submit(h.Intent(quantity: 40));
        var zero = h.Submit(h.Intent(quantity: 0));
        h.Gate.Submit(new ChildOrderIntent
        {
            OrderId = 999,
            Venue = "NOPE",
            Symbol = "X",
            Side = OrderSide.Sell,
            Quantity = 1,
            DecisionTimestamp = 1,
        }, h.Listener);
        var first = h.Submit(h.Intent());
        h.Gate.Submit(first, h.Listener); // the same order id again while the first is live

        h.Listener[small.OrderId].Refusal.Should().Be(RefusalReason.BelowMinimumQuantity);
        h.Listener[zero.OrderId].Refusal.Should().Be(RefusalReason.InvalidIntent);
        h.Listener[999].Refusal.Should().Be(RefusalReason.InvalidIntent);
        h.Listener.Outcomes.Where(o => o.Intent.OrderId == first.OrderId).Select(o => o.Kind)
            .Should().Equal(GateOutcomeKind.Sent, GateOutcomeKind.Refused);
        h.Session.Sent.Should().ContainSingle();
        h.Gate.LiveCount.Should().Be(1, "the refused duplicate did not displace the live order");
    }

    [Fact]
    public void Simultaneous_intents_spread_over_the_jitter_window_instead_of_launching_together()
    {
        using var h = new GateHarness(o => o.Capacity = 2048);
        h.Publish(StressState.Yellow, new ExecutionParameters { LaunchJitterMax = TimeSpan.FromMilliseconds(50) });
        var start = h.Time.GetTimestamp();
        for (var i = 0; i < 1000; i++)
            h.Submit(h.Intent());

        h.Session.Sent.Should().HaveCountLessThan(40, "only the zero-tick draws leave at once");
        h.Gate.HeldCount.Should().Be(1000 - h.Session.Sent.Count);
        h.Advance(TimeSpan.FromMilliseconds(51));

        h.Session.Sent.Should().HaveCount(1000);
        h.Listener.Outcomes.Should().HaveCount(1000);
        var millis = h.Session.Sent.Select(s => (s.Timestamp - start) * 1000.0 / h.Time.TimestampFrequency).ToList();
        millis.Min().Should().BeLessThan(2);
        millis.Max().Should().BeGreaterThan(48).And.BeLessThanOrEqualTo(50);
        var buckets = millis.GroupBy(m => (int)Math.Min(9, m / 5)).ToDictionary(g => g.Key, g => g.Count());
        buckets.Should().HaveCount(10, "every 5 ms of the window gets launches");
        buckets.Values.Should().OnlyContain(n => n >= 50 && n <= 160, "uniform is 100 per 5 ms bucket");
        var perTick = h.Session.Sent.GroupBy(s => s.Timestamp).Max(g => g.Count());
        perTick.Should().BeLessThan(60, "no single 1 ms tick takes a burst (uniform is 20)");
        h.Records.Snapshot().Should().OnlyContain(r => r.JitterMicros <= 50_000 && r.IntendedLaunchTimeUnixMicros >= r.ArrivalTimeUnixMicros);
    }

    [Fact]
    public void Jitter_never_pushes_an_order_past_its_deadline_and_critical_orders_are_not_jittered()
    {
        using var h = new GateHarness();
        h.Publish(StressState.Orange, new ExecutionParameters { LaunchJitterMax = TimeSpan.FromMilliseconds(150) });
        var deadline = h.After(TimeSpan.FromMilliseconds(5));
        var intents = Enumerable.Range(0, 200).Select(_ => h.Submit(h.Intent(deadline: deadline))).ToList();
        var critical = h.Submit(h.Intent(urgency: Urgency.Critical));

        h.Listener[critical.OrderId].Kind.Should().Be(GateOutcomeKind.Sent, "critical goes now");
        h.Advance(TimeSpan.FromMilliseconds(6));

        h.Listener.Outcomes.Should().HaveCount(201);
        h.Listener.Outcomes.Should().OnlyContain(o => o.Kind != GateOutcomeKind.Refused);
        h.Session.Sent.Should().OnlyContain(s => s.Timestamp <= deadline);
        h.Records.Snapshot().Where(r => r.OrderId != critical.OrderId).Should().OnlyContain(r => r.JitterMicros <= 5_000);
        h.Records.Snapshot().Count(r => r.JitterMicros == 5_000).Should().BeGreaterThan(100, "most draws of U(0, 150 ms) clamp to the 5 ms deadline");
        _ = intents;
    }

    [Fact]
    public void Catch_up_orders_are_capped_at_the_cap_times_the_schedule_rate_and_the_excess_goes_back()
    {
        using var h = new GateHarness(o => o.DefaultLotSize = 10);
        h.Publish(StressState.Orange, new ExecutionParameters { CatchUpCap = 1.5 });
        // rate 100/s, cap 1.5 -> 150 per second, bucket of one second.
        var first = h.Submit(h.Intent(quantity: 400, catchUp: true, scheduleRate: 100));
        var second = h.Submit(h.Intent(quantity: 100, catchUp: true, scheduleRate: 100));
        var regular = h.Submit(h.Intent(quantity: 400, scheduleRate: 100));
        var otherParent = h.Submit(h.Intent(quantity: 100, catchUp: true, scheduleRate: 100, parentId: 8));
        h.Time.Advance(TimeSpan.FromMilliseconds(400)); // 60 refilled
        var third = h.Submit(h.Intent(quantity: 100, catchUp: true, scheduleRate: 100));

        h.Listener[first.OrderId].Should().Match<GateOutcome>(o => o.SentQuantity == 150 && o.TrimmedQuantity == 250);
        h.Listener[second.OrderId].Refusal.Should().Be(RefusalReason.CatchUpCapped, "the bucket is empty");
        h.Listener[regular.OrderId].SentQuantity.Should().Be(400, "only catch-up orders are capped");
        h.Listener[otherParent.OrderId].SentQuantity.Should().Be(100, "each parent has its own bucket");
        h.Listener[third.OrderId].Should().Match<GateOutcome>(o => o.SentQuantity == 60 && o.TrimmedQuantity == 40);
        h.Record(first.OrderId).QuantityCatchUpCapped.Should().Be(250);
        var unknownRate = h.Submit(h.Intent(quantity: 1000, catchUp: true));
        h.Listener[unknownRate.OrderId].SentQuantity.Should().Be(1000, "without a declared schedule rate there is nothing to cap against");
    }

    [Fact]
    public void An_intent_past_its_deadline_is_refused_and_so_is_one_that_waited_for_pacing_past_it()
    {
        using var h = new GateHarness(o => o.Venues["XNAS"] = new VenueGateOptions { MessagesPerSecond = 10, MessageBurst = 1 });
        var first = h.Submit(h.Intent());
        var late = h.Submit(h.Intent(deadline: h.After(TimeSpan.FromMilliseconds(20))));
        var patient = h.Submit(h.Intent(deadline: h.After(TimeSpan.FromSeconds(1))));
        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        var expired = h.Intent(deadline: h.Time.GetTimestamp() - 1);
        h.Submit(expired);
        h.Advance(TimeSpan.FromMilliseconds(300));

        h.Listener[first.OrderId].Kind.Should().Be(GateOutcomeKind.Sent);
        h.Listener[late.OrderId].Refusal.Should().Be(RefusalReason.DeadlinePassed, "it was still waiting for a permit at its 20 ms deadline");
        h.Listener[patient.OrderId].Kind.Should().Be(GateOutcomeKind.HeldThenSent);
        h.Listener[expired.OrderId].Refusal.Should().Be(RefusalReason.DeadlinePassed);
        h.Record(late.OrderId).Holds.Should().Be(HoldReasons.Pacing);
        h.Record(late.OrderId).HoldMicros.Should().Be(22_000, "refused at the first tick past its deadline");
        h.Record(patient.OrderId).HoldMicros.Should().Be(100_000, "the late order did not spend the permit");
    }

    [Fact]
    public void Pacing_holds_orders_without_a_permit_and_sends_them_in_order_as_permits_come()
    {
        using var h = new GateHarness(o => o.Venues["XNAS"] = new VenueGateOptions { MessagesPerSecond = 10, MessageBurst = 2 });
        var intents = Enumerable.Range(0, 5).Select(_ => h.Submit(h.Intent())).ToList();

        h.Session.Sent.Should().HaveCount(2, "a burst of two");
        h.Gate.HeldCount.Should().Be(3);
        h.Advance(TimeSpan.FromMilliseconds(100));
        h.Session.Sent.Should().HaveCount(3, "one permit per 100 ms");
        h.Advance(TimeSpan.FromMilliseconds(200));

        h.Session.Sent.Select(s => s.OrderId).Should().Equal(intents.Select(i => i.OrderId), "arrival order");
        h.Listener.Outcomes.Select(o => o.Kind).Should().Equal(GateOutcomeKind.Sent, GateOutcomeKind.Sent,
            GateOutcomeKind.HeldThenSent, GateOutcomeKind.HeldThenSent, GateOutcomeKind.HeldThenSent);
        h.Record(intents[4].OrderId).Holds.Should().Be(HoldReasons.Pacing);
        h.Record(intents[4].OrderId).HoldMicros.Should().Be(300_000);
        h.Gate.HeldCount.Should().Be(0);
    }

    [Fact]
    public void A_failed_send_is_retried_after_a_back_off_and_reported_as_a_retry()
    {
        using var h = new GateHarness();
        h.Session.FailuresLeft = 1;
        var intent = h.Submit(h.Intent());

        h.Listener.Outcomes.Should().BeEmpty();
        h.Gate.RetryQueueDepth.Should().Be(1);
        h.Observer.Events.Should().Contain($"retry {intent.OrderId} d1 depth 1");
        h.Gate.RetryTokens("XNAS").Should().Be(9, "a failure spends a token");
        h.Advance(TimeSpan.FromMilliseconds(11)); // U(0, 10 ms) for the first retry

        var outcome = h.Listener[intent.OrderId];
        outcome.Kind.Should().Be(GateOutcomeKind.HeldThenSent);
        h.Record(intent.OrderId).Should().Match<PortStress.Execution.Records.ChildOrderRecord>(r => r.GateRetries == 1 && r.Holds == HoldReasons.Retry);
        h.Gate.RetryQueueDepth.Should().Be(0);
        h.Pool.SessionsOf("XNAS")[0].TotalFailures.Should().Be(1);
    }

    [Fact]
    public void With_no_session_logged_on_retries_stop_when_the_budget_reaches_half_and_the_order_is_refused_no_session()
    {
        using var h = new GateHarness(o => o.MaxGateRetries = 100, loggedOn: false);
        var intent = h.Submit(h.Intent());
        h.Advance(TimeSpan.FromSeconds(5));

        h.Listener[intent.OrderId].Refusal.Should().Be(RefusalReason.NoSession);
        h.Gate.RetryTokens("XNAS").Should().Be(4, "tokens 10 -> 4: retries ran while at least 5 were left");
        h.Observer.Events.Count(e => e.StartsWith("retry", StringComparison.Ordinal)).Should().Be(5);
        h.Gate.HeldCount.Should().Be(0);
    }

    [Fact]
    public void The_retry_budget_stops_retries_below_half_and_successes_earn_it_back_at_the_state_refill_scale()
    {
        using var h = new GateHarness(o => o.RetryRefillPerSuccess = 0.25);
        var sent = Enumerable.Range(0, 6).Select(_ => h.Submit(h.Intent())).ToList();
        foreach (var intent in sent)
            h.Gate.OnRejected(intent.OrderId, "venue says no", h.Time.GetTimestamp());
        h.Gate.RetryTokens("XNAS").Should().Be(4);
        h.Gate.CanRetry("XNAS").Should().BeFalse();

        var retry = h.Submit(h.Intent(retry: true));
        h.Listener[retry.OrderId].Refusal.Should().Be(RefusalReason.RetryBudgetExhausted);
        var fresh = h.Submit(h.Intent());
        h.Listener[fresh.OrderId].Kind.Should().Be(GateOutcomeKind.Sent, "first attempts are not retries");

        h.Publish(StressState.Orange, new ExecutionParameters { RetryRefillScale = 0.5 });
        var acked = Enumerable.Range(0, 7).Select(_ => h.Submit(h.Intent())).ToList();
        foreach (var intent in acked)
            h.Gate.OnAcknowledged(intent.OrderId, h.Time.GetTimestamp());
        h.Gate.RetryTokens("XNAS").Should().Be(4.875, "7 successes × 0.25 × 0.5");
        h.Gate.CanRetry("XNAS").Should().BeFalse();
        h.Gate.OnAcknowledged(fresh.OrderId, h.Time.GetTimestamp());
        h.Gate.CanRetry("XNAS").Should().BeTrue("back at half");
        var allowed = h.Submit(h.Intent(retry: true));
        h.Listener[allowed.OrderId].Kind.Should().Be(GateOutcomeKind.Sent);
    }

    [Fact]
    public void Full_jitter_back_off_grows_exponentially_up_to_the_cap()
    {
        var baseDelay = TimeSpan.FromMilliseconds(10);
        var cap = TimeSpan.FromSeconds(1);
        RetryBudget.Backoff(0, baseDelay, cap, 0.999).Should().BeCloseTo(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(0.1));
        RetryBudget.Backoff(3, baseDelay, cap, 0.999).Should().BeCloseTo(TimeSpan.FromMilliseconds(80), TimeSpan.FromMilliseconds(0.1));
        RetryBudget.Backoff(10, baseDelay, cap, 0.999).Should().BeCloseTo(cap, TimeSpan.FromMilliseconds(1));
        RetryBudget.Backoff(10, baseDelay, cap, 0).Should().Be(TimeSpan.Zero);
        RetryBudget.Backoff(3, baseDelay, cap, 0.5).Should().Be(TimeSpan.FromMilliseconds(40));
    }

    [Fact]
    public void Orders_go_to_the_first_logged_on_session_normally_and_to_the_healthiest_when_warm_sessions_are_preferred()
    {
        using var h = new GateHarness(o => o.SessionWarmAge = TimeSpan.FromMinutes(10), sessions: 3);
        var now = h.Time.GetTimestamp();
        h.Sessions[0].LogOut();
        h.Sessions[1].LogOn(now - (long)(2 * h.Time.TimestampFrequency)); // fresh: 2 s
        h.Sessions[2].LogOn(now - (long)(120 * h.Time.TimestampFrequency)); // warm: 2 min

        var normal = h.Submit(h.Intent());
        h.Listener[normal.OrderId].SessionName.Should().Be("S2", "first logged on in configured order");

        h.Publish(StressState.Orange, new ExecutionParameters { PreferWarmSessions = true });
        var warm = h.Submit(h.Intent());
        h.Listener[warm.OrderId].SessionName.Should().Be("S3", "the oldest logon scores best");

        h.Sessions[2].FailuresLeft = 1; // a failure on S3 costs it its lead
        var retried = h.Submit(h.Intent());
        h.Advance(TimeSpan.FromMilliseconds(50));
        h.Listener[retried.OrderId].SessionName.Should().Be("S2");
        var after = h.Submit(h.Intent());
        h.Listener[after.OrderId].SessionName.Should().Be("S2", "S3's recent failures still weigh");
        h.Advance(TimeSpan.FromMinutes(3));
        var later = h.Submit(h.Intent());
        h.Listener[later.OrderId].SessionName.Should().Be("S3", "failures decay with their half-life");
    }

    [Fact]
    public void Slow_acknowledgements_lower_a_session_score()
    {
        using var h = new GateHarness(sessions: 2);
        h.Publish(StressState.Orange, new ExecutionParameters { PreferWarmSessions = true });
        var first = h.Submit(h.Intent());
        h.Listener[first.OrderId].SessionName.Should().Be("S1", "ties keep the configured order");
        h.Time.Advance(TimeSpan.FromMilliseconds(200));
        h.Gate.OnAcknowledged(first.OrderId, h.Time.GetTimestamp());

        var health = h.Pool.SessionsOf("XNAS")[0];
        health.AckLatencySeconds.Should().BeApproximately(0.2, 1e-9);
        var next = h.Submit(h.Intent());
        h.Listener[next.OrderId].SessionName.Should().Be("S2");
    }
}
