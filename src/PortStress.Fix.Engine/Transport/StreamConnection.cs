using System.Buffers;
using System.IO.Pipelines;
using PortStress.Fix.Protocol;

namespace PortStress.Fix.Engine.Transport;

/// <summary>
/// A FIX connection over a stream (socket or TLS): a read loop that only moves bytes, scans
/// frames and advances the reader in a <c>finally</c>; and a write loop fed by a <see cref="Pipe"/>
/// so the session thread never blocks on the network. Outbound bytes not yet written are
/// counted in <see cref="PendingBytes"/>; the session refuses application sends, and ends the
/// session, past its limits.
/// </summary>
internal sealed class StreamConnection : ISessionConnection, IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly FrameScanner _scanner;
    private readonly Pipe _outbound = new(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
    private readonly object _writeLock = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
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

        lock (_writeLock)
        {
            var writer = _outbound.Writer;
            frame.CopyTo(writer.GetSpan(frame.Length));
            writer.Advance(frame.Length);
            Interlocked.Add(ref _pending, frame.Length);

            // The pipe never pauses (pauseWriterThreshold 0), so this completes at once: it only wakes the write loop.
            _ = writer.FlushAsync();
        }
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
        var writing = WriteLoopAsync();
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
            lock (_writeLock)
            {
                _outbound.Writer.Complete();
            }

            // Let the write loop flush what is queued (a Logout, say), but not wait forever on a peer that stopped reading.
            await Task.WhenAny(writing, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
            await _stream.DisposeAsync().ConfigureAwait(false);
            try
            {
                await writing.ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
            {
                // The stream is gone; what was not written is lost with the connection and recovered by resend.
            }

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
                try
                {
                    consumed = ScanFrames(buffer);
                }
                finally
                {
                    reader.AdvanceTo(consumed, buffer.End);
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

    private async Task WriteLoopAsync()
    {
        var reader = _outbound.Reader;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(_closing.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Closing: write what is already queued (a Logout, say) before the stream goes.
                if (!reader.TryRead(out result))
                {
                    break;
                }
            }

            var buffer = result.Buffer;
            foreach (var segment in buffer)
            {
                await _stream.WriteAsync(segment, CancellationToken.None).ConfigureAwait(false);
            }

            await _stream.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            Interlocked.Add(ref _pending, -buffer.Length);
            reader.AdvanceTo(buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        await reader.CompleteAsync().ConfigureAwait(false);
    }
}
