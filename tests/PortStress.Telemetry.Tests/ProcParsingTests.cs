using System.Net;
using System.Text;
using PortStress.Telemetry.Connect;
using PortStress.Telemetry.Internal;
using PortStress.Telemetry.Sampling;

namespace PortStress.Telemetry.Tests;

public class ProcParsingTests
{
    private const string Tcp4 = """
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 0100007F:2328 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 100 0 0 10 0
           1: 0100007F:9C40 0100007F:2329 01 00000000:00000000 00:00000000 00000000     0        0 2 1 0000000000000000 20 4 30 10 -1
           2: 0100007F:9C41 0100007F:2329 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0000000000000000
           3: 0100007F:9C42 0100007F:2329 06 00000000:00000000 03:00000FA0 00000000     0        0 0 3 0000000000000000
           4: 0100007F:7530 0100007F:2329 01 00000000:00000000 00:00000000 00000000     0        0 3 1 0000000000000000 20 4 30 10 -1

        """;

    private const string Tcp6 = """
          sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 0000000000000000FFFF00000100007F:9C43 0000000000000000FFFF00000100007F:2329 01 00000000:00000000 00:00000000 00000000     0        0 4 1 0000000000000000 20 4 30 10 -1
           1: 00000000000000000000000001000000:9C44 00000000000000000000000001000000:2329 02 00000000:00000000 01:00000064 00000001     0        0 5 1 0000000000000000 20 4 30 10 -1

        """;

    private struct Collector : ISocketVisitor
    {
        public List<SocketRecord> Sockets;

        public readonly void OnSocket(in SocketRecord socket) => Sockets.Add(socket);
    }

    private static List<SocketRecord> Parse(string text, bool ipv6, uint mask = uint.MaxValue)
    {
        var collector = new Collector { Sockets = [] };
        ProcTcpTable.Parse(Encoding.ASCII.GetBytes(text), ipv6, mask, 40000, 40063, ref collector);
        return collector.Sockets;
    }

    [Fact]
    public void Proc_tcp_lines_in_the_port_range_are_decoded_with_state_peer_and_timer()
    {
        var sockets = Parse(Tcp4, ipv6: false);

        sockets.Select(s => s.LocalPort).Should().Equal(40000, 40001, 40002);
        sockets.Should().OnlyContain(s => s.Remote == DestinationKey.FromEndPoint(new IPEndPoint(IPAddress.Loopback, 9001)));
        sockets.Select(s => s.State).Should().Equal(TcpState.Established, TcpState.TimeWait, TcpState.TimeWait);
        sockets[1].ExpiresMilliseconds.Should().Be(60_000);
        sockets[2].ExpiresMilliseconds.Should().Be(40_000);
    }

    [Fact]
    public void Proc_tcp6_mapped_addresses_merge_with_IPv4_and_the_state_mask_applies()
    {
        var sockets = Parse(Tcp6, ipv6: true, mask: SocketSamplerOptions.StateMask(TcpState.Established, TcpState.SynSent));

        sockets.Should().HaveCount(2);
        sockets[0].Remote.Should().Be(DestinationKey.FromEndPoint(new IPEndPoint(IPAddress.Loopback, 9001)));
        sockets[1].Remote.Should().Be(DestinationKey.FromEndPoint(new IPEndPoint(IPAddress.IPv6Loopback, 9001)));
        sockets[1].State.Should().Be(TcpState.SynSent);
        Parse(Tcp6, ipv6: true, mask: SocketSamplerOptions.StateMask(TcpState.TimeWait)).Should().BeEmpty();
    }

    [Fact]
    public void Sockstat_snmp_and_netstat_counters_are_read_by_name()
    {
        var values = new long[Enum.GetValues<TcpCounter>().Length];
        ProcNetCounters.ParseSockstat("sockets: used 11\nTCP: inuse 5 orphan 1 tw 42 alloc 7 mem 1\nUDP: inuse 0 mem 0\n"u8, values);
        ProcNetCounters.ParseTable(
            "Ip: Forwarding X\nIp: 1 2\nTcp: RtoAlgorithm ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab RetransSegs\nTcp: 1 100 3 7 2 5 9\n"u8,
            "Tcp:"u8,
            ["ActiveOpens"u8.ToArray(), "AttemptFails"u8.ToArray(), "EstabResets"u8.ToArray(), "RetransSegs"u8.ToArray()],
            [TcpCounter.ActiveOpens, TcpCounter.AttemptFails, TcpCounter.EstabResets, TcpCounter.RetransSegs],
            values);

        values[(int)TcpCounter.TimeWaitSockets].Should().Be(42);
        values[(int)TcpCounter.SocketsInUse].Should().Be(5);
        values[(int)TcpCounter.Orphans].Should().Be(1);
        values[(int)TcpCounter.ActiveOpens].Should().Be(100);
        values[(int)TcpCounter.AttemptFails].Should().Be(7);
        values[(int)TcpCounter.RetransSegs].Should().Be(9);
    }

    [Fact]
    public void Reserved_port_ranges_are_counted_inside_the_ephemeral_range_only()
    {
        var settings = new KernelNetSettings(40000, 40063, KernelNetSettings.ParseRanges("8080,40000-40009,40063-40100\n"), 0, null, 1024);
        settings.RangeSize.Should().Be(64);
        settings.ReservedInRange.Should().Be(11);
    }

    [Fact]
    public void Adaptive_cadence_goes_fast_on_pressure_or_a_fast_rise()
    {
        var options = new SocketSamplerOptions();
        TransportSampler.NextInterval(0.05, 0.04, options).Should().Be(options.CalmInterval);
        TransportSampler.NextInterval(0.25, 0.25, options).Should().Be(options.PressuredInterval);
        TransportSampler.NextInterval(0.15, 0.05, options).Should().Be(options.PressuredInterval);
    }

    [Theory]
    [InlineData("InterNetwork:16:{35,41,127,0,0,1,0,0,0,0,0,0,0,0}", "127.0.0.1:9001")]
    [InlineData("InterNetworkV6:28:{35,41,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,0,0,0,0}", "[::1]:9001")]
    public void Runtime_socket_address_strings_are_parsed_into_destinations(string text, string expected)
    {
        SocketsConnectEventListener.TryParseAddress(text, out var key).Should().BeTrue();
        key.ToString().Should().Be(expected);
    }
}
