using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using PortStress.Benchmarks.Codec;
using PortStress.Fix.Engine.Stores;

namespace PortStress.Benchmarks.Engine;

/// <summary>
/// Persisting the canned ~200-byte NewOrderSingle: <see cref="FileStore.Save"/> plus the sender increment,
/// against a baseline that writes the same record bytes with an unbuffered FileStream (one write syscall each)
/// under the same fsync rule. Batched: fsync at most every 10 ms; EveryMessage: fsync per message. One
/// operation = one message; each iteration starts from empty files in the temp folder (same disk as the repo).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class FileStoreBenchmarks
{
    private const int BatchedMessages = 200_000;
    private const int EveryMessageMessages = 2_000;
    private static readonly TimeSpan BatchInterval = FileStore.DefaultBatchInterval;
    private readonly byte[] _frame = CannedMessages.NewOrderSingle;
    private readonly byte[] _record = new byte[12 + CannedMessages.NewOrderSingle.Length];
    private string _folder = string.Empty;
    private FileStore? _store;
    private FileStream? _raw;

    [IterationSetup(Targets = [nameof(RawWriteBatched), nameof(RawWriteEveryMessage)])]
    public void OpenRaw()
    {
        NewFolder();
        _raw = new FileStream(Path.Combine(_folder, "raw.body"), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        new Random(1).NextBytes(_record);
        _frame.CopyTo(_record, 12);
    }

    [IterationSetup(Target = nameof(FileStoreBatched))]
    public void OpenBatched() => OpenStore(StoreFlushPolicy.Batched);

    [IterationSetup(Target = nameof(FileStoreEveryMessage))]
    public void OpenEveryMessage() => OpenStore(StoreFlushPolicy.EveryMessage);

    [IterationCleanup]
    public void Close()
    {
        _store?.Dispose();
        _raw?.Dispose();
        (_store, _raw) = (null, null);
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = BatchedMessages)]
    [BenchmarkCategory("Batched")]
    public long RawWriteBatched()
    {
        var lastSync = Stopwatch.GetTimestamp();
        for (var i = 0; i < BatchedMessages; i++)
        {
            _raw!.Write(_record);
            if (Stopwatch.GetElapsedTime(lastSync) >= BatchInterval)
            {
                _raw.Flush(flushToDisk: true);
                lastSync = Stopwatch.GetTimestamp();
            }
        }

        return _raw!.Position;
    }

    [Benchmark(OperationsPerInvoke = BatchedMessages)]
    [BenchmarkCategory("Batched")]
    public int FileStoreBatched() => SaveMessages(BatchedMessages);

    [Benchmark(Baseline = true, OperationsPerInvoke = EveryMessageMessages)]
    [BenchmarkCategory("EveryMessage")]
    public long RawWriteEveryMessage()
    {
        for (var i = 0; i < EveryMessageMessages; i++)
        {
            _raw!.Write(_record);
            _raw.Flush(flushToDisk: true);
        }

        return _raw!.Position;
    }

    [Benchmark(OperationsPerInvoke = EveryMessageMessages)]
    [BenchmarkCategory("EveryMessage")]
    public int FileStoreEveryMessage() => SaveMessages(EveryMessageMessages);

    private int SaveMessages(int count)
    {
        var store = _store!;
        for (var i = 0; i < count; i++)
        {
            store.Save(store.NextSenderSeqNum, _frame);
            store.IncrementNextSenderSeqNum();
        }

        return store.NextSenderSeqNum;
    }

    private void OpenStore(StoreFlushPolicy policy)
    {
        NewFolder();
        _store = new FileStore(_folder, "FIX.4.4-GATEWAY-VENUE1", policy, BatchInterval);
    }

    private void NewFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "portstress-store-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }
}
