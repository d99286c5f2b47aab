namespace PortStress.Control.Records;

/// <summary>Keeps records in memory: for in-process summaries (the demo) and tests. Thread-safe.</summary>
/// <typeparam name="T">The record type.</typeparam>
public sealed class MemoryRecordSink<T> : IRecordSink<T> where T : struct, IJsonRecord
{
    private readonly List<T> _records = [];

    /// <inheritdoc />
    public bool TryAppend(in T record)
    {
        lock (_records)
            _records.Add(record);
        return true;
    }

    /// <summary>A copy of the records appended so far, in order.</summary>
    public IReadOnlyList<T> Snapshot()
    {
        lock (_records)
            return [.. _records];
    }
}
