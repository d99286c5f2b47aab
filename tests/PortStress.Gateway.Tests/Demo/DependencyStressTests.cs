using System.Net;
using PortStress.Control;
using PortStress.Gateway.Demo;
using PortStress.Telemetry;

namespace PortStress.Gateway.Tests.Demo;

/// <summary>The demo's first stress source over real loopback sockets: a bounded source-port window really runs out.</summary>
public sealed class DependencyStressTests
{
    private static (ushort First, ushort Last) Window(int size) => PortWindow.Choose(size) ?? throw new InvalidOperationException("no room for a window");

    [Fact]
    public async Task Calls_beyond_the_window_fail_with_EADDRNOTAVAIL_on_the_ring_and_are_retried()
    {
        await using var service = new DependencyService { SetupCost = TimeSpan.FromMilliseconds(600) };
        service.Start();
        using var ring = new TransportEventRing(4096);
        var observer = new RingTransportObserver(ring, TimeProvider.System);
        var window = Window(4);
        await using var client = new DependencyClient(service.EndPoint, window, new ControlSnapshotPublisher(), observer, new DestinationRegistry(),
            TimeProvider.System, pooledConnections: 2, callBudget: TimeSpan.FromSeconds(5), seed: 1);

        // Eight calls at once on a four-port window whose connections each stay open for the 600 ms set-up.
        var answered = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => client.CallAsync(i, CancellationToken.None)));

        answered.Should().OnlyContain(a => a, "retries get every call through once ports free up");
        var events = Drain(ring);
        var failures = events.Where(e => e.Kind == TransportEventKind.ConnectFailed).ToList();
        failures.Should().NotBeEmpty();
        failures.Should().OnlyContain(e => e.FailureCause == ConnectFailureCause.AddressNotAvailable && e.Errno == 99);
        events.Count(e => e.Kind == TransportEventKind.RetryScheduled).Should().Be(failures.Count);
        events.Count(e => e.Kind == TransportEventKind.ConnectSucceeded).Should().Be(8);
        client.PooledCalls.Should().Be(0);
    }

    [Fact]
    public async Task While_the_controller_asks_for_pooled_connections_calls_share_a_few()
    {
        await using var service = new DependencyService { SetupCost = TimeSpan.FromMilliseconds(50) };
        service.Start();
        using var ring = new TransportEventRing(4096);
        var control = new ControlSnapshotPublisher();
        control.Publish(new ControlSnapshot(1, StressState.Yellow, new ExecutionParameters { KeepConnectionsPooled = true }, shadow: false, 0.6, default, 0));
        await using var client = new DependencyClient(service.EndPoint, Window(8), control, new RingTransportObserver(ring, TimeProvider.System),
            new DestinationRegistry(), TimeProvider.System, pooledConnections: 2, callBudget: TimeSpan.FromSeconds(5), seed: 1);

        for (var round = 0; round < 5; round++)
            (await Task.WhenAll(Enumerable.Range(0, 6).Select(i => client.CallAsync(i, CancellationToken.None)))).Should().OnlyContain(a => a);

        client.PooledCalls.Should().Be(30);
        service.Requests.Should().Be(30);
        service.Accepted.Should().Be(2, "two pooled connections carry all thirty calls");
    }

    [Fact]
    public async Task In_shadow_mode_the_decided_pooling_is_not_applied()
    {
        await using var service = new DependencyService();
        service.Start();
        using var ring = new TransportEventRing(1024);
        var control = new ControlSnapshotPublisher();
        control.Publish(new ControlSnapshot(1, StressState.Yellow, new ExecutionParameters { KeepConnectionsPooled = true }, shadow: true, 0.6, default, 0));
        await using var client = new DependencyClient(service.EndPoint, Window(8), control, new RingTransportObserver(ring, TimeProvider.System),
            new DestinationRegistry(), TimeProvider.System, pooledConnections: 2, callBudget: TimeSpan.FromSeconds(5), seed: 1);

        for (var i = 0; i < 3; i++)
            (await client.CallAsync(i, CancellationToken.None)).Should().BeTrue();

        client.Pooling.Should().BeFalse();
        service.Accepted.Should().Be(3, "a fresh connection per call");
    }

    [Fact]
    public async Task A_call_that_cannot_get_through_gives_up_when_its_budget_is_spent()
    {
        await using var service = new DependencyService { SetupCost = TimeSpan.FromSeconds(5) };
        service.Start();
        using var ring = new TransportEventRing(1024);
        await using var client = new DependencyClient(service.EndPoint, Window(4), new ControlSnapshotPublisher(), new RingTransportObserver(ring, TimeProvider.System),
            new DestinationRegistry(), TimeProvider.System, pooledConnections: 1, callBudget: TimeSpan.FromMilliseconds(300), seed: 1);

        var started = Environment.TickCount64;
        (await client.CallAsync(1, CancellationToken.None)).Should().BeFalse();

        (Environment.TickCount64 - started).Should().BeLessThan(3000);
        client.FailedCalls.Should().Be(1);
    }

    [Fact]
    public void The_window_sampler_reads_sockets_to_one_destination_from_the_kernel_table_format()
    {
        const string remote = "0100007F:A3F2"; // 127.0.0.1:41970
        var established = "   3: 0100007F:5DC1 0100007F:A3F2 01 00000000:00000000 00:00000000 00000000  1000        0 123 1 0000000000000000 20 4 30 10 -1";
        var timeWait = "  14: 0100007F:5DC2 0100007F:A3F2 06 00000000:00000000 03:00000F3A 00000000     0        0 0 3 0000000000000000";
        var elsewhere = "  15: 0100007F:5DC3 0100007F:1F90 06 00000000:00000000 03:00000F3A 00000000     0        0 0 3 0000000000000000";

        WindowPressureSampler.Parse(established, remote).Should().Be((0x5DC1, 0x01));
        WindowPressureSampler.Parse(timeWait, remote).Should().Be((0x5DC2, 0x06));
        WindowPressureSampler.Parse(elsewhere, remote).Should().BeNull();
        WindowPressureSampler.Parse("  sl  local_address rem_address   st tx_queue rx_queue", remote).Should().BeNull();
        new WindowSample(48, 16, 64).PortPressure.Should().Be(0.75);
        new WindowSample(48, 16, 64).TimeWaitRatio.Should().Be(0.25);
    }

    [Fact]
    public async Task The_window_sampler_sees_time_wait_left_by_client_first_closes()
    {
        await using var service = new DependencyService();
        service.Start();
        using var ring = new TransportEventRing(1024);
        var window = Window(8);
        await using var client = new DependencyClient(service.EndPoint, window, new ControlSnapshotPublisher(), new RingTransportObserver(ring, TimeProvider.System),
            new DestinationRegistry(), TimeProvider.System, pooledConnections: 1, callBudget: TimeSpan.FromSeconds(5), seed: 1);
        for (var i = 0; i < 8; i++)
            (await client.CallAsync(i, CancellationToken.None)).Should().BeTrue();
        var sampler = new WindowPressureSampler(window, service.EndPoint);

        await PortStress.Testing.Eventually.WaitFor(() => sampler.Sample().TimeWait == 8, "eight TIME_WAIT sockets in the window", 5000, () => sampler.Last.ToString());

        sampler.Last.TimeWaitRatio.Should().Be(1.0);
        sampler.Last.PortPressure.Should().Be(1.0);
    }

    private static List<TransportEvent> Drain(TransportEventRing ring)
    {
        var collector = new Collector { Events = [] };
        ring.Drain(ref collector);
        return collector.Events;
    }

    private struct Collector : ITransportEventHandler
    {
        public List<TransportEvent> Events;

        public readonly void OnEvent(in TransportEvent transportEvent) => Events.Add(transportEvent);
    }
}
