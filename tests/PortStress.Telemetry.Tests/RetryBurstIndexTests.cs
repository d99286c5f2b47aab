using Microsoft.Extensions.Time.Testing;
using PortStress.Telemetry.Signals;

namespace PortStress.Telemetry.Tests;

public class RetryBurstIndexTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 2, 9, 30, 0, TimeSpan.Zero));

    private RetryBurstIndex Index(int minimum = 10) =>
        new(TimeSpan.FromMilliseconds(100), 5, minimum, _time.TimestampFrequency);

    [Fact]
    public void Uniform_retries_give_one_fifth()
    {
        var rbi = Index();
        for (var i = 0; i < 100; i++)
        {
            rbi.Record(_time.GetTimestamp());
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }
        rbi.WindowCount(_time.GetTimestamp()).Should().Be(50);
        rbi.Value(_time.GetTimestamp()).Should().BeApproximately(0.2, 1e-9);
    }

    [Fact]
    public void A_synchronised_burst_gives_one()
    {
        var rbi = Index();
        _time.Advance(TimeSpan.FromMilliseconds(220));
        for (var i = 0; i < 40; i++)
            rbi.Record(_time.GetTimestamp() + i);
        _time.Advance(TimeSpan.FromMilliseconds(300));
        rbi.Value(_time.GetTimestamp()).Should().Be(1.0);
    }

    [Fact]
    public void A_partial_burst_gives_the_largest_bucket_share()
    {
        var rbi = Index();
        for (var bucket = 0; bucket < 5; bucket++)
        {
            var count = bucket == 3 ? 16 : 1;
            for (var i = 0; i < count; i++)
                rbi.Record(_time.GetTimestamp());
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }
        rbi.Value(_time.GetTimestamp()).Should().BeApproximately(16.0 / 20, 1e-9);
    }

    [Fact]
    public void Nothing_is_reported_below_the_minimum_count()
    {
        var rbi = Index(minimum: 10);
        for (var i = 0; i < 9; i++)
            rbi.Record(_time.GetTimestamp());
        _time.Advance(TimeSpan.FromMilliseconds(100));
        rbi.Value(_time.GetTimestamp()).Should().BeNull();
    }

    [Fact]
    public void The_bucket_still_filling_is_not_counted()
    {
        var rbi = Index(minimum: 1);
        rbi.Record(_time.GetTimestamp());
        rbi.Value(_time.GetTimestamp()).Should().BeNull();
        _time.Advance(TimeSpan.FromMilliseconds(100));
        rbi.Value(_time.GetTimestamp()).Should().Be(1.0);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        rbi.Value(_time.GetTimestamp()).Should().BeNull("the retry left the 500 ms window");
    }
}
