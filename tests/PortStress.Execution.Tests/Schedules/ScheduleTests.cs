using Microsoft.Extensions.Time.Testing;
using PortStress.Execution.Schedules;

namespace PortStress.Execution.Tests.Schedules;

public sealed class ScheduleTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-24T14:30:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private static ParentOrder Parent(decimal quantity = 1000, int seconds = 10) => new()
    {
        ParentId = 7,
        Venue = "XNAS",
        Symbol = "MSFT",
        Side = OrderSide.Buy,
        Quantity = quantity,
        Duration = TimeSpan.FromSeconds(seconds),
        SliceInterval = TimeSpan.FromSeconds(1),
        LotSize = 10,
    };

    [Fact]
    public void Twap_launches_one_even_slice_per_interval_and_fills_the_parent()
    {
        var venue = new AnsweringSubmitter { FillAll = true };
        using var twap = new TwapSchedule(Parent(), venue, new OrderIdSource(), _time);
        twap.Start();
        for (var i = 0; i < 10; i++)
            _time.Advance(TimeSpan.FromSeconds(1));

        venue.Children.Should().HaveCount(10, "slices at 1..10 s; the slice at 0 s has nothing due");
        venue.Children.Should().OnlyContain(c => c.Quantity == 100 && !c.IsCatchUp && c.ParentId == 7 && c.Venue == "XNAS");
        venue.Children.Select(c => c.OrderId).Should().OnlyHaveUniqueItems();
        var progress = twap.Progress;
        progress.Filled.Should().Be(1000);
        progress.Finished.Should().BeTrue();
        twap.Finished.IsCompletedSuccessfully.Should().BeTrue();
        twap.ScheduleRate.Should().Be(100);
    }

    [Fact]
    public void Quantity_the_gate_trims_comes_back_as_a_catch_up_child_on_the_next_slice()
    {
        var venue = new AnsweringSubmitter { FillAll = true, TrimFraction = 0.1m };
        using var twap = new TwapSchedule(Parent(), venue, new OrderIdSource(), _time);
        twap.Start();
        _time.Advance(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));

        venue.Children.Should().HaveCount(3);
        venue.Children[0].Should().Match<ChildOrderIntent>(c => c.Quantity == 100 && !c.IsCatchUp);
        venue.Children[1].Should().Match<ChildOrderIntent>(c => c.Quantity == 100 && !c.IsCatchUp);
        venue.Children[2].Should().Match<ChildOrderIntent>(c => c.Quantity == 10 && c.IsCatchUp, "the 10 trimmed from the first child");
        venue.Children.Should().OnlyContain(c => c.ScheduleRate == 100, "the gate's catch-up cap multiplies the schedule's rate");
    }

    [Fact]
    public void Refusals_rejects_and_unfilled_remainders_all_return_to_the_schedule_and_quantity_is_conserved()
    {
        var venue = new AnsweringSubmitter { RefuseEvery = 3, RejectEvery = 4, LeaveUnfilled = 20 };
        using var twap = new TwapSchedule(Parent(), venue, new OrderIdSource(), _time);
        twap.Start();
        for (var i = 0; i < 10; i++)
            _time.Advance(TimeSpan.FromSeconds(1));

        var progress = twap.Progress;
        progress.Working.Should().Be(0, "every child ended: filled, refused, rejected or done");
        progress.Refused.Should().BePositive();
        progress.CatchUpChildren.Should().BePositive("returned quantity is re-sent as catch-up");
        var sentQuantity = venue.Children.Sum(c => c.Quantity);
        sentQuantity.Should().Be(progress.Filled + progress.Returned, "every unit submitted was filled or came back");
        progress.Filled.Should().BeLessThanOrEqualTo(1000);
        progress.Finished.Should().BeTrue("the window ended and nothing is working");
    }

    [Fact]
    public void Children_near_the_end_are_more_urgent_and_the_final_catch_up_is_critical()
    {
        var venue = new AnsweringSubmitter { RefuseEvery = 2 };
        using var twap = new TwapSchedule(Parent(), venue, new OrderIdSource(), _time);
        twap.Start();
        for (var i = 0; i < 10; i++)
            _time.Advance(TimeSpan.FromSeconds(1));

        venue.Children.Where(c => !c.IsCatchUp).Take(7).Should().OnlyContain(c => c.Urgency == Urgency.Normal);
        venue.Children.Where(c => !c.IsCatchUp).SkipLast(1).Last().Urgency.Should().Be(Urgency.High, "the last 20% of the window is urgent");
        venue.Children.Last(c => !c.IsCatchUp).Urgency.Should().Be(Urgency.Critical, "the final slice must go now and whole");
        venue.Children.Last(c => c.IsCatchUp).Urgency.Should().Be(Urgency.Critical);
        venue.Children.Should().OnlyContain(c => c.DeadlineTimestamp > c.DecisionTimestamp);
    }

    [Fact]
    public void Participation_follows_market_volume_and_caps_at_the_parent_quantity()
    {
        var volume = new SteppedVolume();
        var venue = new AnsweringSubmitter { FillAll = true };
        using var pov = new ParticipationSchedule(Parent(quantity: 300), 0.1, volume, venue, new OrderIdSource(), _time);
        pov.Start();
        volume.Traded = 1000;
        _time.Advance(TimeSpan.FromSeconds(1));
        volume.Traded = 1500;
        _time.Advance(TimeSpan.FromSeconds(1));
        volume.Traded = 10_000;
        _time.Advance(TimeSpan.FromSeconds(1));

        venue.Children.Select(c => c.Quantity).Should().Equal(100, 50, 150);
        pov.Progress.Filled.Should().Be(300);
        pov.Finished.IsCompleted.Should().BeTrue();
    }

    [Fact]
    public void A_bad_parent_order_is_refused_with_the_reason()
    {
        var build = () => new TwapSchedule(Parent() with { Quantity = 0 }, new AnsweringSubmitter(), new OrderIdSource(), _time);
        build.Should().Throw<ArgumentException>().WithMessage("*Quantity must be positive*");
        var pov = () => new ParticipationSchedule(Parent(), 1.5, new SteppedVolume(), new AnsweringSubmitter(), new OrderIdSource(), _time);
        pov.Should().Throw<ArgumentOutOfRangeException>();
    }

    private sealed class SteppedVolume : IMarketVolumeSource
    {
        public decimal Traded { get; set; }

        public decimal CumulativeVolume(string symbol) => Traded;
    }

    /// <summary>Plays gate and venue at once: answers every child synchronously as configured.</summary>
    private sealed class AnsweringSubmitter : IChildOrderSubmitter
    {
        public List<ChildOrderIntent> Children { get; } = [];

        public bool FillAll { get; init; }

        public decimal TrimFraction { get; init; }

        public int RefuseEvery { get; init; }

        public int RejectEvery { get; init; }

        public decimal LeaveUnfilled { get; init; }

        public void Submit(ChildOrderIntent intent, IChildOrderListener? listener)
        {
            Children.Add(intent);
            var n = Children.Count;
            if (RefuseEvery > 0 && n % RefuseEvery == 0)
            {
                listener!.OnOutcome(new GateOutcome(intent, GateOutcomeKind.Refused, RefusalReason.ContainmentFull, 0, 0, 0, null));
                return;
            }

            var trimmed = Math.Floor(intent.Quantity * TrimFraction);
            var sent = intent.Quantity - trimmed;
            listener!.OnOutcome(new GateOutcome(intent, GateOutcomeKind.Sent, RefusalReason.None, sent, trimmed, 1, "S1"));
            if (RejectEvery > 0 && n % RejectEvery == 0)
            {
                listener.OnRejected(intent, "venue says no");
                return;
            }

            listener.OnAcknowledged(intent);
            var fill = FillAll ? sent : Math.Max(0, sent - LeaveUnfilled);
            if (fill > 0)
                listener.OnFilled(intent, fill, 10m);
            listener.OnDone(intent, sent - fill);
        }
    }
}
