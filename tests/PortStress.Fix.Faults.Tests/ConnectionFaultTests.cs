using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Fix.Faults.Tests;

/// <summary>Counterparties that misbehave on the wire, against our acceptor.</summary>
public sealed class ConnectionFaultTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static async Task<RawFixClient> LogOn(RecordingAcceptor acceptor, int heartBtInt = 30, int seq = 1)
    {
        var client = await RawFixClient.ConnectAsync(acceptor.EndPoint);
        await client.SendAsync("A", seq, $"98=0|108={heartBtInt}|");
        (await client.ReceiveAsync(Patience)).Should().Contain("|35=A|");
        return client;
    }

    [Fact]
    public async Task A_counterparty_reset_in_the_middle_of_a_message_ends_the_session_and_the_next_logon_continues_the_sequence()
    {
        await using var acceptor = await RecordingAcceptor.StartAsync();
        var session = acceptor.Sessions["TW"];
        using (var client = await LogOn(acceptor))
        {
            await client.SendAsync("D", 2, $"11=A|21=1|38=100|40=1|54=1|55=INTC|60={RawFixClient.Now}|");
            var half = FixText.ToFrame($"8=FIX.4.4|35=D|34=3|49=TW|52={RawFixClient.Now}|56=ISLD|11=B|21=1|38=100|40=1|54=1|55=INTC|60={RawFixClient.Now}|");
            await client.SendRawAsync(half[..(half.Length / 2)]);
            await Wait.For(() => acceptor.Recorder.Orders.Count == 1, "the first order");
            client.Reset();
        }

        await Wait.For(() => !session.IsConnected, "the session to notice the reset");
        session.NextTargetSeqNum.Should().Be(3, "the half message was never a message");
        using var again = await LogOn(acceptor, seq: 3);
        session.IsLoggedOn.Should().BeTrue();
    }

    [Fact]
    public async Task A_half_open_connection_is_found_by_a_test_request_and_closed()
    {
        await using var acceptor = await RecordingAcceptor.StartAsync();
        using var client = await LogOn(acceptor, heartBtInt: 1);

        // The counterparty goes silent but keeps the socket open: we expect a TestRequest, then the close.
        var frames = await client.ReceiveUntilClosedAsync(TimeSpan.FromSeconds(8));
        frames.Should().Contain(f => f.Contains("|35=1|", StringComparison.Ordinal) && f.Contains("|112=TEST|", StringComparison.Ordinal));
        acceptor.Sessions["TW"].IsConnected.Should().BeFalse();
    }

    [Fact]
    public async Task Noise_before_the_logon_is_skipped_and_the_logon_accepted()
    {
        await using var acceptor = await RecordingAcceptor.StartAsync();
        using var client = await RawFixClient.ConnectAsync(acceptor.EndPoint);
        await client.SendRawAsync("GET / HTTP/1.0\r\n\r\n\u0001\u0001garbage"u8.ToArray());
        await client.SendAsync("A", 1, "98=0|108=30|");
        (await client.ReceiveAsync(Patience)).Should().Contain("|35=A|");
    }

    [Fact]
    public async Task A_garbled_logon_frame_is_refused_and_the_acceptor_carries_on()
    {
        await using var acceptor = await RecordingAcceptor.StartAsync();
        using (var bad = await RawFixClient.ConnectAsync(acceptor.EndPoint))
        {
            await bad.SendRawAsync(FixText.ToFrame($"8=FIX.4.4|9=40|35=A|34=1|49=TW|52={RawFixClient.Now}|56=ISLD|98=0|108=30|"));
            (await bad.ReceiveUntilClosedAsync(Patience)).Should().BeEmpty();
        }

        using var good = await LogOn(acceptor);
        acceptor.Sessions["TW"].IsLoggedOn.Should().BeTrue();
    }

    [Fact]
    public async Task An_oversized_body_length_is_rejected_at_once_and_the_session_resynchronises()
    {
        await using var acceptor = await RecordingAcceptor.StartAsync();
        using var client = await LogOn(acceptor);
        var hostile = System.Text.Encoding.ASCII.GetBytes("8=FIX.4.4\u00019=999999999\u000135=D\u000134=2\u0001");
        await client.SendRawAsync(hostile);
        await client.SendAsync("1", 2, "112=STILL-THERE|");
        (await client.ReceiveAsync(Patience)).Should().Contain("|35=0|").And.Contain("|112=STILL-THERE|");
        GC.GetTotalMemory(forceFullCollection: true).Should().BeLessThan(200L << 20, "nothing close to the declared 1 GB was allocated");
    }

    [Fact]
    public async Task A_counterparty_that_stops_reading_gets_backpressure_then_the_session_ends_with_a_reason_and_others_carry_on()
    {
        await using var acceptor = await RecordingAcceptor.StartAsync(s => s with { MaxOutboundBacklogBytes = 256 << 10 }, "ISLD", "TW", "OTHER");
        using var stalled = await LogOn(acceptor);
        stalled.Socket.ReceiveBufferSize = 4096;
        using var healthy = await RawFixClient.ConnectAsync(acceptor.EndPoint);
        healthy.SenderCompId = "OTHER";
        await healthy.SendAsync("A", 1, "98=0|108=30|");
        (await healthy.ReceiveAsync(Patience)).Should().Contain("|35=A|");

        var session = acceptor.Sessions["TW"];
        var report = new FixMessage();
        var outcomes = new Dictionary<SendOutcome, int>();
        var text = new string('x', 2000);
        for (var i = 0; i < 100_000 && session.IsConnected; i++)
        {
            report.Clear();
            report.Header.Set(Tags.MsgType, "B");
            report.Body.Set(148, "flood");
            report.Body.Set(Tags.Text, text);
            var outcome = session.Send(report);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            if (outcome == SendOutcome.Backpressure)
            {
                break;
            }
        }

        outcomes.Should().ContainKey(SendOutcome.Backpressure, "sends are refused once the backlog is half full");
        var other = acceptor.Sessions["OTHER"];
        for (var seq = 2; seq < 7; seq++)
        {
            await healthy.SendAsync("1", seq, $"112=T{seq}|");
            (await healthy.ReceiveAsync(Patience)).Should().Contain($"|112=T{seq}|", "one slow counterparty never stalls another session");
        }

        // Session-level traffic keeps flowing into the full backlog until it passes the limit: then the session ends, with a reason.
        session.Logout("test");
        await Wait.For(() => !session.IsConnected, "the stalled session to end", 10_000);
        other.IsLoggedOn.Should().BeTrue();
    }
}
