using PortStress.Gateway.Conformance;

namespace PortStress.Gateway.Tests.Conformance;

public class ScriptRunnerTests
{
    private const string LogonLogout = """
        # logon, logout, the engine closes
        iCONNECT
        I8=FIX.4.2|35=A|34=1|49=TW|52=<TIME>|56=ISLD|98=0|108=30|
        E8=FIX.4.2|9=61|35=A|34=1|49=ISLD|52=00000000-00:00:00.000|56=TW|98=0|108=30|10=0|

        I8=FIX.4.2|35=5|34=2|49=TW|52=<TIME>|56=ISLD|
        E8=FIX.4.2|9=49|35=5|34=2|49=ISLD|52=00000000-00:00:00.000|56=TW|10=0|
        eDISCONNECT
        """;

    private static readonly ScriptRunner Patient = new(new ScriptRunnerOptions { StepTimeout = TimeSpan.FromSeconds(10) });
    private static readonly ScriptRunner Impatient = new(new ScriptRunnerOptions { StepTimeout = TimeSpan.FromMilliseconds(300) });

    private static ConformanceScript Script(string text) => ScriptParser.Parse("test", text.Replace('|', '\u0001'));

    /// <summary>Answers Logon and Logout like the engine should; closes after Logout unless told not to.</summary>
    private static Func<FakePeer, string, Task> Engine(bool byteByByte = false, bool closeAfterLogout = true, int? logonSeqNum = null, bool heartbeatInsteadOfClose = false) =>
        async (peer, text) =>
        {
            if (text.Contains("|35=A|", StringComparison.Ordinal))
            {
                await peer.SendAsync(FakePeer.Mirror(text, logonSeqNum), byteByByte);
            }
            else if (text.Contains("|35=5|", StringComparison.Ordinal))
            {
                await peer.SendAsync(FakePeer.Mirror(text), byteByByte);
                if (heartbeatInsteadOfClose)
                {
                    await peer.SendAsync(FakePeer.Mirror(text.Replace("|35=5|", "|35=0|", StringComparison.Ordinal), 3));
                }
                else if (closeAfterLogout)
                {
                    peer.Close();
                }
            }
        };

    [Fact]
    public async Task A_dialogue_that_matches_passes()
    {
        await using var fake = new FakeAcceptor(Engine());
        var result = await Patient.RunAsync(Script(LogonLogout), fake.EndPoint);
        result.Failure.Should().BeNull();
        result.Passed.Should().BeTrue();
        fake.Received.Should().HaveCount(2);
        fake.Received.First().Should().StartWith("8=FIX.4.2|9=").And.Contain("|35=A|34=1|49=TW|52=");
    }

    [Fact]
    public async Task A_wrong_value_fails_at_its_step_with_expected_and_received()
    {
        await using var fake = new FakeAcceptor(Engine(logonSeqNum: 7));
        var result = await Patient.RunAsync(Script(LogonLogout), fake.EndPoint);
        result.Passed.Should().BeFalse();
        var failure = result.Failure!;
        failure.Step.Should().Be(3);
        failure.Line.Should().Be(4);
        failure.Reason.Should().Be("field 4, tag 34: expected '1', received '7'");
        failure.Expected.Should().StartWith("8=FIX.4.2|9=61|35=A|34=1|49=ISLD|");
        failure.Received.Should().StartWith("8=FIX.4.2|9=61|35=A|34=7|49=ISLD|");
        failure.ToString().Should().Be("step 3 (line 4): field 4, tag 34: expected '1', received '7'");
    }

    [Fact]
    public async Task Frames_that_arrive_a_byte_at_a_time_are_put_back_together()
    {
        await using var fake = new FakeAcceptor(Engine(byteByByte: true));
        var result = await Patient.RunAsync(Script(LogonLogout), fake.EndPoint);
        result.Failure.Should().BeNull();
    }

    [Fact]
    public async Task Two_frames_in_one_write_are_read_one_per_expectation()
    {
        var script = Script("""
            iCONNECT
            I8=FIX.4.4|35=1|34=1|49=TW|52=<TIME>|56=ISLD|112=a|
            E8=FIX.4.4|35=0|34=1|49=ISLD|52=00000000-00:00:00.000|56=TW|112=a|
            E8=FIX.4.4|35=0|34=2|49=ISLD|52=00000000-00:00:00.000|56=TW|112=b|
            """);
        await using var fake = new FakeAcceptor(async (peer, text) =>
        {
            var first = PortStress.Fix.Protocol.FixText.ToFrame(FakePeer.Mirror(text.Replace("35=1", "35=0", StringComparison.Ordinal)));
            var second = PortStress.Fix.Protocol.FixText.ToFrame(FakePeer.Mirror(text.Replace("35=1", "35=0", StringComparison.Ordinal).Replace("112=a", "112=b", StringComparison.Ordinal), 2));
            await peer.SendRawAsync([.. first, .. second]);
        });
        var result = await Patient.RunAsync(script, fake.EndPoint);
        result.Failure.Should().BeNull();
    }

