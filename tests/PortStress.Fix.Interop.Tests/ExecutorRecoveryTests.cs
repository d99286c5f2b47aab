using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Protocol;
using Xunit.Abstractions;
using static PortStress.Fix.Interop.Tests.Interop;

namespace PortStress.Fix.Interop.Tests;

/// <summary>
/// Sequence recovery both ways with the QuickFIX executor's RECOVER session (ResetOnLogon/Logout/
/// Disconnect=N, PersistMessages=Y; scripts/peers/executor.cfg.in) and our FileStore.
/// </summary>
[Collection(PeersCollection.Name)]
public sealed class ExecutorRecoveryTests(PeersFixture peers, ITestOutputHelper output) : IDisposable
{
    private const string Begin = "FIX.4.4";
    private const string Sender = "RECOVER";
    private readonly string _storeFolder = Directory.CreateTempSubdirectory("portstress-interop-store-").FullName;

    /// <summary>
    /// The gap, made deterministic by a relay between us and the executor (<see cref="LossyProxy"/>):
    /// <list type="number">
    /// <item>Orders R-1..R-3 and their fills pass normally.</item>
    /// <item>The relay loses everything the executor sends: orders R-4..R-6 reach it and it fills them,
    /// but the three fills never reach us (their gap, as we will see it).</item>
    /// <item>The relay also loses everything we send: orders R-7..R-9 and at least one admin message
    /// (our Heartbeat or TestRequest, as the link is now silent) never reach the executor (our gap,
    /// as it will see it).</item>
    /// <item>The relay resets both TCP connections and refuses new ones: no Logout either way. Our
    /// initiator and session are disposed as a crashed process would be, and the FileStore closed.</item>
    /// <item>A new session over the same FileStore reconnects (through a fresh relay that loses nothing).
    /// Its Logon is ahead of what the executor expects, so the executor asks for a resend from our first
    /// lost message; we replay R-7..R-9 with PossDupFlag=Y and OrigSendingTime and gap-fill the admin
    /// messages. The executor's Logon is ahead of what we expect, so we ask for a resend from its first
    /// lost message; it replays the fills of R-4..R-6 with PossDupFlag=Y.</item>
    /// </list>
    /// At the end every one of the nine orders has exactly one fill at our application.
    /// </summary>
    [PeersFact]
    public Task Messages_lost_both_ways_across_a_dropped_connection_are_recovered_with_resends_and_gap_fills() =>
        RecoverMessagesLostBothWays(maxMessagesInResendRequest: 0);

    /// <summary>
    /// The same gap, recovered by asking for one message per ResendRequest (MaxMessagesInResendRequest=1).
    /// On reconnect the executor's Logon (too high) is queued and its ResendRequest (the next number, also
    /// too high) is served but not queued. Our chunks walk 5..5, 6..6, 7..7, then 8..8 although 8 is the
    /// queued Logon: the queue is drained up to it (next expected 9), the executor's answer to 8..8 (a
    /// PossDup GapFill 34=8 36=9) is then dropped as a too-low duplicate before the step that asks for the
    /// next chunk, and no ResendRequest follows: 9 stays missing, the three fills queued behind it
    /// (34=10..12) never reach the application, and the session only heartbeats from then on.
    /// </summary>
    [PeersFact]
    public Task Messages_lost_both_ways_are_recovered_when_resend_requests_are_chunked() =>
        RecoverMessagesLostBothWays(maxMessagesInResendRequest: 1);

