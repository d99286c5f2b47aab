namespace PortStress.Gateway.Routing;

/// <summary>
/// The cold tier as one lookup sees it: an immutable list of sorted runs. A spill or a compaction builds a new set and
/// swaps it in by reference; a lookup takes a reference on the set it read, so the runs it searches stay mapped (and
/// their files on disk) until it is done, even if a compaction has replaced them meanwhile.
/// </summary>
internal sealed class SortedRunSet
{
    private readonly SortedRunFile[] _runs;
    private int _references = 1;

    /// <summary>A set of <paramref name="runs"/>, taking its own reference on each; the new set holds one reference (its owner's).</summary>
    /// <param name="runs">The runs.</param>
    public SortedRunSet(SortedRunFile[] runs)
    {
        _runs = runs;
        foreach (var run in runs)
        {
            run.AddReference();
            KeyCount += run.Count;
        }
    }

    /// <summary>The runs, oldest first (a compaction puts its merged run where the runs it merged were).</summary>
    public IReadOnlyList<SortedRunFile> Runs => _runs;

    /// <summary>Keys in all runs.</summary>
    public long KeyCount { get; }

    /// <summary>True when a run holds <paramref name="key"/>. The caller holds a reference.</summary>
    /// <param name="key">The key.</param>
    public bool Contains(ulong key)
    {
        // Newest first: a duplicate of a recent order is the likelier hit, and the newest runs are the smallest.
        for (var i = _runs.Length - 1; i >= 0; i--)
        {
            if (_runs[i].Contains(key))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Takes one more reference (the set must still hold one: read it as the current set under the history's lock).</summary>
    public void AddReference() => Interlocked.Increment(ref _references);

    /// <summary>Drops one reference; the last releases the set's reference on each run.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            foreach (var run in _runs)
            {
                run.Release();
            }
        }
    }
}
