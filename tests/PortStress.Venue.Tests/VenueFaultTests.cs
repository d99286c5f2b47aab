using PortStress.Fix.Protocol;
using static PortStress.Venue.Tests.VenueFixtures;

namespace PortStress.Venue.Tests;

/// <summary>Each fault over real loopback with our own initiator; delays run on the venue's fake clock, so nothing here depends on how fast the machine is.</summary>
public class VenueFaultTests
{
    [Fact]
    public async Task Refused_connects_are_closed_at_once_until_the_fault_is_switched_off()
    {
        await using var venue = new VenueSimulator(Options(o => o.Faults.RefuseConnects = true), Clock());
        await venue.StartAsync();
        await using var client = new FixClient(venue.LocalEndPoint.Port);
        await client.StartAsync();

        await WaitFor(() => venue.Faults.ConnectionsRefused >= 2, "the venue to refuse two connection attempts (the client retries)");
        client.Session.IsLoggedOn.Should().BeFalse();
        client.Logons.Should().Be(0);
        venue.Sessions.Should().AllSatisfy(s => s.IsConnected.Should().BeFalse("a refused connection never reaches a session"));

        venue.Faults.RefuseConnects = false;
        await WaitFor(() => client.Session.IsLoggedOn, "the client to log on once connects are accepted again");
    }

    [Fact]
    public async Task A_slow_logon_is_answered_only_after_the_configured_delay()
    {
        var clock = Clock();
        // A logon timeout shorter than the delay: it covers the wait for the Logon, not the venue's own delay in answering it.
        await using var venue = new VenueSimulator(Options(o => o.LogonTimeout = TimeSpan.FromSeconds(3)), clock);
        venue.Faults.LogonDelay = TimeSpan.FromSeconds(5);
        await venue.StartAsync();
        await using var client = new FixClient(venue.LocalEndPoint.Port);
        await client.StartAsync();

        await WaitFor(() => venue.Faults.LogonsHeld == 1, "the venue to hold the Logon");
        clock.Advance(TimeSpan.FromSeconds(4));
        venue.Faults.LogonsHeld.Should().Be(1, "4 of the 5 seconds have passed on the venue's clock");
        client.Session.IsLoggedOn.Should().BeFalse();
        venue.Sessions.Should().AllSatisfy(s => s.IsLoggedOn.Should().BeFalse());

        clock.Advance(TimeSpan.FromSeconds(1));
        await WaitFor(() => client.Session.IsLoggedOn, "the Logon answered once the delay has passed");
        venue.Faults.LogonsDelayed.Should().Be(1);
        venue.Faults.LogonsHeld.Should().Be(0);
    }

    [Fact]
    public async Task Dropping_sessions_now_disconnects_every_logged_on_session_and_they_may_come_back()
    {
        await using var venue = new VenueSimulator(Options(), Clock());
        await venue.StartAsync();
        await using var first = await new FixClient(venue.LocalEndPoint.Port).LoggedOnAsync();
        await using var second = await new FixClient(venue.LocalEndPoint.Port, sender: "GW2").LoggedOnAsync();

        venue.Faults.DropSessionsNow().Should().Be(2);

        await WaitFor(() => first.Logouts == 1 && second.Logouts == 1, "both clients to see their session end");
        venue.Faults.SessionsDropped.Should().Be(2);
        await WaitFor(() => first.Session.IsLoggedOn && second.Session.IsLoggedOn && first.Logons == 2 && second.Logons == 2, "both clients to reconnect and log on again");
    }

    [Fact]
    public async Task Sessions_are_dropped_every_period_on_the_venue_clock()
    {
        var clock = Clock();
        await using var venue = new VenueSimulator(Options(o => o.Faults.DropSessionsEvery = TimeSpan.FromSeconds(10)), clock);
        await venue.StartAsync();
        await using var client = await new FixClient(venue.LocalEndPoint.Port).LoggedOnAsync();

        clock.Advance(TimeSpan.FromSeconds(9));
        venue.Faults.SessionsDropped.Should().Be(0);
        clock.Advance(TimeSpan.FromSeconds(1));
        venue.Faults.SessionsDropped.Should().Be(1);
        await WaitFor(() => client.Logouts == 1 && client.Session.IsLoggedOn, "the client to be dropped and log on again");

        clock.Advance(TimeSpan.FromSeconds(10));
        venue.Faults.SessionsDropped.Should().Be(2);
        await WaitFor(() => client.Logouts == 2 && client.Session.IsLoggedOn, "a second drop and a second reconnect");

        venue.Faults.DropSessionsEvery = null;
        clock.Advance(TimeSpan.FromSeconds(30));
        venue.Faults.SessionsDropped.Should().Be(2, "the schedule is off");
    }

    [Fact]
    public async Task Slow_acks_hold_execution_reports_for_the_configured_delay_in_order()
    {
        var clock = Clock();
        await using var venue = new VenueSimulator(Options(), clock);
        await venue.StartAsync();
        await using var client = await new FixClient(venue.LocalEndPoint.Port).LoggedOnAsync();
        venue.Faults.AckDelay = TimeSpan.FromSeconds(2);

        client.Send(FixClient.Order("slow", '1', 100, null));
        await WaitFor(() => venue.Faults.ReportsDelayed == 2, "the New and the Fill to be held");
        clock.Advance(TimeSpan.FromSeconds(1.5));
        client.Reports.Should().BeEmpty("the reports are due two seconds after the order on the venue's clock");

        clock.Advance(TimeSpan.FromSeconds(0.5));
        await client.WaitForReports(2, "the held reports");
        client.For("slow").Select(r => r[Tags.ExecType]).Should().Equal("0", "F");

        venue.Faults.AckDelay = TimeSpan.Zero;
        client.Send(FixClient.Order("fast", '1', 100, null));
        await client.WaitForReports(4, "the reports of the next order, at once with the fault off");
    }

    [Fact]
    public async Task A_connection_that_sends_no_Logon_is_closed_after_the_logon_timeout_on_the_venue_clock()
    {
        var clock = Clock();
        await using var venue = new VenueSimulator(Options(o => o.LogonTimeout = TimeSpan.FromSeconds(10)), clock);
        await venue.StartAsync();
        using var silent = new System.Net.Sockets.TcpClient();
        await silent.ConnectAsync("127.0.0.1", venue.LocalEndPoint.Port);
        var stream = silent.GetStream();
        var buffer = new byte[16];
        var read = stream.ReadAsync(buffer).AsTask();

        // The accept loop arms the timer when it takes the connection: keep the clock moving until the venue closes it.
        await WaitFor(
            () =>
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                return read.IsCompleted;
            },
            "the venue to close the silent connection");
        (await read).Should().Be(0, "the venue closed it without sending anything");
        clock.GetUtcNow().Should().BeOnOrAfter(clock.Start.AddSeconds(10), "not before the logon timeout on the venue's clock");
    }
}
