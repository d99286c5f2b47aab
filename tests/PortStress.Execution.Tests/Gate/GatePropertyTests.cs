using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortStress.Control;
using PortStress.Execution.Gate;

namespace PortStress.Execution.Tests.Gate;

public sealed class GatePropertyTests
{
    private static readonly ExecutionParameters[] Policy =
    [
        ExecutionParameters.Standard,
        GateHarness.Yellow,
        GateHarness.Orange,
        GateHarness.Red,
    ];

    /// <summary>
    /// Whatever the states, intents, session failures and venue pacing: every intent gets exactly one outcome, and
    /// sent + trimmed (for sent orders) + the whole quantity (for refused ones) adds up to what was submitted.
    /// </summary>
    [Property(MaxTest = 100)]
    public void Every_intent_ends_in_exactly_one_outcome_and_quantity_is_conserved(int seed, byte[] states, bool shadow, PositiveInt count)
    {
        var random = new Random(seed);
        var n = Math.Min(count.Get, 300);
        using var h = new GateHarness(o =>
        {
            o.DefaultLotSize = random.Next(2) == 0 ? 1 : 10;
            o.DefaultMinimumQuantity = random.Next(3) == 0 ? 20 : 0;
            o.ContainmentCapacity = 1 + random.Next(50);
            o.ContainmentMaxHold = TimeSpan.FromMilliseconds(50 + random.Next(500));
            o.ApprovalTimeout = TimeSpan.FromMilliseconds(50 + random.Next(500));
            o.Venues["XNAS"] = new VenueGateOptions { MessagesPerSecond = random.Next(3) == 0 ? 200 : 0, MessageBurst = 5 };
            o.RandomSeed = seed;
        }, sessions: 2);
        h.Sessions[1].FailuresLeft = random.Next(20);
        h.Sessions[0].FailuresLeft = random.Next(5);
        var submitted = new List<ChildOrderIntent>();
        for (var i = 0; i < n; i++)
        {
            if (states is { Length: > 0 } && random.Next(10) == 0)
            {
                var state = (StressState)(states[random.Next(states.Length)] % 4);
                h.Publish(state, Policy[(int)state], shadow);
            }
            if (random.Next(15) == 0)
                h.Sessions[random.Next(2)].LogOut();
            if (random.Next(10) == 0)
                h.Sessions[random.Next(2)].LogOn(h.Time.GetTimestamp());
            var deadline = random.Next(4) == 0 ? h.After(TimeSpan.FromMilliseconds(random.Next(1, 200))) : 0;
            var intent = h.Intent(quantity: random.Next(-5, 2000), urgency: (Urgency)random.Next(4), deadline: deadline,
                catchUp: random.Next(4) == 0, retry: random.Next(8) == 0, urgencyOverride: random.Next(8) == 0,
                scheduleRate: random.Next(3) * 50, parentId: random.Next(3));
            submitted.Add(h.Submit(intent));
            if (random.Next(6) == 0 && h.Gate.Approvals.Pending() is { Count: > 0 } pending)
            {
                var request = pending[random.Next(pending.Count)].RequestId;
                _ = random.Next(3) switch
                {
                    0 => h.Gate.Approvals.Approve(request, GateHarness.Credential),
                    1 => h.Gate.Approvals.Deny(request, GateHarness.Credential),
                    _ => h.Gate.Approvals.Approve(request, "not-the-credential-at-all"),
                };
            }
            if (random.Next(3) == 0)
                h.Advance(TimeSpan.FromMilliseconds(random.Next(1, 20)));
        }
        h.Sessions[0].LogOn(h.Time.GetTimestamp());
        h.Publish(StressState.Green, ExecutionParameters.Standard, shadow);
        h.Advance(TimeSpan.FromSeconds(3));

        h.Gate.HeldCount.Should().Be(0);
        var outcomes = h.Listener.Outcomes;
        outcomes.Select(o => o.Intent.OrderId).Should().BeEquivalentTo(submitted.Select(i => i.OrderId), "one outcome per intent, none twice");
        h.Records.Snapshot().Should().HaveCount(submitted.Count);
        var returned = outcomes.Sum(o => o.Kind == GateOutcomeKind.Refused ? o.Intent.Quantity : o.SentQuantity + o.TrimmedQuantity);
        returned.Should().Be(submitted.Sum(i => i.Quantity));
        foreach (var o in outcomes)
        {
            if (o.Kind == GateOutcomeKind.Refused)
            {
                o.Refusal.Should().NotBe(RefusalReason.None);
                o.SentQuantity.Should().Be(0);
            }
            else
            {
                o.SentQuantity.Should().BePositive();
                o.TrimmedQuantity.Should().BeGreaterThanOrEqualTo(0);
            }
        }
        var sentOnWire = h.Sessions.Sum(s => s.Sent.Sum(x => x.Quantity));
        sentOnWire.Should().Be(outcomes.Sum(o => o.SentQuantity), "what the outcomes say went out is what the sessions got");
    }
}
