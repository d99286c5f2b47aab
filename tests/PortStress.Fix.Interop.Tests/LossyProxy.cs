using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PortStress.Fix.Interop.Tests;

/// <summary>Which way a frame went through the <see cref="LossyProxy"/>.</summary>
internal enum Direction
{
    /// <summary>From our initiator to the peer.</summary>
    ToPeer,

    /// <summary>From the peer to our initiator.</summary>
    ToUs,
}

/// <summary>A frame the proxy saw: its direction, whether it was dropped, and its text with '|' for SOH.</summary>
internal sealed record ProxiedFrame(Direction Direction, bool Dropped, string Text)
{
    public string? Field(int tag)
    {
        var key = "|" + tag.ToString(System.Globalization.CultureInfo.InvariantCulture) + "=";
        var at = ("|" + Text).IndexOf(key, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var start = at + key.Length - 1;
        var end = Text.IndexOf('|', start);
        return end < 0 ? Text[start..] : Text[start..end];
    }

    public string MsgType => Field(35) ?? string.Empty;

    public int SeqNum => int.Parse(Field(34) ?? "0", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// A TCP relay on 127.0.0.1 between our initiator and a peer that cuts the stream into FIX frames,
/// records every frame each way, and on request silently drops whole frames in either direction
/// (messages lost in flight) or cuts every connection and stops accepting (the network goes away
/// without a Logout). The peer and our engine never know it is there.
/// </summary>
internal sealed class LossyProxy : IAsyncDisposable
{
    private static readonly byte[] ChecksumStart = "\u000110="u8.ToArray();
    private readonly TcpListener _listener;
    private readonly int _peerPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Socket> _sockets = [];
    private readonly List<Task> _pumps = [];
    private readonly Task _accepting;
    private volatile bool _dropToPeer;
    private volatile bool _dropToUs;

    public LossyProxy(int peerPort)
    {
        _peerPort = peerPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>The port our initiator connects to.</summary>
    public int Port { get; }

    /// <summary>Every frame seen so far, in the order seen per direction.</summary>
    public ConcurrentQueue<ProxiedFrame> Frames { get; } = new();

    /// <summary>Drop (lose) every frame from now on in the given directions; false passes them again.</summary>
    public void Drop(bool toPeer, bool toUs)
    {
        _dropToPeer = toPeer;
        _dropToUs = toUs;
    }

    public IEnumerable<ProxiedFrame> Seen(Direction direction, bool dropped) =>
        Frames.Where(f => f.Direction == direction && f.Dropped == dropped);

    /// <summary>Stops accepting (reconnects are refused) and resets every open connection: no Logout reaches either side.</summary>
    public void Cut()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var socket in _sockets)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Cut();
        await _accepting.ConfigureAwait(false);
        Task[] pumps;
        lock (_pumps)
        {
            pumps = [.. _pumps];
        }

        await Task.WhenAll(pumps).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket us;
            try
            {
                us = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await peer.ConnectAsync(IPAddress.Loopback, _peerPort, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                us.Dispose();
                peer.Dispose();
                continue;
            }

            _sockets.Add(us);
            _sockets.Add(peer);
            lock (_pumps)
            {
                _pumps.Add(PumpAsync(us, peer, Direction.ToPeer));
                _pumps.Add(PumpAsync(peer, us, Direction.ToUs));
            }
        }
    }

    private async Task PumpAsync(Socket from, Socket to, Direction direction)
    {
        var buffer = new byte[64 * 1024];
        var pending = new List<byte>();
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                pending.AddRange(buffer.AsSpan(0, read));
                while (NextFrameLength(pending) is { } length)
                {
                    var frame = pending.GetRange(0, length).ToArray();
                    pending.RemoveRange(0, length);
                    var drop = direction == Direction.ToPeer ? _dropToPeer : _dropToUs;
                    Frames.Enqueue(new ProxiedFrame(direction, drop, Encoding.Latin1.GetString(frame).Replace('\u0001', '|')));
                    if (!drop)
                    {
                        await to.SendAsync(frame, SocketFlags.None).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }

    /// <summary>The length of the first complete frame ("8=…" up to the SOH after "10=nnn"), or null.</summary>
    private static int? NextFrameLength(List<byte> pending)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pending);
        var checksum = span.IndexOf(ChecksumStart);
        if (checksum < 0)
        {
            return null;
        }

        var end = span[(checksum + ChecksumStart.Length)..].IndexOf((byte)1);
        return end < 0 ? null : checksum + ChecksumStart.Length + end + 1;
    }
}
