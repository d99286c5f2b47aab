using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using PortStress.Fix.Protocol;

namespace PortStress.Gateway.Tests.Conformance;

/// <summary>
/// A scripted counterparty on 127.0.0.1:0 for runner tests: it cuts what it receives into frames
/// and hands each one (as '|' text) with its connection to a dialogue callback that answers.
/// </summary>
internal sealed class FakeAcceptor : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<FakePeer, string, Task> _dialogue;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _served = [];
    private readonly Task _accepting;
    private int _connections;

    public FakeAcceptor(Func<FakePeer, string, Task> dialogue)
    {
        _dialogue = dialogue;
        _listener.Start();
        EndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _accepting = AcceptAsync();
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>Every frame received, as '|' text, in arrival order.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        await Task.WhenAll(_served);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                socket.NoDelay = true;
                _served.Add(ServeAsync(new FakePeer(socket, Interlocked.Increment(ref _connections))));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException
            || (e is InvalidOperationException && _stop.IsCancellationRequested))
        {
            // Stopped. A listener stopped between two accepts refuses the next one with InvalidOperationException
            // ("Not listening"), which the run saw when an accept completed inline and looped straight back.
        }
    }

    private async Task ServeAsync(FakePeer peer)
    {
        var scanner = new FrameScanner();
        var buffer = new byte[1 << 16];
        var length = 0;
        try
        {
            while (true)
            {
                var read = await peer.Socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                length += read;
                while (length > 0)
                {
                    var scan = scanner.Scan(buffer.AsSpan(0, length));
                    if (scan.Status == ScanStatus.NeedMoreData)
                    {
                        break;
                    }

                    var frame = buffer.AsSpan(0, scan.Consumed).ToArray();
                    buffer.AsSpan(scan.Consumed, length - scan.Consumed).CopyTo(buffer);
                    length -= scan.Consumed;
                    if (scan.Status == ScanStatus.Done)
                    {
                        var text = FixText.ToText(frame);
                        Received.Enqueue(text);
                        await _dialogue(peer, text);
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The runner or the test ended the connection.
        }
        finally
        {
            peer.Socket.Dispose();
        }
    }
}

/// <summary>One accepted connection of a <see cref="FakeAcceptor"/>.</summary>
internal sealed class FakePeer(Socket socket, int number)
{
    public Socket Socket { get; } = socket;

    /// <summary>1 for the first connection accepted, 2 for the second …</summary>
    public int Number { get; } = number;

    /// <summary>Sends a message given as '|' text (9 and 10 computed), whole or one byte per write.</summary>
    public async Task SendAsync(string text, bool byteByByte = false)
    {
        var frame = FixText.ToFrame(text);
        if (!byteByByte)
        {
            await Socket.SendAsync(frame, SocketFlags.None);
            return;
        }

        for (var i = 0; i < frame.Length; i++)
        {
            await Socket.SendAsync(frame.AsMemory(i, 1), SocketFlags.None);
            await Task.Delay(1);
        }
    }

    public async Task SendRawAsync(byte[] bytes) => await Socket.SendAsync(bytes.AsMemory(), SocketFlags.None);

    /// <summary>Closes the connection the way an engine does after Logout.</summary>
    public void Close() => Socket.Shutdown(SocketShutdown.Both);

    /// <summary>
    /// What an engine answering as ISLD would send back for <paramref name="incoming"/>: the same
    /// fields with the CompIDs swapped, SendingTime now in milliseconds, 9 and 10 recomputed.
    /// </summary>
    public static string Mirror(string incoming, int? seqNum = null)
    {
        var fields = incoming.Split('|', StringSplitOptions.RemoveEmptyEntries)
            .Where(f => !f.StartsWith("9=", StringComparison.Ordinal) && !f.StartsWith("10=", StringComparison.Ordinal))
            .Select(f => f.Split('=', 2))
            .Select(f => f[0] switch
            {
                "49" => "49=ISLD",
                "56" => "56=TW",
                "52" => "52=" + DateTime.UtcNow.ToString("yyyyMMdd-HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture),
                "34" when seqNum is not null => $"34={seqNum}",
                _ => $"{f[0]}={f[1]}",
            });
        return string.Join('|', fields) + "|";
    }
}
