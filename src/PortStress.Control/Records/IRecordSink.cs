namespace PortStress.Control.Records;

/// <summary>Where records of one type go. <see cref="TryAppend"/> never blocks and never allocates.</summary>
/// <typeparam name="T">The record type.</typeparam>
public interface IRecordSink<T> where T : struct, IJsonRecord
{
    /// <summary>Queues a record; false when the sink is full or closed (the loss is counted, never silent).</summary>
    /// <param name="record">The record.</param>
    bool TryAppend(in T record);
}
