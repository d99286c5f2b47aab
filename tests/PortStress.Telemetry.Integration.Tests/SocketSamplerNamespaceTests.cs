using System.Net;
using System.Net.Sockets;
using PortStress.Telemetry.Connect;
using PortStress.Telemetry.Sampling;
using PortStress.Telemetry.Signals;

namespace PortStress.Telemetry.Integration.Tests;

public sealed class SocketSamplerNamespaceTests : IDisposable
{
    private const ushort Low = 40000;
    private const ushort High = 40063;
    private static readonly IPEndPoint VenueA = new(IPAddress.Loopback, 9001);
    private static readonly IPEndPoint VenueB = new(IPAddress.Loopback, 9002);
    private readonly List<IDisposable> _cleanup = [];
    private NetworkNamespace? _ns;

    private NetworkNamespace Ns => _ns ??= NetworkNamespace.Create(Low, High);

    public void Dispose()
    {
        foreach (var d in Enumerable.Reverse(_cleanup))
            d.Dispose();
        _ns?.Dispose();
    }

    private T Keep<T>(T disposable)
        where T : IDisposable
    {
        _cleanup.Add(disposable);
        return disposable;
    }

    private static Socket ConnectBlocking(InstrumentedConnector connector, IPEndPoint remote)
    {
        var pending = connector.ConnectAsync(remote);
        SpinWait.SpinUntil(() => pending.IsCompleted, TimeSpan.FromSeconds(10));
        return pending.IsCompletedSuccessfully ? pending.Result : throw pending.AsTask().Exception!.InnerException!;
    }

    [NetnsFact]
    public void Exhausting_one_destination_records_EADDRNOTAVAIL_and_full_pressure_while_another_is_unaffected()
    {
        Ns.Run(() =>
        {
            Keep(NetworkNamespace.Listen(9001));
            Keep(NetworkNamespace.Listen(9002));
            var time = TimeProvider.System;
            var ring = Keep(new TransportEventRing(1024));
            var registry = new DestinationRegistry();
            var connector = new InstrumentedConnector(new RingTransportObserver(ring, time), registry, time);

            for (var i = 0; i <= High - Low; i++)
                Keep(ConnectBlocking(connector, VenueA));
            var exhausted = () => ConnectBlocking(connector, VenueA);
            exhausted.Should().Throw<SocketException>().Which.SocketErrorCode.Should().Be(SocketError.AddressNotAvailable);

            var sampler = Keep(new SocketTableSampler());
            sampler.Source.Should().Be(SocketTableSource.SockDiag);
            var sample = sampler.Sample();
            sample.UsablePorts.Should().Be(64);
            sample.For(DestinationKey.FromEndPoint(VenueA))!.PortPressureRatio.Should().Be(1.0);
            sample.For(DestinationKey.FromEndPoint(VenueA))!.CountIn(TcpState.Established).Should().Be(64);

            Keep(ConnectBlocking(connector, VenueB));
            sample = sampler.Sample();
            sample.For(DestinationKey.FromEndPoint(VenueB))!.PortPressureRatio.Should().Be(1.0 / 64);
            sample.For(DestinationKey.FromEndPoint(VenueA))!.PortPressureRatio.Should().Be(1.0);

            var signals = new TransportSignals(time);
            var events = new EventCollector { Events = [] };
            ring.Drain(ref events);
            var failure = events.Events.Single(e => e.Kind == TransportEventKind.ConnectFailed);
            failure.FailureCause.Should().Be(ConnectFailureCause.AddressNotAvailable);
            failure.Errno.Should().Be(99);
            failure.Destination.Should().Be(registry.GetOrAdd(DestinationKey.FromEndPoint(VenueA)));
            foreach (var e in events.Events)
                signals.OnEvent(e);
            signals.FailuresOf(ConnectFailureCause.AddressNotAvailable).Sum(time.GetTimestamp()).Should().Be(1);
            signals.ForDestination(registry.GetOrAdd(DestinationKey.FromEndPoint(VenueB)))!.ConnectFailureRatio(time.GetTimestamp()).Should().Be(0);
        });
    }

