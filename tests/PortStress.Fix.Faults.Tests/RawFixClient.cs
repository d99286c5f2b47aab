using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PortStress.Fix.Protocol;

namespace PortStress.Fix.Faults.Tests;

/// <summary>A counterparty we control byte by byte: writes what the test says, reads frames with the project's scanner.</summary>
internal sealed class RawFixClient : IDisposable
{
    private readonly Socket _socket;
    private readonly FrameScanner _scanner = new();
    private byte[] _buffer = new byte[64 * 1024];
    private int _length;

    private RawFixClient(Socket socket) => _socket = socket;

    public static async Task<RawFixClient> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint);
        return new RawFixClient(socket);
    }

    public Socket Socket => _socket;

    /// <summary>SenderCompID of what this client sends (TargetCompID is always ISLD).</summary>
    public string SenderCompId { get; set; } = "TW";

    public static string Now => DateTime.UtcNow.ToString("yyyyMMdd-HH:mm:ss.fff", CultureInfo.InvariantCulture);

    /// <summary>Sends a message from <see cref="SenderCompId"/> to ISLD; fields after the standard header.</summary>
    public Task SendAsync(string msgType, int seq, string body = "") =>
        SendRawAsync(FixText.ToFrame($"8=FIX.4.4|35={msgType}|34={seq}|49={SenderCompId}|52={Now}|56=ISLD|{body}"));

    public async Task SendRawAsync(byte[] bytes) => await _socket.SendAsync(bytes);

    /// <summary>The next frame as text, or null if the connection closed first; throws on timeout.</summary>
    public async Task<string?> ReceiveAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var scan = _scanner.Scan(_buffer.AsSpan(0, _length));
            if (scan.Status != ScanStatus.NeedMoreData)
            {
                var text = scan.Status == ScanStatus.Done ? FixText.ToText(_buffer.AsSpan(0, scan.Consumed)) : "garbled";
                _buffer.AsSpan(scan.Consumed, _length - scan.Consumed).CopyTo(_buffer);
                _length -= scan.Consumed;
                return text;
            }

            if (_length == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            int read;
            try
            {
                read = await _socket.ReceiveAsync(_buffer.AsMemory(_length), cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"nothing received within {timeout.TotalSeconds} s");
            }
            catch (SocketException)
            {
                return null;
            }

            if (read == 0)
            {
                return null;
            }

            _length += read;
        }
    }

    /// <summary>Reads until the peer closes; returns what arrived first. Throws if it stays open past the timeout.</summary>
    public async Task<List<string>> ReceiveUntilClosedAsync(TimeSpan timeout)
    {
        var received = new List<string>();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"the connection stayed open for {timeout.TotalSeconds} s; received: {string.Join(" / ", received)}");
            }

            var frame = await ReceiveAsync(remaining);
            if (frame is null)
            {
                return received;
            }

            received.Add(frame);
        }
    }

    /// <summary>Closes with RST (linger 0), as a crashed or reset peer does.</summary>
    public void Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    public void Dispose() => _socket.Dispose();
}
