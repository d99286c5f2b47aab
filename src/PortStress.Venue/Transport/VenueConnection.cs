using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Venue.Transport;

/// <summary>
/// One accepted connection. The venue hosts its sessions on its own transport (rather than the engine's acceptor) so
/// that faults can act where they would at a real venue: before the connection is handed to a session (refused
/// connects), between the Logon arriving and the session seeing it (slow logon), and on the socket (dropped sessions).
/// The read loop only moves bytes and hands frames over; the write loop drains a pipe so a session never blocks.
/// </summary>
internal sealed class VenueConnection : ISessionConnection
{
    private readonly Stream _stream;
    private readonly FrameScanner _scanner;
    private readonly VenueListener _listener;
    private readonly Pipe _outbound = new(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
    private readonly object _writeLock = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _pending;
    private int _closedFlag;
    private int _sawFrame;
    private string _closeReason = "connection closed";
    private DisconnectInitiator _closeInitiator = DisconnectInitiator.Remote;
    private Session? _session;

    public VenueConnection(Socket socket, VenueListener listener, CodecLimits limits)
    {
        _stream = new NetworkStream(socket, ownsSocket: true);
        RemoteEndPoint = socket.RemoteEndPoint?.ToString() ?? "?";
        _scanner = new FrameScanner(limits);
        _listener = listener;
    }

    public string RemoteEndPoint { get; }

    public long PendingBytes => Interlocked.Read(ref _pending);

    /// <summary>The session the Logon named, once attached.</summary>
    public Session? Session => Volatile.Read(ref _session);

    /// <summary>True once a complete frame has arrived (the logon timeout no longer applies).</summary>
    public bool SawFrame => Volatile.Read(ref _sawFrame) != 0;

    /// <summary>Completes when the connection is closed and its session told.</summary>
    public Task Completion => _closed.Task;

    /// <summary>The token cancelled when the connection starts closing.</summary>
    public CancellationToken Closing => _closing.Token;

    public void Start() => _ = Task.Run(RunAsync);

    /// <summary>Attaches the session; frames from now on go to it.</summary>
    public void Attach(Session session) => Volatile.Write(ref _session, session);

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

    private async Task RunAsync()
    {
        var writing = WriteLoopAsync();
        try
        {
            await ReadLoopAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
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

            await Task.WhenAny(writing, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
            await _stream.DisposeAsync().ConfigureAwait(false);
            try
            {
                await writing.ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // The stream is gone; what was not written is recovered by resend after the next Logon.
            }

            Session?.OnDisconnected(this, _closeInitiator, _closeReason);
            _listener.Forget(this);
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
                byte[]? logon = null;
                try
                {
                    consumed = ScanFrames(buffer, out logon);
                }
                finally
                {
                    // Stopping at the first frame of an unattached connection: the rest is examined again after the attach.
                    reader.AdvanceTo(consumed, logon is null ? buffer.End : consumed);
                }

                if (logon is not null)
                {
                    if (!await _listener.AttachAsync(this, logon).ConfigureAwait(false))
                    {
                        return;
                    }

                    continue;
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

    private SequencePosition ScanFrames(ReadOnlySequence<byte> buffer, out byte[]? unattachedFrame)
    {
        unattachedFrame = null;
        while (!buffer.IsEmpty && Volatile.Read(ref _closedFlag) == 0)
        {
            var scan = _scanner.Scan(buffer);
            if (scan.Status == ScanStatus.NeedMoreData)
            {
                break;
            }

            var frame = buffer.Slice(0, scan.Consumed);
            var session = Session;
            if (scan.Status == ScanStatus.Done)
            {
                if (session is null)
                {
                    Volatile.Write(ref _sawFrame, 1);
                    unattachedFrame = frame.ToArray();
                    return frame.End;
                }

                if (frame.IsSingleSegment)
                {
                    session.OnFrame(this, frame.FirstSpan);
                }
                else
                {
                    var copy = ArrayPool<byte>.Shared.Rent(scan.Consumed);
                    frame.CopyTo(copy);
                    try
                    {
                        session.OnFrame(this, copy.AsSpan(0, scan.Consumed));
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(copy);
                    }
                }
            }
            else if (session is not null)
            {
                session.OnGarbled(scan.Describe());
            }
            else if (scan.Reason != FrameRejectReason.GarbageBeforeFrame)
            {
                Disconnect($"garbled frame before Logon: {scan.Describe()}");
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
