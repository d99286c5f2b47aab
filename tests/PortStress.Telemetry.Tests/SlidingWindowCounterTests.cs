using Microsoft.Extensions.Time.Testing;
using PortStress.Telemetry.Signals;

namespace PortStress.Telemetry.Tests;

public class SlidingWindowCounterTests
{
    private readonly FakeTimeProvider _time = new();

    private SlidingWindowCounter Counter() => new(TimeSpan.FromSeconds(60), 12, _time.TimestampFrequency);

    [Fact]
    public void An_event_counts_until_its_bucket_leaves_the_window()
    {
        var counter = Counter();
        var start = _time.GetTimestamp();
        counter.Add(start);

        _time.Advance(TimeSpan.FromSeconds(60) - TimeSpan.FromTicks(1));
        counter.Sum(_time.GetTimestamp()).Should().Be(1);

        _time.Advance(TimeSpan.FromTicks(1));
        counter.Sum(_time.GetTimestamp()).Should().Be(0);
    }

    [Fact]
    public void Only_the_expired_buckets_drop_out()
    {
        var counter = Counter();
        for (var second = 0; second < 60; second++)
        {
            counter.Add(_time.GetTimestamp(), 2);
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        counter.Sum(_time.GetTimestamp()).Should().Be(110, "the first 5 s bucket has left, 55 s remain");
        counter.RatePerSecond(_time.GetTimestamp()).Should().BeApproximately(110 / 60.0, 1e-9);
    }

    [Fact]
    public void A_reused_slot_forgets_its_old_bucket()
    {
        var counter = Counter();
        counter.Add(_time.GetTimestamp(), 5);
        _time.Advance(TimeSpan.FromSeconds(120));
        counter.Add(_time.GetTimestamp(), 1);
        counter.Sum(_time.GetTimestamp()).Should().Be(1);
    }

    [Fact]
    public void Events_older_than_the_window_are_ignored()
    {
        var counter = Counter();
        var old = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromSeconds(120));
        counter.Add(_time.GetTimestamp());
        counter.Add(old);
        counter.Sum(_time.GetTimestamp()).Should().Be(1);
    }
}
