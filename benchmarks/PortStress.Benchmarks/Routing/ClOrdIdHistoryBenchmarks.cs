using BenchmarkDotNet.Attributes;
using PortStress.Gateway.Routing;

namespace PortStress.Benchmarks.Routing;

/// <summary>
/// The router's duplicate check for finished orders, per fresh ClOrdID key: Contains (the check when a new order
/// arrives) then Add (when it finishes), on <see cref="ClOrdIdHistory"/> (65,536 keys per in-memory table, so a
/// million keys make 15 spills to run files and a few compactions, all waited for before the invocation ends) against
/// the <see cref="HashSet{T}"/> of ulong it replaces (the baseline, which grows by doubling). One operation = one key;
/// each iteration starts from an empty store (and, for the history, an empty directory in the temp folder).
/// </summary>
[MemoryDiagnoser]
public class ClOrdIdHistoryBenchmarks
{
    private const int Keys = 1_000_000;
    private const int InMemory = 65_536;
    private readonly ulong[] _keys = new ulong[Keys];
    private string _folder = string.Empty;
    private HashSet<ulong>? _set;
    private ClOrdIdHistory? _history;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        for (var i = 0; i < _keys.Length; i++)
        {
            _keys[i] = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
        }
    }

    [IterationSetup(Target = nameof(HashSet))]
    public void NewSet() => _set = [];

    [IterationSetup(Target = nameof(History))]
    public void NewHistory()
    {
        _folder = Path.Combine(Path.GetTempPath(), "portstress-clordid-bench", Guid.NewGuid().ToString("N"));
        _history = new ClOrdIdHistory(_folder, InMemory, expectedKeys: Keys);
    }

    [IterationCleanup]
    public void Close()
    {
        _history?.Dispose();
        (_history, _set) = (null, null);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Keys)]
    public int HashSet()
    {
        var set = _set!;
        foreach (var key in _keys)
        {
            if (!set.Contains(key))
            {
                set.Add(key);
            }
        }

        return set.Count;
    }

    [Benchmark(OperationsPerInvoke = Keys)]
    public long History()
    {
        var history = _history!;
        foreach (var key in _keys)
        {
            if (!history.Contains(key))
            {
                history.Add(key);
            }
        }

        history.WaitForBackgroundWork();
        return history.Count;
    }
}
