using System.Buffers;
using System.IO.Pipelines;
using PortStress.Fix.Protocol;

namespace PortStress.Fix.Engine.Transport;

/// <summary>
/// A FIX connection over a stream (socket or TLS): a read loop that only moves bytes, scans frames and advances the
/// reader in a <c>finally</c>; and writes made by the sending thread itself once it holds no session lock
/// (<see cref="DeferredWrites"/>). <see cref="Send"/> only copies the frame into the connection's buffer; the
/// thread that finds no write under way takes the buffered bytes and writes them. A write the socket completes at
/// once (the usual case) costs no thread hop; one that must wait (the peer is not reading) finishes on the thread
/// pool, taking what was buffered meanwhile, so the session thread never blocks on the network. Outbound bytes not
/// yet written are counted in <see cref="PendingBytes"/>; the session refuses application sends, and ends the
/// session, past its limits.
/// </summary>
internal sealed class StreamConnection : ISessionConnection, IAsyncDisposable
{
    // Buffered bytes past which a sender writes even under a session lock.
    private const int WriteNowBytes = 64 * 1024;

    private readonly Stream _stream;
    private readonly FrameScanner _scanner;
    private readonly object _writeLock = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Frames sent and not yet taken by a writer (under _writeLock), and the buffer the last write finished with.
    private byte[] _buffered = new byte[4096];
    private int _bufferedCount;
    private byte[] _spare = new byte[4096];

    // A thread (or the pool, after a write that had to wait) is writing; only one at a time (under _writeLock).
    private bool _writing;

    // The stream is being closed: no write starts any more (under _writeLock).
    private bool _streamClosing;

    // Completed when the writer goes idle during close.
    private TaskCompletionSource? _drained;
    private long _pending;
    private int _closedFlag;
    private string _closeReason = "connection closed";
    private DisconnectInitiator _closeInitiator = DisconnectInitiator.Remote;

    public StreamConnection(Stream stream, string remoteEndPoint, CodecLimits limits, IFrameHandler handler)
    {
        _stream = stream;
        RemoteEndPoint = remoteEndPoint;
        _scanner = new FrameScanner(limits);
        Handler = handler;
    }

    /// <summary>Where frames go; the acceptor swaps it once the Logon names the session.</summary>
    public IFrameHandler Handler { get; set; }

    public string RemoteEndPoint { get; }

    public long PendingBytes => Interlocked.Read(ref _pending);

    /// <summary>Completes when both loops have ended and the stream is closed.</summary>
    public Task Completion => _closed.Task;

    public void Start()
    {
        _ = Task.Run(RunAsync);
    }

    public void Send(ReadOnlySpan<byte> frame)
    {
        if (Volatile.Read(ref _closedFlag) != 0)
        {
            return;
        }

        bool writeNow;
        lock (_writeLock)
        {
            if (_bufferedCount + frame.Length > _buffered.Length)
            {
                Array.Resize(ref _buffered, (int)Math.Min(Array.MaxLength, Math.Max((long)_buffered.Length * 2, (long)_bufferedCount + frame.Length)));
            }

            frame.CopyTo(_buffered.AsSpan(_bufferedCount));
            _bufferedCount += frame.Length;

            // A bulk send under a lock (a resend of many messages) streams out rather than piling up until the lock is let go.
            writeNow = _bufferedCount >= WriteNowBytes;
        }

        Interlocked.Add(ref _pending, frame.Length);
        if (writeNow || !DeferredWrites.Defer(this))
        {
            Flush();
        }
    }

    /// <summary>Writes what is buffered on this thread, unless a write is already under way (whose writer takes it).</summary>
    internal void Flush()
    {
        byte[] batch;
        int count;
        lock (_writeLock)
        {
            if (_writing || _bufferedCount == 0 || _streamClosing)
            {
                return;
            }

            _writing = true;
            (batch, count) = TakeBuffered();
        }

        Write(batch, count);
    }

