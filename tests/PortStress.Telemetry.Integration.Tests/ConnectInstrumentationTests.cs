using System.Net;
using System.Net.Sockets;
using System.Text;
using PortStress.Telemetry.Connect;

namespace PortStress.Telemetry.Integration.Tests;

/// <summary>Real loopback sockets; no root needed.</summary>
public sealed class ConnectInstrumentationTests : IDisposable
{
    private readonly TransportEventRing _ring = new(4096);
    private readonly DestinationRegistry _registry = new();
    private readonly RingTransportObserver _observer;

    public ConnectInstrumentationTests() => _observer = new RingTransportObserver(_ring, TimeProvider.System);

    public void Dispose() => _ring.Dispose();

    private List<TransportEvent> Drain()
    {
        var collector = new EventCollector { Events = [] };
        _ring.Drain(ref collector);
        return collector.Events;
    }

    [Fact]
    public async Task A_successful_connect_records_attempt_and_latency_for_its_destination()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var remote = (IPEndPoint)listener.LocalEndpoint;
        var connector = new InstrumentedConnector(_observer, _registry);

        using var socket = await connector.ConnectAsync(remote);

        var events = Drain();
        events.Select(e => e.Kind).Should().Equal(TransportEventKind.ConnectAttempt, TransportEventKind.ConnectSucceeded);
        events.Should().OnlyContain(e => e.Destination == _registry.GetOrAdd(DestinationKey.FromEndPoint(remote)));
        events[1].Elapsed.Should().BePositive();
        socket.NoDelay.Should().BeTrue();
    }

    [Fact]
    public async Task A_refused_connect_records_the_cause_and_errno()
    {
        var remote = UnusedLoopbackEndPoint();
        var connector = new InstrumentedConnector(_observer, _registry);

        var connect = async () => await connector.ConnectAsync(remote);

        (await connect.Should().ThrowAsync<SocketException>()).Which.SocketErrorCode.Should().Be(SocketError.ConnectionRefused);
        var failure = Drain().Single(e => e.Kind == TransportEventKind.ConnectFailed);
        failure.FailureCause.Should().Be(ConnectFailureCause.Refused);
        failure.Errno.Should().Be(111);
    }

    [Fact]
    public async Task A_local_address_is_bound_without_fixing_the_port()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var connector = new InstrumentedConnector(_observer, _registry, options: new ConnectorOptions { LocalAddress = IPAddress.Parse("127.0.0.2") });

        using var socket = await connector.ConnectAsync((IPEndPoint)listener.LocalEndpoint);

        ((IPEndPoint)socket.LocalEndPoint!).Address.Should().Be(IPAddress.Parse("127.0.0.2"));
    }

    [Fact]
    public async Task A_source_port_window_bounds_the_local_ports()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        // Below the kernel's ephemeral range (32768 and up by default) so no automatically chosen port sits in the window.
        var first = (ushort)(20000 + Random.Shared.Next(12000));
        var connector = new InstrumentedConnector(_observer, _registry, options: new ConnectorOptions { SourcePortWindow = (first, (ushort)(first + 3)) });

        var sockets = new List<Socket>();
        for (var i = 0; i < 4; i++)
            sockets.Add(await connector.ConnectAsync((IPEndPoint)listener.LocalEndpoint));

        sockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port).Should().OnlyContain(p => p >= first && p <= first + 3).And.OnlyHaveUniqueItems();
        foreach (var s in sockets)
            s.Dispose();
    }

    [Fact]
    public async Task A_window_port_whose_four_tuple_is_taken_is_skipped_at_connect()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var remote = (IPEndPoint)listener.LocalEndpoint;
        var first = (ushort)(20000 + Random.Shared.Next(12000));
        var holders = new List<Socket>();
        try
        {
            // Hold the window's other two ports with connections to the same destination; binding them again
            // succeeds (SO_REUSEADDR) but connect() then finds the 4-tuple taken (EADDRNOTAVAIL).
            foreach (var port in new[] { first + 1, first + 2 })
            {
                var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                holder.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                holder.Bind(new IPEndPoint(IPAddress.Any, port));
                await holder.ConnectAsync(remote);
                holders.Add(holder);
            }
            var connector = new InstrumentedConnector(_observer, _registry, options: new ConnectorOptions { SourcePortWindow = (first, (ushort)(first + 2)) });

            using var socket = await connector.ConnectAsync(remote);

            ((IPEndPoint)socket.LocalEndPoint!).Port.Should().Be(first);
            Drain().Select(e => e.Kind).Should().Equal(TransportEventKind.ConnectAttempt, TransportEventKind.ConnectSucceeded);
        }
        finally
        {
            foreach (var holder in holders)
                holder.Dispose();
        }
    }

    [Fact]
    public async Task Http_dependencies_are_measured_and_reuse_pooled_connections()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var serving = ServeHttpAsync(server, requests: 3);
        var connector = new InstrumentedConnector(_observer, _registry);
        using var client = new HttpClient(InstrumentedHttpConnect.CreateHandler(connector, new HttpPoolingPolicy { MaxConnectionsPerServer = 1 }));
        var uri = new Uri($"http://127.0.0.1:{((IPEndPoint)server.LocalEndpoint).Port}/");

        for (var i = 0; i < 3; i++)
            (await client.GetStringAsync(uri)).Should().Be("ok");
        await serving;

        var events = Drain();
        events.Count(e => e.Kind == TransportEventKind.ConnectAttempt).Should().Be(1, "the pooled connection is reused");
        events.Should().ContainSingle(e => e.Kind == TransportEventKind.ConnectSucceeded);
    }

    [Fact]
    public async Task The_event_listener_reports_connects_made_by_code_that_was_not_changed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var remote = (IPEndPoint)listener.LocalEndpoint;
        using (new SocketsConnectEventListener(_observer, _registry))
        {
            using var plain = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await plain.ConnectAsync(remote);
        }

        var events = Drain().Where(e => e.Destination == _registry.GetOrAdd(DestinationKey.FromEndPoint(remote))).ToList();
        events.Select(e => e.Kind).Should().Equal(TransportEventKind.ConnectAttempt, TransportEventKind.ConnectSucceeded);
    }

    private static IPEndPoint UnusedLoopbackEndPoint()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return (IPEndPoint)probe.LocalEndpoint;
    }

    private static async Task ServeHttpAsync(TcpListener server, int requests)
    {
        using var connection = await server.AcceptSocketAsync();
        var buffer = new byte[4096];
        var response = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok");
        var received = new StringBuilder();
        for (var served = 0; served < requests;)
        {
            var n = await connection.ReceiveAsync(buffer);
            if (n == 0)
                return;
            received.Append(Encoding.ASCII.GetString(buffer, 0, n));
            while (received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var text = received.ToString();
                received.Clear().Append(text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
                await connection.SendAsync(response);
                served++;
            }
        }
    }
}
