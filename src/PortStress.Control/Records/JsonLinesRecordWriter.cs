using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;

namespace PortStress.Control.Records;

/// <summary>
/// Appends records of one type to <c>{directory}/{T.StreamName}.jsonl</c>, one JSON object per line. Producers
/// copy the struct into a bounded queue (no allocation, no blocking); one background task writes batches and
/// flushes after each. A full queue refuses the record and counts it in <see cref="Dropped"/>, which is exported.
/// After a batch the task waits <see cref="BatchInterval"/> before it looks again, so records arriving in that time
/// are written together: one wake-up and one <c>write()</c> per interval instead of per record, which on a loaded
/// gateway is a thread-pool hop per order saved. Records are analytics, not recovery state: a kill loses at most
/// the interval's worth.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
public sealed class JsonLinesRecordWriter<T> : IRecordSink<T>, IAsyncDisposable where T : struct, IJsonRecord
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly Channel<T> _queue;
    private readonly FileStream _file;
    private readonly Task _writing;
    private long _written;
    private long _dropped;

    /// <summary>Opens (creating or appending to) the stream's file in <paramref name="directory"/>.</summary>
    /// <param name="directory">The records directory; created when missing.</param>
    /// <param name="capacity">How many records may wait to be written.</param>
    public JsonLinesRecordWriter(string directory, int capacity = 65536)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Directory.CreateDirectory(directory);
        Path = System.IO.Path.Combine(directory, T.StreamName + ".jsonl");
        _file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16);
        _queue = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writing = Task.Run(WriteLoopAsync);
    }

    /// <summary>How long the writer lets records gather after writing a batch. 20 ms.</summary>
    public static TimeSpan BatchInterval { get; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The file written.</summary>
    public string Path { get; }

    /// <summary>Records written to the file.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Records refused because the queue was full or the writer closed.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <inheritdoc />
    public bool TryAppend(in T record)
    {
        if (_queue.Writer.TryWrite(record))
            return true;
        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>Stops accepting records, writes what is queued, flushes and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writing.ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        using var json = new Utf8JsonWriter(buffer);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var batch = 0;
            while (batch < 4096 && reader.TryRead(out var record))
            {
                json.Reset(buffer);
                json.WriteStartObject();
                json.WriteString("type"u8, T.StreamName);
                record.WriteProperties(json);
                json.WriteEndObject();
                json.Flush();
                buffer.Write(NewLine);
                batch++;
            }

            // Written and flushed on this task: FileStream's asynchronous calls would each queue one more work item.
            _file.Write(buffer.WrittenSpan);
            _file.Flush();
            buffer.ResetWrittenCount();
            Interlocked.Add(ref _written, batch);
            if (batch < 4096 && !reader.Completion.IsCompleted)
            {
                await Task.Delay(BatchInterval).ConfigureAwait(false);
            }
        }
    }
}