    public void Disconnect(string reason)
    {
        if (Interlocked.CompareExchange(ref _closedFlag, 1, 0) != 0)
        {
            return;
        }

        _closeReason = reason;
        _closeInitiator = DisconnectInitiator.Local;
        _closing.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        Disconnect("disposed");
        await Completion.ConfigureAwait(false);
        _closing.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            await ReadLoopAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            if (Interlocked.CompareExchange(ref _closedFlag, 1, 0) == 0)
            {
                _closeReason = e is OperationCanceledException ? _closeReason : $"connection error: {e.Message}";
            }
        }
        finally
        {
            Interlocked.Exchange(ref _closedFlag, 1);
            _closing.Cancel();

            // Write what is queued (a Logout, say), but do not wait forever on a peer that stopped reading. What is not
            // written is lost with the connection and recovered by resend.
            Flush();
            Task drained;
            lock (_writeLock)
            {
                drained = _writing ? (_drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task : Task.CompletedTask;
            }

            await Task.WhenAny(drained, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
            lock (_writeLock)
            {
                _streamClosing = true;
            }

            await _stream.DisposeAsync().ConfigureAwait(false);
            Handler.OnClosed(this, _closeInitiator, _closeReason);
            _closed.TrySetResult();
        }
    }

    private async Task ReadLoopAsync()
    {
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(minimumReadSize: 4096, leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(_closing.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                var consumed = buffer.Start;

                // Replies to the frames of one read go out together, when the batch is done.
                DeferredWrites.Enter();
                try
                {
                    consumed = ScanFrames(buffer);
                }
                finally
                {
                    reader.AdvanceTo(consumed, buffer.End);
                    DeferredWrites.Leave();
                }

                if (result.IsCompleted)
                {
                    if (Interlocked.CompareExchange(ref _closedFlag, 1, 0) == 0)
                    {
                        _closeReason = "the counterparty closed the connection";
                    }

                    return;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private SequencePosition ScanFrames(ReadOnlySequence<byte> buffer)
    {
        while (!buffer.IsEmpty && Volatile.Read(ref _closedFlag) == 0)
        {
            var scan = _scanner.Scan(buffer);
            if (scan.Status == ScanStatus.NeedMoreData)
            {
                break;
            }

            var frame = buffer.Slice(0, scan.Consumed);
            if (scan.Status == ScanStatus.Done)
            {
                if (frame.IsSingleSegment)
                {
                    Handler.OnFrame(this, frame.FirstSpan);
                }
                else
                {
                    var copy = ArrayPool<byte>.Shared.Rent(scan.Consumed);
                    frame.CopyTo(copy);
                    try
                    {
                        Handler.OnFrame(this, copy.AsSpan(0, scan.Consumed));
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(copy);
                    }
                }
            }
            else
            {
                Handler.OnGarbled(this, scan);
            }

            buffer = buffer.Slice(frame.End);
        }

        return buffer.Start;
    }

    // Writes batches until nothing is buffered; called with _writing set. Continues on the pool when a write must wait.
    private void Write(byte[] batch, int count)
    {
        while (true)
        {
            ValueTask write;
            try
            {
                write = _stream.WriteAsync(batch.AsMemory(0, count), CancellationToken.None);
            }
            catch (Exception e) when (IsConnectionError(e))
            {
                WriteFailed(e);
                return;
            }

            if (!write.IsCompletedSuccessfully)
            {
                _ = FinishWriteAsync(write, batch, count);
                return;
            }

            if (!Written(ref batch, ref count))
            {
                return;
            }
        }
    }

    private async Task FinishWriteAsync(ValueTask write, byte[] batch, int count)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        catch (Exception e) when (IsConnectionError(e))
        {
            WriteFailed(e);
            return;
        }

        if (Written(ref batch, ref count))
        {
            Write(batch, count);
        }
    }

    // Accounts a finished write; false when the writer goes idle, else true with the next batch to write.
    private bool Written(ref byte[] batch, ref int count)
    {
        Interlocked.Add(ref _pending, -count);
        lock (_writeLock)
        {
            _spare = batch;
            if (_bufferedCount == 0 || _streamClosing)
            {
                _writing = false;
                _drained?.TrySetResult();
                return false;
            }

            (batch, count) = TakeBuffered();
            return true;
        }
    }

    // Called under _writeLock: hands the buffered bytes to the writer and buffers into the spare array from now on.
    private (byte[] Batch, int Count) TakeBuffered()
    {
        var batch = _buffered;
        var count = _bufferedCount;
        _buffered = _spare;
        _bufferedCount = 0;
        return (batch, count);
    }

    private void WriteFailed(Exception e)
    {
        lock (_writeLock)
        {
            _writing = false;
            _streamClosing = true;
            _drained?.TrySetResult();
        }

        if (Interlocked.CompareExchange(ref _closedFlag, 1, 0) == 0)
        {
            _closeReason = $"connection error: {e.Message}";
        }

        _closing.Cancel();
    }

    private static bool IsConnectionError(Exception e) =>
        e is IOException or OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException;
}