    [Fact]
    public async Task An_engine_that_keeps_the_connection_open_fails_eDISCONNECT_after_the_timeout()
    {
        await using var fake = new FakeAcceptor(Engine(closeAfterLogout: false));
        var result = await Impatient.RunAsync(Script(LogonLogout), fake.EndPoint);
        result.Failure!.Step.Should().Be(6);
        result.Failure.Reason.Should().Be("expected the engine to close connection 1, it stayed open (nothing within 300 ms)");
    }

    [Fact]
    public async Task A_message_where_a_disconnect_is_expected_fails()
    {
        await using var fake = new FakeAcceptor(Engine(heartbeatInsteadOfClose: true));
        var result = await Patient.RunAsync(Script(LogonLogout), fake.EndPoint);
        result.Failure!.Step.Should().Be(6);
        result.Failure.Reason.Should().Be("expected the engine to close connection 1, received a message instead");
        result.Failure.Received.Should().Contain("|35=0|34=3|");
    }

    [Fact]
    public async Task A_silent_engine_fails_the_expectation_after_the_timeout()
    {
        await using var fake = new FakeAcceptor((_, _) => Task.CompletedTask);
        var result = await Impatient.RunAsync(Script(LogonLogout), fake.EndPoint);
        result.Failure!.Step.Should().Be(3);
        result.Failure.Reason.Should().Be("expected a message on connection 1, nothing within 300 ms");
        result.Failure.Expected.Should().Contain("|35=A|");
        result.Failure.Received.Should().BeNull();
    }

    [Fact]
    public async Task A_close_where_a_message_is_expected_fails()
    {
        await using var fake = new FakeAcceptor((peer, _) =>
        {
            peer.Close();
            return Task.CompletedTask;
        });
        var result = await Patient.RunAsync(Script(LogonLogout), fake.EndPoint);
        result.Failure!.Step.Should().Be(3);
        result.Failure.Reason.Should().Be("expected a message on connection 1, the engine closed the connection");
    }

    [Fact]
    public async Task Bytes_that_are_not_a_frame_fail_the_expectation()
    {
        await using var fake = new FakeAcceptor((peer, _) => peer.SendRawAsync("hello, this is not FIX\n"u8.ToArray()));
        var result = await Patient.RunAsync(Script(LogonLogout), fake.EndPoint);
        result.Failure!.Step.Should().Be(3);
        result.Failure.Reason.Should().StartWith("expected a message on connection 1, received bytes that are not a frame");
        result.Failure.Received.Should().StartWith("hello");
    }

    [Fact]
    public async Task Numbered_connections_are_separate_sockets()
    {
        var script = Script("""
            i1,CONNECT
            I1,8=FIX.4.4|35=A|34=1|49=TW|52=<TIME>|56=ISLD|98=0|108=30|
            E1,8=FIX.4.4|9=61|35=A|34=1|49=ISLD|52=00000000-00:00:00.000|56=TW|98=0|108=30|10=0|
            i2,CONNECT
            I2,8=FIX.4.4|35=A|34=1|49=TW|52=<TIME>|56=ISLD|98=0|108=30|
            e2,DISCONNECT
            I1,8=FIX.4.4|35=5|34=2|49=TW|52=<TIME>|56=ISLD|
            E1,8=FIX.4.4|9=49|35=5|34=2|49=ISLD|52=00000000-00:00:00.000|56=TW|10=0|
            i1,DISCONNECT
            """);
        await using var fake = new FakeAcceptor(async (peer, text) =>
        {
            if (peer.Number == 2)
            {
                peer.Close();
                return;
            }

            await peer.SendAsync(FakePeer.Mirror(text));
        });
        var result = await Patient.RunAsync(script, fake.EndPoint);
        result.Failure.Should().BeNull();
        fake.Received.Should().HaveCount(3);
    }

    [Fact]
    public async Task Using_a_connection_that_is_not_open_fails_the_step()
    {
        await using var fake = new FakeAcceptor(Engine());
        var result = await Patient.RunAsync(Script("iCONNECT\nI2,8=FIX.4.4|35=0|34=1|\n"), fake.EndPoint);
        result.Failure!.ToString().Should().Be("step 2 (line 2): connection 2 is not open");
    }

    [Fact]
    public async Task A_refused_connect_fails_the_step()
    {
        System.Net.IPEndPoint endpoint;
        await using (var fake = new FakeAcceptor(Engine()))
        {
            endpoint = fake.EndPoint;
        }

        var result = await Patient.RunAsync(Script("iCONNECT\n"), endpoint);
        result.Failure!.Reason.Should().StartWith($"connect 1 to {endpoint} failed");
    }
}