    [NetnsFact]
    public void Closing_client_first_gives_TIME_WAIT_counts_equal_to_ss()
    {
        const int connections = 40;
        var sample = Ns.Run(() =>
        {
            var listener = Keep(NetworkNamespace.Listen(9001));
            using var counters = new TcpCounterSampler();
            counters.Sample();
            var createdBefore = counters[TcpCounter.TimeWaitCreated];
            var pairs = new List<(Socket Client, Socket Server)>();
            for (var i = 0; i < connections; i++)
            {
                var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                client.Connect(VenueA);
                pairs.Add((client, listener.Accept()));
            }
            foreach (var (client, _) in pairs)
                client.Close();
            SpinWait.SpinUntil(() => false, 50);
            foreach (var (_, server) in pairs)
                server.Close();
            using var sampler = new SocketTableSampler();
            SpinWait.SpinUntil(() => sampler.Sample().Destinations.Sum(d => d.Total - d.TimeWait) == 0, TimeSpan.FromSeconds(5));
            var s = sampler.Sample();
            counters.Sample();
            return (TimeWait: s.TotalTimeWait, Created: counters[TcpCounter.TimeWaitCreated] - createdBefore, ForA: s.For(DestinationKey.FromEndPoint(VenueA))?.TimeWait ?? 0,
                Relief: s.For(DestinationKey.FromEndPoint(VenueA))?.OldestTimeWaitExpiresIn);
        });

        var ss = Ns.SsCount("time-wait", "sport >= :40000 and sport <= :40063");
        sample.TimeWait.Should().Be(ss);
        sample.ForA.Should().Be(ss);
        sample.Created.Should().Be(ss, "TcpExt TW counts TIME_WAIT creations");
        ss.Should().BeInRange(connections - 2, connections, "a rare reset may skip TIME_WAIT");
        sample.Relief.Should().NotBeNull();
        sample.Relief!.Value.Should().BeGreaterThan(TimeSpan.FromSeconds(50)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(60));
    }

    [NetnsFact]
    public void Sock_diag_and_the_proc_parser_agree()
    {
        Ns.Run(() =>
        {
            var listener = Keep(NetworkNamespace.Listen(9001));
            var listener2 = Keep(NetworkNamespace.Listen(9002, AddressFamily.InterNetworkV6));
            for (var i = 0; i < 20; i++)
            {
                var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                client.Connect(i % 2 == 0 ? VenueA : VenueB);
                Keep(listener.Poll(0, SelectMode.SelectRead) ? listener.Accept() : client);
                if (i % 3 == 0)
                    client.Close();
                else
                    Keep(client);
            }
            var v6 = Keep(new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp));
            v6.Connect(new IPEndPoint(IPAddress.IPv6Loopback, 9002));
            Thread.Sleep(100);

            using var diag = new SocketTableSampler(new SocketSamplerOptions { CountBoundPorts = false });
            using var proc = new SocketTableSampler(new SocketSamplerOptions { ForceProcFallback = true });
            proc.Source.Should().Be(SocketTableSource.ProcNetTcp);
            var a = Describe(diag.Sample());
            var b = Describe(proc.Sample());
            a.Should().NotBeEmpty();
            b.Should().BeEquivalentTo(a);
        });
    }

    [NetnsFact]
    public void IPv4_and_dual_mode_IPv6_sockets_to_one_peer_are_one_destination()
    {
        Ns.Run(() =>
        {
            Keep(NetworkNamespace.Listen(9001));
            var v4 = Keep(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            v4.Connect(VenueA);
            var dual = Keep(new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true });
            dual.Connect(new IPEndPoint(IPAddress.Parse("::ffff:127.0.0.1"), 9001));

            foreach (var options in new[] { new SocketSamplerOptions(), new SocketSamplerOptions { ForceProcFallback = true } })
            {
                using var sampler = new SocketTableSampler(options);
                var sample = sampler.Sample();
                sample.Destinations.Should().ContainSingle(d => d.Destination.Port == 9001);
                sample.For(DestinationKey.FromEndPoint(VenueA))!.CountIn(TcpState.Established).Should().Be(2, sampler.Source.ToString());
            }
        });
    }

    [NetnsFact]
    public void Sockets_outside_the_port_range_and_bound_ports_are_accounted_for()
    {
        Ns.Run(() =>
        {
            Keep(NetworkNamespace.Listen(9001));
            var outside = Keep(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            outside.Bind(new IPEndPoint(IPAddress.Loopback, 30000));
            outside.Connect(VenueA);
            var bound = Keep(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            bound.Bind(new IPEndPoint(IPAddress.Loopback, 40010));
            var inside = Keep(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            inside.Connect(VenueA);

            using var sampler = new SocketTableSampler();
            var sample = sampler.Sample();
            sample.BoundPortsHeld.Should().Be(1);
            sample.UsablePorts.Should().Be(63);
            sample.For(DestinationKey.FromEndPoint(VenueA))!.Total.Should().Be(1, "the socket on port 30000 is outside the range");
        });
    }

    private static List<string> Describe(SocketTableSample sample) =>
        sample.Destinations
            .SelectMany(d => Enum.GetValues<TcpState>().Where(s => d.CountIn(s) > 0).Select(s => $"{d.Destination} {s} {d.CountIn(s)}"))
            .Order(StringComparer.Ordinal)
            .ToList();
}