    private async Task RecoverMessagesLostBothWays(int maxMessagesInResendRequest)
    {
        peers.EnsureUp();
        var run = Environment.TickCount64 % 1_000_000;
        string Id(int i) => $"R{run}-{i}";
        var app = new InteropApplication();
        string Context() => $"executor log: {peers.LogTail("executor")}; we received: {string.Join(" ", app.FromAdmin.Concat(app.FromApp).Select(m => m.Text))}";
        int FillsFor(int i) => app.ExecutionReports.Count(r => r[Tags.ClOrdID] == Id(i));

        int ourFirstLost, theirFirstLost;
        await using (var lossy = new LossyProxy(Peers.ExecutorPort))
        {
            // The first Logon resets both sides (141=Y) so an earlier run's executor store does not matter.
            var store = new FileStore(_storeFolder, FileStore.FileNameFor(new SessionId(Begin, Sender, "EXEC")));
            var session = NewSession(Settings(Begin, Sender, "EXEC", heartBtIntSeconds: 2), app, store, new TestOutputLogger(output, "first"));
            await using (var initiator = Initiator(session, lossy.Port))
            {
                await initiator.StartAsync();
                await WaitFor(() => session.IsLoggedOn, "logon through the relay", context: Context);

                // 1. Everything passes.
                for (var i = 1; i <= 3; i++)
                {
                    session.Send(LimitOrder(Begin, Id(i))).Should().Be(SendOutcome.Sent);
                }

                await WaitFor(() => Enumerable.Range(1, 3).All(i => FillsFor(i) == 1), "fills of R-1..R-3", context: Context);

                // 2. The executor's fills of R-4..R-6 are lost.
                lossy.Drop(toPeer: false, toUs: true);
                for (var i = 4; i <= 6; i++)
                {
                    session.Send(LimitOrder(Begin, Id(i))).Should().Be(SendOutcome.Sent);
                }

                await WaitFor(() => lossy.Seen(Direction.ToUs, dropped: true).Count(f => f.MsgType == "8") == 3, "the executor filling R-4..R-6 (fills lost)", context: Context);

                // 3. Our orders R-7..R-9 and then an admin message are lost too.
                lossy.Drop(toPeer: true, toUs: true);
                for (var i = 7; i <= 9; i++)
                {
                    session.Send(LimitOrder(Begin, Id(i))).Should().Be(SendOutcome.Sent);
                }

                await WaitFor(
                    () => lossy.Seen(Direction.ToPeer, dropped: true).Any(f => f.MsgType is "0" or "1"),
                    "a Heartbeat or TestRequest of ours lost after the orders",
                    6_000,
                    Context);

                // 4. The network goes away: no Logout on either side.
                lossy.Cut();
                await WaitFor(() => !session.IsConnected, "our side noticing the reset connection", context: Context);
                var lostToPeer = lossy.Seen(Direction.ToPeer, dropped: true).ToArray();
                lostToPeer.Where(f => f.MsgType == "D").Select(f => f.Field(Tags.ClOrdID)).Should().Equal(Id(7), Id(8), Id(9));
                Log("before the cut", lossy);
                ourFirstLost = lostToPeer.Min(f => f.SeqNum);
                theirFirstLost = lossy.Seen(Direction.ToUs, dropped: true).Min(f => f.SeqNum);
                app.ExecutionReports.Should().HaveCount(3, "only the fills of R-1..R-3 got through so far");
            }

            store.Dispose();
        }

        // 5. A new session object over the same files comes back; sequence numbers continue.
        using var reopened = new FileStore(_storeFolder, FileStore.FileNameFor(new SessionId(Begin, Sender, "EXEC")));
        reopened.NextTargetSeqNum.Should().Be(theirFirstLost, "we never accepted anything after the first lost fill");
        reopened.NextSenderSeqNum.Should().BeGreaterThan(ourFirstLost, "the lost orders were sequenced and stored");
        var settings = Settings(Begin, Sender, "EXEC", heartBtIntSeconds: 2) with { ResetOnLogon = false, MaxMessagesInResendRequest = maxMessagesInResendRequest };
        var resumed = NewSession(settings, app, reopened, new TestOutputLogger(output, "resumed"));
        await using var relay = new LossyProxy(Peers.ExecutorPort);
        try
        {
            await using var initiator = Initiator(resumed, relay.Port);
            await initiator.StartAsync();
            await WaitFor(() => Enumerable.Range(1, 9).All(i => FillsFor(i) >= 1), "a fill for every one of the nine orders", 15_000,
                () => $"fills per order: {string.Join(", ", Enumerable.Range(1, 9).Select(i => $"R-{i}:{FillsFor(i)}"))}; next expected from the executor: {resumed.NextTargetSeqNum}; {Context()}");

            // Caught up both ways: a Logout answered in order means nothing else is in flight.
            resumed.Logout("recovered");
            await WaitFor(() => !resumed.IsConnected, "the Logout exchange", context: Context);
        }
        finally
        {
            Log("after reconnecting", relay);
        }

        Enumerable.Range(1, 9).Select(FillsFor).Should().AllBeEquivalentTo(1, "every fill reaches the application exactly once");
        app.ExecutionReports.Where(r => r.PossDup).Select(r => r[Tags.ClOrdID]).Should().BeEquivalentTo(
            [Id(4), Id(5), Id(6)], "the lost fills come back as possible duplicates; R-7..R-9 were filled for the first time");
        app.FromAdmin.Should().NotContain(m => m.MsgType == "3", "the executor rejects nothing we sent");

        var toPeer = relay.Seen(Direction.ToPeer, dropped: false).ToArray();
        var toUs = relay.Seen(Direction.ToUs, dropped: false).ToArray();
        toUs.Should().Contain(f => f.MsgType == "2" && f.Field(Tags.BeginSeqNo) == ourFirstLost.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "the executor asks for a resend from our first lost message");
        toPeer.Should().Contain(f => f.MsgType == "2" && f.Field(Tags.BeginSeqNo) == theirFirstLost.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "we ask for a resend from the executor's first lost message");
        var replayedOrders = toPeer.Where(f => f.MsgType == "D").ToArray();
        replayedOrders.Select(f => f.Field(Tags.ClOrdID)).Should().Equal([Id(7), Id(8), Id(9)], "only the lost orders are replayed");
        replayedOrders.Should().AllSatisfy(f =>
        {
            f.Field(Tags.PossDupFlag).Should().Be("Y");
            f.Field(Tags.OrigSendingTime).Should().NotBeNull();
        });
        toPeer.Should().Contain(f => f.MsgType == "4" && f.Field(Tags.GapFillFlag) == "Y", "our lost admin messages are gap-filled, not replayed");
        toUs.Where(f => f.MsgType == "8" && f.Field(Tags.PossDupFlag) == "Y").Select(f => f.Field(Tags.ClOrdID))
            .Should().Equal([Id(4), Id(5), Id(6)], "the executor replays its lost fills");
    }

    private void Log(string phase, LossyProxy proxy)
    {
        output.WriteLine($"--- relay frames {phase} ---");
        foreach (var frame in proxy.Frames)
        {
            output.WriteLine($"{(frame.Direction == Direction.ToPeer ? "us->EXEC" : "EXEC->us")}{(frame.Dropped ? " LOST" : string.Empty)} {frame.Text}");
        }
    }

    public void Dispose() => Peers.TryDelete(_storeFolder);
}
