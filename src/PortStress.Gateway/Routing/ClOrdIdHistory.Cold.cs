namespace PortStress.Gateway.Routing;

/// <summary>The cold tier's background work: spilling a frozen table to a run file, and compacting runs.</summary>
internal sealed partial class ClOrdIdHistory
{
    // Keys written per write call while merging (and the merge buffer's size).
    private const int MergeChunk = 8192;

    // Keys read per run per read while merging.
    private const int MergeReadChunk = 4096;

    private static readonly TimeSpan SpillRetryDelay = TimeSpan.FromSeconds(1);

    // Allocated by the first spill (before its run is published, so a lookup that sees a run sees the filter), then reused.
    private BloomFilter? _bloom;
    private ulong[]? _sortBuffer;
    private ulong[]? _mergeBuffer;
    private Task _spill = Task.CompletedTask;
    private Task _compaction = Task.CompletedTask;
    private bool _compacting;
    private bool _warnedPastExpected;
    private int _nextRun;
    private long _spills;
    private long _compactions;

    /// <summary>Spills done (run files written from a frozen table).</summary>
    public long Spills => Interlocked.Read(ref _spills);

    /// <summary>Compactions done.</summary>
    public long Compactions => Interlocked.Read(ref _compactions);

    /// <summary>Waits until no spill or compaction is running (tests, and a benchmark's end).</summary>
    public void WaitForBackgroundWork()
    {
        while (true)
        {
            Task spill;
            Task compaction;
            lock (_sync)
            {
                spill = _spill;
                compaction = _compaction;
            }

            // A spill starts any compaction it calls for before it completes, so both done here means idle.
            if (spill.IsCompleted && compaction.IsCompleted)
            {
                return;
            }

            WaitQuietly(spill, compaction);
        }
    }

    private static void WaitQuietly(params Task[] tasks)
    {
        try
        {
            Task.WaitAll(tasks);
        }
        catch (AggregateException)
        {
            // Logged where it happened.
        }
    }

