using Microsoft.Extensions.Time.Testing;
using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Protocol;
using static PortStress.Fix.Engine.Tests.Sessions.EngineFixtures;

namespace PortStress.Fix.Engine.Tests.Sessions;

/// <summary>The session state machine alone: a fake clock and an in-memory connection.</summary>
public sealed class SessionTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 14, 0, 0, TimeSpan.Zero));
    private readonly RecordingApplication _app = new();
    private readonly CapturingConnection _connection = new();
    private readonly MemoryStore _store;

    public SessionTests() => _store = new MemoryStore(timeProvider: _time);

    private Session Acceptor(Func<SessionSettings, SessionSettings>? change = null)
    {
        var settings = Settings(ConnectionType.Acceptor, "ISLD", "TW", heartBtIntSeconds: 30);
        var session = NewSession(change?.Invoke(settings) ?? settings, _app, _store, _time);
        _connection.Attach(session);
        return session;
    }

    /// <summary>Feeds a message from the counterparty (TW -> ISLD), with SendingTime = now.</summary>
    private void Feed(Session session, string fields)
    {
        var time = _time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
        var parts = fields.Split('|', 3);
        session.OnFrame(FixText.ToFrame($"8=FIX.4.4|{parts[0]}|{parts[1]}|49=TW|52={time}|56=ISLD|{(parts.Length > 2 ? parts[2] : string.Empty)}"));
    }

    private Session LoggedOnAcceptor(Func<SessionSettings, SessionSettings>? change = null)
    {
        var session = Acceptor(change);
        Feed(session, "35=A|34=1|98=0|108=30|");
        session.IsLoggedOn.Should().BeTrue();
        _connection.Take().Should().ContainSingle().Which.Should().Contain("|35=A|34=1|");
        return session;
    }

    [Fact]
    public void A_heartbeat_follows_a_heartbeat_interval_of_send_silence()
    {
        var session = LoggedOnAcceptor();
        _time.Advance(TimeSpan.FromSeconds(29.9));
        session.OnTimer();
        _connection.Take().Should().BeEmpty();
        _time.Advance(TimeSpan.FromSeconds(0.1));
        session.OnTimer().Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(30));
        _connection.Take().Should().ContainSingle().Which.Should().Contain("|35=0|34=2|");
    }

    [Fact]
    public void A_test_request_follows_receive_silence_and_a_disconnect_follows_more()
    {
        var session = LoggedOnAcceptor();
        _time.Advance(TimeSpan.FromSeconds(35.9));
        session.OnTimer();
        _connection.Take().Should().NotContain(m => m.Contains("|35=1|", StringComparison.Ordinal));
        _time.Advance(TimeSpan.FromSeconds(0.1));
        session.OnTimer();
        _connection.Take().Should().Contain(m => m.Contains("|35=1|", StringComparison.Ordinal) && m.Contains("|112=TEST|", StringComparison.Ordinal));
        _time.Advance(TimeSpan.FromSeconds(35.9));
        session.OnTimer();
        _connection.DisconnectReason.Should().BeNull();
        _time.Advance(TimeSpan.FromSeconds(0.1));
        session.OnTimer();
        _connection.DisconnectReason.Should().StartWith("no message received for 72");
        _app.Events.Should().Contain("logout");
    }

    [Fact]
    public void Answering_a_test_request_wakes_the_timer_and_heartbeats_resume()
    {
        var session = LoggedOnAcceptor();
        var woken = 0;
        session.DeadlinesChanged += () => woken++;
        _time.Advance(TimeSpan.FromSeconds(30));
        session.OnTimer();
        _time.Advance(TimeSpan.FromSeconds(6));
        session.OnTimer();
        _connection.Take().Select(m => m.Split('|')[2]).Should().Equal("35=0", "35=1");
        Feed(session, "35=0|34=2|112=TEST|");
        woken.Should().Be(1);
        session.OnTimer().Should().Be(TimeSpan.FromSeconds(30), "the next heartbeat is due one interval after the TestRequest was sent");
    }

    [Fact]
    public void The_timer_asks_to_be_called_back_at_the_next_deadline_with_sub_second_precision()
    {
        var session = LoggedOnAcceptor();
        _time.Advance(TimeSpan.FromSeconds(12.25));
        session.OnTimer().Should().Be(TimeSpan.FromSeconds(17.75));
    }

    [Fact]
    public void An_initiator_without_a_logon_answer_disconnects_at_the_logon_timeout()
    {
        var settings = Settings(ConnectionType.Initiator, "ISLD", "TW") with { LogonTimeout = TimeSpan.FromSeconds(5) };
        var session = NewSession(settings, _app, _store, _time);
        _connection.Attach(session);
        _connection.Take().Should().ContainSingle().Which.Should().Contain("|35=A|");
        _time.Advance(TimeSpan.FromSeconds(4.99));
        session.OnTimer().Should().Be(TimeSpan.FromMilliseconds(10));
        _time.Advance(TimeSpan.FromMilliseconds(10));
        session.OnTimer();
        _connection.DisconnectReason.Should().Be("no Logon answer within 5 s");
    }

    [Fact]
    public void A_gap_asks_for_a_resend_and_queued_messages_are_processed_once_it_fills()
    {
        var session = LoggedOnAcceptor();
        Feed(session, "35=1|34=4|112=AFTER-GAP|");
        _connection.Take().Should().ContainSingle().Which.Should().Contain("|35=2|").And.Contain("|7=2|16=0|");
        Feed(session, "35=0|34=2|43=Y|122=20261124-13:59:59.000|");
        Feed(session, "35=0|34=3|43=Y|122=20261124-13:59:59.000|");
        _connection.Take().Should().ContainSingle().Which.Should().Contain("|35=0|").And.Contain("|112=AFTER-GAP|");
        session.NextTargetSeqNum.Should().Be(5);
    }

    [Fact]
    public void Resend_requests_are_chunked_by_the_configured_maximum()
    {
        var session = LoggedOnAcceptor(s => s with { MaxMessagesInResendRequest = 5 });
        Feed(session, "35=0|34=13|");
        _connection.Take().Should().ContainSingle().Which.Should().Contain("|7=2|16=6|");
        for (var seq = 2; seq <= 6; seq++)
        {
            Feed(session, $"35=0|34={seq}|43=Y|122=20261124-13:59:59.000|");
        }

        _connection.Take().Should().ContainSingle().Which.Should().Contain("|7=7|16=11|");
        for (var seq = 7; seq <= 11; seq++)
        {
            Feed(session, $"35=0|34={seq}|43=Y|122=20261124-13:59:59.000|");
        }

        _connection.Take().Should().ContainSingle().Which.Should().Contain("|7=12|16=12|", "a follow-up names its end so queued messages are not replayed");
        Feed(session, "35=0|34=12|43=Y|122=20261124-13:59:59.000|");
        session.NextTargetSeqNum.Should().Be(14, "the queued 13 is processed once 12 arrives");
    }

    [Fact]
    public void A_resend_replays_application_messages_with_PossDup_and_gap_fills_the_rest()
    {
        var session = LoggedOnAcceptor();
        session.Send(Order("A")).Should().Be(SendOutcome.Sent);           // 2
        _time.Advance(TimeSpan.FromSeconds(30));
        session.OnTimer();                                                // 3: heartbeat
        session.Send(Order("B")).Should().Be(SendOutcome.Sent);           // 4
        _connection.Take();
        Feed(session, "35=2|34=2|7=1|16=0|");
        var resent = _connection.Take();
        resent.Should().HaveCount(4);
        resent[0].Should().Contain("|35=4|34=1|43=Y|").And.Contain("|36=2|123=Y|");
        resent[1].Should().Contain("|35=D|34=2|43=Y|").And.Contain("|122=20261124-14:00:00.000|").And.Contain("|11=A|");
        resent[2].Should().Contain("|35=4|34=3|43=Y|").And.Contain("|36=4|123=Y|");
        resent[3].Should().Contain("|35=D|34=4|43=Y|").And.Contain("|11=B|");
        session.NextSenderSeqNum.Should().Be(5, "resends do not use new sequence numbers");
    }

    [Fact]
    public void Stale_orders_and_vetoed_messages_are_gap_filled_on_resend()
    {
        var session = LoggedOnAcceptor(s => s with { ResendMaxAge = TimeSpan.FromMinutes(1) });
        session.Send(Order("OLD")).Should().Be(SendOutcome.Sent);         // 2
        _time.Advance(TimeSpan.FromMinutes(2));
        session.Send(Order("NEW")).Should().Be(SendOutcome.Sent);         // 3
        session.Send(Order("VETO")).Should().Be(SendOutcome.Sent);        // 4
        _connection.Take();
        _app.VetoToApp = m => m.Body.GetString(Tags.ClOrdID) == "VETO";
        Feed(session, "35=2|34=2|7=2|16=4|");
        var resent = _connection.Take();
        resent.Should().HaveCount(3);
        resent[0].Should().Contain("|35=4|34=2|").And.Contain("|36=3|");
        resent[1].Should().Contain("|35=D|34=3|").And.Contain("|11=NEW|");
        resent[2].Should().Contain("|35=4|34=4|").And.Contain("|36=5|");
    }

    [Fact]
    public void A_message_below_the_expected_number_without_PossDup_ends_the_session_with_the_reason()
    {
        var session = LoggedOnAcceptor();
        Feed(session, "35=0|34=2|");
        Feed(session, "35=0|34=2|");
        _connection.Take().Should().ContainSingle().Which.Should().Contain("|35=5|").And.Contain("|58=MsgSeqNum too low, expecting 3 but received 2|");
        _connection.DisconnectReason.Should().Be("MsgSeqNum too low, expecting 3 but received 2");
        session.State.Should().Be(SessionState.Disconnected);
    }

    [Fact]
    public void An_application_message_the_application_does_not_handle_gets_a_business_reject()
    {
        var session = LoggedOnAcceptor();
        _app.Unsupported.Add("9");
        Feed(session, "35=9|34=2|11=C2|37=V1|39=8|41=C1|434=1|");
        _connection.Take().Should().ContainSingle().Which.Should().Contain("|35=j|").And.Contain("|45=2|58=Unsupported Message Type|372=9|380=3|");
        session.NextTargetSeqNum.Should().Be(3);
    }

    [Fact]
    public void A_MsgType_the_dictionary_does_not_know_gets_a_session_reject()
    {
        var session = LoggedOnAcceptor();
        Feed(session, "35=ZZ|34=2|");
        _connection.Take().Should().ContainSingle().Which.Should().Contain("|35=3|").And.Contain("|45=2|58=Invalid MsgType|372=ZZ|373=11|");
        session.NextTargetSeqNum.Should().Be(3);
    }

    [Fact]
    public void Send_refuses_when_not_logged_on_or_when_the_counterparty_is_not_reading()
    {
        var session = Acceptor();
        session.Send(Order("early")).Should().Be(SendOutcome.NotLoggedOn);
        Feed(session, "35=A|34=1|98=0|108=30|");
        _connection.PendingBytes = session.Settings.MaxOutboundBacklogBytes;
        session.Send(Order("late")).Should().Be(SendOutcome.Backpressure);
        _connection.PendingBytes = 0;
        session.Send(Order("fine")).Should().Be(SendOutcome.Sent);
    }

    [Fact]
    public async Task Posted_work_runs_at_once_when_the_session_is_free_and_otherwise_on_the_thread_inside_as_it_leaves_in_order()
    {
        var session = LoggedOnAcceptor();
        var ran = new List<(string What, int Thread)>();
        void Record(Session s, object? what) => ran.Add(((string)what!, Environment.CurrentManagedThreadId));

        session.Post(Record, "free");
        ran.Should().Equal([("free", Environment.CurrentManagedThreadId)]);

        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var sessionThread = 0;
        _app.InsideFromApp = _ =>
        {
            sessionThread = Environment.CurrentManagedThreadId;
            session.Post(Record, "own");
            inside.Set();
            release.Wait(TimeSpan.FromSeconds(10));
            ran.Should().HaveCount(1, "nothing posted runs while the callback is still inside");
        };
        var feeding = Task.Run(() => Feed(session, "35=D|34=2|11=X|21=1|55=INTC|54=1|60=20261124-14:00:00|38=100|40=1|"));
        inside.Wait(TimeSpan.FromSeconds(10)).Should().BeTrue();

        // Another thread posts while the session's thread is inside: it does not wait.
        var posting = Task.Run(() =>
        {
            session.Post(Record, "other-1");
            session.Post((s, _) => s.Send(Order("from-posted")), null);
            session.Post(Record, "other-2");
        });
        (await Task.WhenAny(posting, Task.Delay(TimeSpan.FromSeconds(10)))).Should().BeSameAs(posting);
        release.Set();
        await feeding;

        ran.Select(r => r.What).Should().Equal("free", "own", "other-1", "other-2");
        ran.Skip(1).Should().AllSatisfy(r => r.Thread.Should().Be(sessionThread, "the thread inside ran them as it left"));
        _connection.Take().Should().ContainSingle(m => m.Contains("|11=from-posted|", StringComparison.Ordinal));
    }

    [Fact]
    public void A_posted_work_that_throws_is_logged_and_the_next_still_runs()
    {
        var session = LoggedOnAcceptor();
        var ran = false;
        session.Post((_, _) => throw new InvalidOperationException("broken"), null);
        session.Post((_, _) => ran = true, null);
        ran.Should().BeTrue();
        session.Send(Order("after")).Should().Be(SendOutcome.Sent);
    }

    [Fact]
    public void A_crash_between_store_and_send_never_reuses_a_sequence_number()
    {
        var session = LoggedOnAcceptor();
        session.Send(Order("A")).Should().Be(SendOutcome.Sent);
        session.NextSenderSeqNum.Should().Be(3);
        _store.NextSenderSeqNum.Should().Be(3);
        var stored = new List<int>();
        _store.Get(1, 10, (seq, _) => stored.Add(seq));
        stored.Should().Equal(2);
    }

    [Fact]
    public void Passwords_never_reach_the_logs()
    {
        var text = Redactor.Redact(FixText.ToFrame("8=FIX.4.4|35=A|34=1|49=A|52=20261124-14:00:00|56=B|98=0|108=30|553=user|554=s3cret|925=n3w|"));
        text.Should().Contain("553=user").And.Contain("554=********").And.Contain("925=********").And.NotContain("s3cret").And.NotContain("n3w");
    }
}
