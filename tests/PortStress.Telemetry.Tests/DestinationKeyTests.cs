using System.Net;

namespace PortStress.Telemetry.Tests;

public class DestinationKeyTests
{
    [Fact]
    public void An_IPv4_endpoint_and_its_IPv4_mapped_form_are_one_destination()
    {
        var v4 = DestinationKey.FromEndPoint(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 9876));
        var mapped = DestinationKey.FromEndPoint(new IPEndPoint(IPAddress.Parse("::ffff:10.1.2.3"), 9876));

        mapped.Should().Be(v4);
        mapped.GetHashCode().Should().Be(v4.GetHashCode());
        v4.IsIPv4.Should().BeTrue();
        v4.ToString().Should().Be("10.1.2.3:9876");
    }

    [Fact]
    public void IPv6_destinations_keep_their_address_and_port()
    {
        var key = DestinationKey.FromEndPoint(new IPEndPoint(IPAddress.Parse("2001:db8::7"), 443));
        key.IsIPv4.Should().BeFalse();
        key.ToString().Should().Be("[2001:db8::7]:443");
        key.ToEndPoint().Should().Be(new IPEndPoint(IPAddress.Parse("2001:db8::7"), 443));
        key.Should().NotBe(DestinationKey.FromEndPoint(new IPEndPoint(IPAddress.Parse("2001:db8::7"), 444)));
    }

    [Fact]
    public void The_registry_hands_out_one_id_per_destination()
    {
        var registry = new DestinationRegistry();
        var a = DestinationKey.FromEndPoint(new IPEndPoint(IPAddress.Loopback, 1));
        var b = DestinationKey.FromEndPoint(new IPEndPoint(IPAddress.Loopback, 2));

        var ids = Enumerable.Range(0, 40).AsParallel().Select(i => registry.GetOrAdd(i % 2 == 0 ? a : b)).Distinct().ToList();

        ids.Should().HaveCount(2);
        registry.Count.Should().Be(2);
        registry.TryGetKey(registry.GetOrAdd(b), out var key).Should().BeTrue();
        key.Should().Be(b);
        registry.TryGetKey(DestinationId.None, out _).Should().BeFalse();
    }
}
