using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Engine.Stores.Internal;
using Xunit.Abstractions;

namespace PortStress.Fix.Engine.Tests.Stores;

/// <summary>
/// Crash safety against a live writer: while one thread saves, the store's files are copied at arbitrary
/// instants. Every Save reaches the operating system before it returns, so such a copy is what a kill -9
/// at that instant leaves (torn records included); each copy is opened and checked.
/// </summary>
public sealed class FileStoreCrashSnapshotTests(ITestOutputHelper output)
{
    private const int Rounds = 30;
    private const int SnapshotsPerRound = 10;
    private const int MaxMessagesPerRound = 40_000;

    private static readonly Func<string, string>[][] CopyOrders =
    [
        [Counters, Body, Index],
        [Counters, Index, Body],
        [Body, Counters, Index],
    ];

    [Fact]
    public void Snapshots_taken_while_saving_reopen_without_reusing_numbers_or_losing_returned_saves()
    {
        var random = new Random(20261124);
        int torn = 0, snapshots = 0, live = 0;
        for (var round = 0; round < Rounds; round++)
        {
            using var folder = new StoreTestFolder();
            var returnedSender = 0;
            var returnedTarget = 1;
            var stop = false;
            using var store = folder.Open(round % 3 == 0 ? StoreFlushPolicy.Batched : StoreFlushPolicy.OperatingSystem);
            var writer = new Thread(() =>
            {
                for (var seq = 1; seq <= MaxMessagesPerRound && !Volatile.Read(ref stop); seq++)
                {
                    Thread.SpinWait(20);
                    store.Save(seq, Frame(seq));
                    store.IncrementNextSenderSeqNum();
                    Volatile.Write(ref returnedSender, seq);
                    if (seq % 3 == 0)
                    {
                        store.IncrementNextTargetSeqNum();
                        Volatile.Write(ref returnedTarget, store.NextTargetSeqNum);
                    }
                }
            });
            writer.Start();

            for (var i = 0; i < SnapshotsPerRound; i++)
            {
                Thread.SpinWait(random.Next(0, 100_000));
                var sender = Volatile.Read(ref returnedSender);
                var target = Volatile.Read(ref returnedTarget);
                live += writer.IsAlive ? 1 : 0;
                using var copy = new StoreTestFolder();
                // Files copied one after another, not at one instant: the counter file must be taken before the
                // index (a later checkpoint would vouch for index entries the copy lacks, which no crash can leave);
                // taking the body before the counter file (a counter newer than the body) is allowed as a harder case.
                var order = CopyOrders[random.Next(CopyOrders.Length)];
                foreach (var file in order)
                {
                    var path = file(folder.Path);
                    File.Copy(path, Path.Combine(copy.Path, Path.GetFileName(path)));
                }

                using var reopened = copy.Open();
                snapshots++;
                torn += reopened.Recovery.TornTailBytes > 0 ? 1 : 0;
                reopened.NextSenderSeqNum.Should().BeGreaterThan(sender, "a returned Save's number must never be handed out again");
                reopened.NextTargetSeqNum.Should().BeGreaterThanOrEqualTo(target);
                var read = StoreTestFolder.ReadAll(reopened);
                read.Count.Should().BeGreaterThanOrEqualTo(sender);
                read.Select(r => r.SeqNum).Should().Equal(Enumerable.Range(1, read.Count));
                foreach (var (seq, frame) in read)
                {
                    frame.Should().Equal(Frame(seq));
                }
            }

            Volatile.Write(ref stop, true);
            writer.Join();
        }

        output.WriteLine($"{snapshots} snapshots, {live} taken while the writer was saving, {torn} with a torn last record");
        snapshots.Should().Be(Rounds * SnapshotsPerRound);
    }

    private static string Counters(string folder) => StoreFiles.Counters(folder, StoreTestFolder.Prefix);

    private static string Body(string folder) => StoreFiles.Body(folder, StoreTestFolder.Prefix);

    private static string Index(string folder) => StoreFiles.Index(folder, StoreTestFolder.Prefix);

    // Sizes from tiny to over a page, so records straddle page boundaries and copies catch them half written.
    private static byte[] Frame(int seq) => StoreTestFolder.FrameFor(seq, padding: seq % 10 == 0 ? (seq * 7919) % 5000 : (seq * 31) % 300);
}
