using Microsoft.Extensions.Time.Testing;
using PortStress.Control;
using PortStress.Execution.Gate;
using PortStress.Execution.Schedules;

namespace PortStress.Execution.Tests.Schedules;

/// <summary>A TWAP parent through the real gate: the gate's trims feed back into the schedule.</summary>
public sealed class ScheduleThroughGateTests
{
    [Fact]
    public void Clips_trimmed_by_the_gate_come_back_as_catch_up_and_the_parent_still_completes()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-24T14:30:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var publisher = new ControlSnapshotPublisher(new ControlSnapshot(1, StressState.Yellow,
            new ExecutionParameters { ClipTrim = 0.2 }, false, 0.6, default, 0));
        var pool = new VenueSessionPool();
        using var gate = new ChildOrderGate(new GateOptions { DefaultLotSize = 10, RandomSeed = 1 }, pool, publisher, timeProvider: time);
        var venue = new FillingVenue("XNAS", gate, time);
        pool.Add(venue);
        var parent = new ParentOrder
        {
            ParentId = 1,
            Venue = "XNAS",
            Symbol = "MSFT",
            Side = OrderSide.Buy,
            Quantity = 1000,
            Duration = TimeSpan.FromSeconds(10),
            SliceInterval = TimeSpan.FromSeconds(1),
            LotSize = 10,
        };
        using var twap = new TwapSchedule(parent, gate, new OrderIdSource(), time);

        twap.Start();
        for (var i = 0; i < 10; i++)
            time.Advance(TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromMilliseconds(5)); // the venue's answers to the final slice

        var progress = twap.Progress;
        venue.Sent.Should().OnlyContain(q => q % 10 == 0, "trims round to the lot");
        venue.Sent.Take(2).Should().Equal([80m, 80m], "each 100 clip is trimmed by 20%");
        progress.CatchUpChildren.Should().BePositive("the trimmed 20 comes back on the next slice");
        progress.Returned.Should().BePositive();
        progress.Filled.Should().Be(1000, "the final slice is critical: it sends whatever the trims left, untrimmed");
        progress.Finished.Should().BeTrue();
        gate.LiveCount.Should().Be(0);
    }

    /// <summary>The venue: fills every order in full at once, answering the gate as the interceptor would.</summary>
    private sealed class FillingVenue(string venue, ChildOrderGate gate, TimeProvider time) : IVenueSession
    {
        public List<decimal> Sent { get; } = [];

        public string Venue { get; } = venue;

        public string Name => "S1";

        public bool IsLoggedOn => true;

        public long LoggedOnSince => 1;

        public SendResult Send(ChildOrderIntent intent, decimal quantity)
        {
            Sent.Add(quantity);
            // Answer after the gate has recorded the send, as a real venue's report would arrive.
            time.CreateTimer(_ =>
            {
                var now = time.GetTimestamp();
                gate.OnAcknowledged(intent.OrderId, now);
                gate.OnFilled(intent.OrderId, quantity, 10m, now);
                gate.OnDone(intent.OrderId, 0, now);
            }, null, TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
            return SendResult.Sent;
        }
    }
}