    // Under the lock, with the active table full and the spare free: the active table is frozen and spilled in the
    // background. Spills and compactions run on threads of their own (LongRunning), not the pool's: an Add may be
    // waiting for a spill, and it must not wait behind a busy or starved thread pool.
    private void Freeze()
    {
        var frozen = _active;
        _frozen = frozen;
        _active = _spare!;
        _spare = null;
        _activeCount = 0;
        _spill = Task.Factory.StartNew(() => Spill(frozen), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void Spill(ulong[] frozen)
    {
        var run = WriteRun(frozen);
        if (run is null)
        {
            return;
        }

        SortedRunSet previous;
        lock (_sync)
        {
            previous = _cold;
            _cold = new SortedRunSet([.. previous.Runs, run]);
            _frozen = null;
            _spills++;
        }

        run.Release();
        previous.Release();
        Array.Clear(frozen);
        lock (_sync)
        {
            _spare = frozen;
            Monitor.PulseAll(_sync);
            StartCompactionIfDue();
        }
    }

    // The frozen table's keys, sorted, into the Bloom filter and a new run file. Any failure (a full disk, no memory for
    // the filter) is logged and retried every second, the frozen table staying searched meanwhile: a key is never lost,
    // and an Add that finds both tables full waits (then grows the table). Null when the history is disposed first.
    private SortedRunFile? WriteRun(ulong[] frozen)
    {
        var sorted = false;
        var inFilter = false;
        var count = 0;
        while (!_stopping.IsCancellationRequested)
        {
            var path = NextRunPath();
            try
            {
                if (_sortBuffer is null)
                {
                    Volatile.Write(ref _bloom, new BloomFilter(ExpectedKeys));
                    Volatile.Write(ref _mergeBuffer, new ulong[MergeChunk]);
                    Volatile.Write(ref _sortBuffer, new ulong[_capacity]);
                }

                if (_sortBuffer.Length < CapacityOf(frozen))
                {
                    // A table that grew while spills failed holds more keys than the configured capacity.
                    Volatile.Write(ref _sortBuffer, new ulong[CapacityOf(frozen)]);
                }

                if (!sorted)
                {
                    count = 0;
                    foreach (var key in frozen)
                    {
                        if (key != Empty)
                        {
                            _sortBuffer[count++] = key;
                        }
                    }

                    _sortBuffer.AsSpan(0, count).Sort();
                    sorted = true;
                }

                var keys = _sortBuffer.AsSpan(0, count);
                if (!inFilter)
                {
                    AddToFilter(keys);
                    inFilter = true;
                }

                // Back if something removed it (the runs already mapped stay readable on Linux; new ones need the directory).
                System.IO.Directory.CreateDirectory(Directory);
                return SortedRunFile.Write(path, keys);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                TryDelete(path);
                RouterLog.ClOrdIdSpillFailed(_log, Directory, e);
                _stopping.Token.WaitHandle.WaitOne(SpillRetryDelay);
            }
        }

        return null;
    }

    private void AddToFilter(ReadOnlySpan<ulong> keys)
    {
        var bloom = _bloom!;
        foreach (var key in keys)
        {
            bloom.Add(key);
        }

        if (bloom.Added > bloom.ExpectedKeys && !_warnedPastExpected)
        {
            _warnedPastExpected = true;
            RouterLog.ClOrdIdsPastExpected(_log, bloom.Added, bloom.ExpectedKeys);
        }
    }

    // Under the lock.
    private void StartCompactionIfDue()
    {
        if (_compacting || _disposed || _cold.Runs.Count <= MaxRuns)
        {
            return;
        }

        _compacting = true;
        var runs = _cold;
        runs.AddReference();
        _compaction = Task.Factory.StartNew(() => Compact(runs), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void Compact(SortedRunSet runs)
    {
        var done = false;
        try
        {
            // The newest two, and each older run no larger than what is merged so far.
            var first = runs.Runs.Count - 2;
            var merged = runs.Runs[first].Count + runs.Runs[first + 1].Count;
            while (first > 0 && runs.Runs[first - 1].Count <= merged)
            {
                first--;
                merged += runs.Runs[first].Count;
            }

            var inputs = runs.Runs.Skip(first).ToArray();
            var output = Merge(inputs);
            if (output is null)
            {
                return;
            }

            SortedRunSet previous;
            lock (_sync)
            {
                previous = _cold;

                // The merged run takes the place of its inputs; runs spilled since stay after it.
                var kept = previous.Runs.Where(r => !inputs.Contains(r)).ToList();
                kept.Insert(previous.Runs.TakeWhile(r => !inputs.Contains(r)).Count(), output);
                _cold = new SortedRunSet([.. kept]);
                _compactions++;
            }

            output.Release();
            previous.Release();
            done = true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            RouterLog.ClOrdIdCompactionFailed(_log, Directory, e);
        }
        finally
        {
            runs.Release();
            lock (_sync)
            {
                _compacting = false;

                // After a failure, the next spill tries again.
                if (done)
                {
                    StartCompactionIfDue();
                }
            }
        }
    }

    // A streaming k-way merge of sorted runs into a new run; null when the history is disposed meanwhile.
    private SortedRunFile? Merge(SortedRunFile[] inputs)
    {
        var path = NextRunPath();
        try
        {
            using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0))
            {
                var cursors = inputs.Select(run => new RunCursor(run)).ToArray();
                var output = _mergeBuffer!;
                var filled = 0;
                while (true)
                {
                    RunCursor? lowest = null;
                    foreach (var cursor in cursors)
                    {
                        if (!cursor.AtEnd && (lowest is null || cursor.Current < lowest.Current))
                        {
                            lowest = cursor;
                        }
                    }

                    if (lowest is null)
                    {
                        break;
                    }

                    // Keys are distinct across runs (Add looks before it adds); equal neighbours are dropped all the same.
                    var key = lowest.Current;
                    lowest.MoveNext();
                    if (filled > 0 && output[filled - 1] == key)
                    {
                        continue;
                    }

                    output[filled++] = key;
                    if (filled == output.Length)
                    {
                        SortedRunFile.WriteKeys(file, output);
                        filled = 0;
                        if (_stopping.IsCancellationRequested)
                        {
                            break;
                        }
                    }
                }

                SortedRunFile.WriteKeys(file, output.AsSpan(0, filled));
            }

            if (_stopping.IsCancellationRequested)
            {
                TryDelete(path);
                return null;
            }

            return SortedRunFile.Open(path);
        }
        catch
        {
            TryDelete(path);
            throw;
        }
    }

    private string NextRunPath() => Path.Combine(Directory, $"run-{Interlocked.Increment(ref _nextRun):D6}.keys");

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Scratch: removed with the directory.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    // One merge input, read in chunks through its mapped view.
    private sealed class RunCursor
    {
        private readonly SortedRunFile _run;
        private readonly ulong[] _chunk = new ulong[MergeReadChunk];
        private long _next;
        private int _index;
        private int _filled;

        public RunCursor(SortedRunFile run)
        {
            _run = run;
            MoveNext();
        }

        public bool AtEnd { get; private set; }

        public ulong Current { get; private set; }

        public void MoveNext()
        {
            if (_index == _filled)
            {
                if (_next == _run.Count)
                {
                    AtEnd = true;
                    return;
                }

                _filled = _run.Read(_next, _chunk);
                _next += _filled;
                _index = 0;
            }

            Current = _chunk[_index++];
        }
    }
}
