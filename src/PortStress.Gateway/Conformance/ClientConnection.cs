using System.Net;
using System.Net.Sockets;
using PortStress.Fix.Protocol;

namespace PortStress.Gateway.Conformance;

/// <summary>
/// One client connection of a script run: a TCP socket plus a receive buffer cut into frames by
/// the project's <see cref="FrameScanner"/>, so a frame split across reads (or several frames in
/// one read) comes out whole and one at a time.
/// </summary>
internal sealed class ClientConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly FrameScanner _scanner = new();
    private byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;
    private bool _closed;

    private ClientConnection(Socket socket) => _socket = socket;

    /// <summary>Connects to <paramref name="endpoint"/> within <paramref name="timeout"/>.</summary>
    /// <param name="endpoint">The acceptor.</param>
    /// <param name="timeout">How long the connect may take.</param>
    /// <param name="cancellationToken">Stops the attempt.</param>
    public static async Task<ClientConnection> ConnectAsync(IPEndPoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            await socket.ConnectAsync(endpoint, deadline.Token).ConfigureAwait(false);
            return new ClientConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends bytes as they are.</summary>
    /// <param name="frame">What to send.</param>
    /// <param name="cancellationToken">Stops the send.</param>
    public async Task SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        while (!frame.IsEmpty)
        {
            var sent = await _socket.SendAsync(frame, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            frame = frame[sent..];
        }
    }

    /// <summary>Waits for the next frame, the close of the connection, or the timeout, whichever comes first.</summary>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    public async Task<ReceiveResult> ReceiveAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            if (_end > _start)
            {
                var scan = _scanner.Scan(_buffer.AsSpan(_start, _end - _start));
                if (scan.Status == ScanStatus.Done)
                {
                    return new ReceiveResult(ReceiveOutcome.Frame, Take(scan.Consumed));
                }

                if (scan.Status == ScanStatus.Invalid)
                {
                    return new ReceiveResult(ReceiveOutcome.Invalid, Take(scan.Consumed), scan.Describe());
                }
            }

            if (_closed)
            {
                var leftover = _end - _start;
                return new ReceiveResult(ReceiveOutcome.Closed, Detail: leftover == 0
                    ? "the engine closed the connection"
                    : $"the engine closed the connection with {leftover} bytes of an incomplete frame unread");
            }

            Compact();
            int read;
            try
            {
                read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new ReceiveResult(ReceiveOutcome.TimedOut, Detail: $"nothing within {timeout.TotalMilliseconds:F0} ms");
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown)
            {
                read = 0;
            }

            if (read == 0)
            {
                _closed = true;
                continue;
            }

            _end += read;
        }
    }

    /// <summary>Closes our side of the connection.</summary>
    public void Dispose()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already gone: closing is all that is left.
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        _socket.Dispose();
    }

    private byte[] Take(int length)
    {
        var frame = _buffer.AsSpan(_start, length).ToArray();
        _start += length;
        return frame;
    }

    private void Compact()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
    }
}
