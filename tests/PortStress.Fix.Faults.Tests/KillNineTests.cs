using System.Diagnostics;
using PortStress.Fix.Engine;
using PortStress.Testing;
using Xunit.Abstractions;

namespace PortStress.Fix.Faults.Tests;

/// <summary>A real initiator process with a FileStore, killed with SIGKILL mid-stream again and again.</summary>
public sealed class KillNineTests(ITestOutputHelper output)
{
    private const int Kills = 20;

    [Fact]
    public async Task Twenty_kill_nines_in_a_row_never_reuse_a_sequence_number_lose_no_order_and_resends_come_from_the_store()
    {
        // Every fifth run meets a fresh acceptor that lost its state (expects MsgSeqNum 1): the restarted
        // initiator's Logon is far ahead, the acceptor asks for everything, and the initiator must replay
        // it from the file store written by the processes that were killed.
        var acceptors = new List<RecordingAcceptor> { await RecordingAcceptor.StartAsync(null, "VENUE", "GW") };
        var store = Directory.CreateTempSubdirectory("portstress-kill9-").FullName;
        var sent = new HashSet<string>();
        var random = new Random(20261124);
        try
        {
            for (var run = 0; run <= Kills; run++)
            {
                if (run > 0 && run % 5 == 0)
                {
                    acceptors.Add(await RecordingAcceptor.StartAsync(null, "VENUE", "GW"));
                }

                var acceptor = acceptors[^1];
                using var host = StartHost(acceptor.EndPoint.Port, store, $"R{run}", sent);
                var before = acceptor.Recorder.Orders.Count(o => !o.PossDup);
                await Wait.For(() => acceptor.Recorder.Orders.Count(o => !o.PossDup) >= before + 10 || host.HasExited, $"run {run} delivering new orders");
                host.HasExited.Should().BeFalse($"run {run} should still be running");
                if (run == Kills)
                {
                    // The last run is not killed: it stays until every order ever sent has reached this acceptor.
                    await Wait.For(() => AllArrived(acceptor, sent), "every order sent by any run to arrive, replayed from the store", 30_000);
                    host.Kill();
                    break;
                }

                await Task.Delay(random.Next(0, 40));
                host.Kill();
                await host.WaitForExitAsync();
            }

            foreach (var acceptor in acceptors)
            {
                var firstTime = acceptor.Recorder.Orders.Where(o => !o.PossDup).Select(o => o.Seq).ToArray();
                firstTime.Should().BeInAscendingOrder("a sequence number is never used twice").And.OnlyHaveUniqueItems();
            }

            var last = acceptors[^1];
            AllArrived(last, sent).Should().BeTrue();
            var replayed = last.Recorder.Orders.Count(o => o.PossDup);
            replayed.Should().BeGreaterThan(0, "the fresh acceptor's ResendRequest was served from the store with PossDup");
            output.WriteLine($"{Kills} kills, {sent.Count} orders acknowledged as sent; last acceptor received {last.Recorder.Orders.Count} ({replayed} PossDup resends)");
        }
        finally
        {
            foreach (var acceptor in acceptors)
            {
                await acceptor.DisposeAsync();
            }

            Directory.Delete(store, recursive: true);
        }
    }

    private static bool AllArrived(RecordingAcceptor acceptor, HashSet<string> sent)
    {
        var received = acceptor.Recorder.Orders.Select(o => o.ClOrdId).ToHashSet();
        lock (sent)
        {
            return sent.All(received.Contains);
        }
    }

    private static Process StartHost(int port, string store, string runId, HashSet<string> sent)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PortStress.Fix.Faults.Host.dll"));
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(store);
        start.ArgumentList.Add(SharedMaterial.InRepository("fixspec", "FIX44.xml"));
        start.ArgumentList.Add(runId);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("SENT ", StringComparison.Ordinal))
            {
                lock (sent)
                {
                    sent.Add(line.Split(' ')[2]);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
