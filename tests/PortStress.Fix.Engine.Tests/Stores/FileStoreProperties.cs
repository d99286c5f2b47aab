using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Engine.Stores.Internal;

namespace PortStress.Fix.Engine.Tests.Stores;

/// <summary>Random operation sequences, with clean and crash reopens at random points, against a plain model.</summary>
public class FileStoreProperties
{
    private enum Op
    {
        Send,
        SaveAny,
        IncrementTarget,
        SetSender,
        SetTarget,
        Reset,
        Reopen,
        CrashReopen,
    }

    private static Arbitrary<(Op Op, int Arg)[]> Operations()
    {
        var op = Gen.Frequency(
            (30, Gen.Constant(Op.Send)),
            (4, Gen.Constant(Op.SaveAny)),
            (10, Gen.Constant(Op.IncrementTarget)),
            (2, Gen.Constant(Op.SetSender)),
            (2, Gen.Constant(Op.SetTarget)),
            (1, Gen.Constant(Op.Reset)),
            (3, Gen.Constant(Op.Reopen)),
            (3, Gen.Constant(Op.CrashReopen)));
        return op.SelectMany(o => Gen.Choose(1, 400).Select(a => (o, a))).ArrayOf().ToArbitrary();
    }

    [Property(MaxTest = 60)]
    public Property File_store_matches_the_model_across_reopens_and_crashes() => Prop.ForAll(Operations(), ops =>
    {
        var folders = new List<StoreTestFolder> { new() };
        var store = folders[0].Open(StoreFlushPolicy.OperatingSystem);
        var messages = new Dictionary<int, byte[]>();
        int nextSender = 1, nextTarget = 1, highWater = 0;
        try
        {
            foreach (var (op, arg) in ops)
            {
                switch (op)
                {
                    case Op.Send:
                        Save(store.NextSenderSeqNum, arg);
                        store.IncrementNextSenderSeqNum();
                        nextSender++;
                        break;
                    case Op.SaveAny:
                        Save(arg, arg);
                        break;
                    case Op.IncrementTarget:
                        store.IncrementNextTargetSeqNum();
                        nextTarget++;
                        break;
                    case Op.SetSender:
                        store.SetNextSenderSeqNum(arg);
                        nextSender = arg;
                        break;
                    case Op.SetTarget:
                        store.SetNextTargetSeqNum(arg);
                        nextTarget = arg;
                        break;
                    case Op.Reset:
                        store.Reset(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(arg));
                        messages.Clear();
                        (nextSender, nextTarget, highWater) = (1, 1, 0);
                        break;
                    case Op.Reopen:
                        store.Dispose();
                        store = folders[^1].Open(StoreFlushPolicy.OperatingSystem);
                        nextSender = Math.Max(nextSender, highWater + 1);
                        break;
                    case Op.CrashReopen:
                        // The files as a killed process leaves them: no dispose, no flush.
                        var copy = new StoreTestFolder();
                        foreach (var file in StoreFiles.DataFiles(folders[^1].Path, StoreTestFolder.Prefix))
                        {
                            File.Copy(file, Path.Combine(copy.Path, Path.GetFileName(file)));
                        }

                        store.Dispose();
                        folders.Add(copy);
                        store = copy.Open(arg % 2 == 0 ? StoreFlushPolicy.OperatingSystem : StoreFlushPolicy.Batched);
                        if (store.Recovery.RepairsMade)
                        {
                            return false.Label($"a crash at rest needed repairs: {store.Recovery}");
                        }

                        nextSender = Math.Max(nextSender, highWater + 1);
                        break;
                }

                if (store.NextSenderSeqNum != nextSender || store.NextTargetSeqNum != nextTarget)
                {
                    return false.Label($"after {op}: sender {store.NextSenderSeqNum} (model {nextSender}), target {store.NextTargetSeqNum} (model {nextTarget})");
                }
            }

            var read = StoreTestFolder.ReadAll(store);
            var expected = messages.OrderBy(m => m.Key).ToList();
            return (read.Select(r => r.SeqNum).SequenceEqual(expected.Select(e => e.Key))
                && read.Zip(expected).All(p => p.First.Frame.AsSpan().SequenceEqual(p.Second.Value)))
                .Label($"read {read.Count} messages, model has {expected.Count}");
        }
        finally
        {
            store.Dispose();
            folders.ForEach(f => f.Dispose());
        }

        void Save(int seq, int padding)
        {
            var frame = StoreTestFolder.FrameFor(seq, padding);
            store.Save(seq, frame);
            messages[seq] = frame;
            highWater = Math.Max(highWater, seq);
        }
    });
}
