using System.Net;
using System.Net.Sockets;
using System.Text;
using PortStress.Fix.Engine.Transport;
using PortStress.Fix.Protocol;
using PortStress.Testing;

namespace PortStress.Fix.Engine.Tests.Transport;

/// <summary>The connection's write path over a real loopback socket: who writes, when, and that nothing is lost or reordered.</summary>
public sealed class StreamConnectionTests : IAsyncLifetime
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly ClosedRecorder _handler = new();
    private Socket _peer = null!;
    private StreamConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accepting = _listener.AcceptAsync();
        await client.ConnectAsync(_listener.LocalEndPoint!);
        _peer = await accepting;
        _connection = new StreamConnection(new NetworkStream(client, ownsSocket: true), "test", new CodecLimits(), _handler);
        _connection.Start();
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        _peer.Dispose();
        _listener.Dispose();
    }

    [Fact]
    public async Task A_frame_sent_outside_any_session_is_written_at_once()
    {
        _connection.Send(Frame(1));

        (await Receive(Frame(1).Length)).Should().Equal(Frame(1));
        _connection.PendingBytes.Should().Be(0);
    }

    [Fact]
    public async Task Frames_sent_inside_a_session_wait_until_the_thread_lets_go_and_then_go_out_together_in_order()
    {
        var expected = Frame(1).Concat(Frame(2)).ToArray();
        DeferredWrites.Enter();
        try
        {
            DeferredWrites.Enter(); // inside two sessions (a router forwarding under the upstream session's lock)
            _connection.Send(Frame(1));
            _connection.Send(Frame(2));
            DeferredWrites.Leave();

            _connection.PendingBytes.Should().Be(expected.Length, "the thread still holds a session lock");
            _peer.Poll(TimeSpan.FromMilliseconds(200), SelectMode.SelectRead).Should().BeFalse("nothing is written under a lock");
        }
        finally
        {
            // The count is per thread, and xunit reuses threads: never leave it raised for the next test.
            DeferredWrites.Leave();
        }

        (await Receive(expected.Length)).Should().Equal(expected);
        _connection.PendingBytes.Should().Be(0);
    }

    [Fact]
    public async Task A_bulk_send_under_a_lock_streams_out_before_the_lock_is_let_go()
    {
        var frames = Enumerable.Range(1, 200).Select(i => Frame(i, padding: 1000)).ToArray();
        var expected = frames.SelectMany(f => f).ToArray();
        byte[] early;
        DeferredWrites.Enter();
        try
        {
            foreach (var frame in frames)
            {
                _connection.Send(frame);
            }

            early = ReceiveHere(64 * 1024); // no await: the count is per thread, and Leave must run on this one
        }
        finally
        {
            DeferredWrites.Leave();
        }

        var rest = await Receive(expected.Length - early.Length);

        early.Concat(rest).Should().Equal(expected);
    }

    [Fact]
    public async Task A_peer_that_stops_reading_never_blocks_the_sender_and_loses_nothing()
    {
        var frames = Enumerable.Range(1, 8000).Select(i => Frame(i, padding: 1000)).ToArray();
        var expected = frames.SelectMany(f => f).ToArray();

        // The peer reads nothing while these are sent: the socket's buffers fill and the rest waits in the connection.
        var sending = Task.Run(() =>
        {
            foreach (var frame in frames)
            {
                _connection.Send(frame);
            }
        });
        (await Task.WhenAny(sending, Task.Delay(TimeSpan.FromSeconds(30)))).Should().BeSameAs(sending, "Send never waits for the network");
        _connection.PendingBytes.Should().BeGreaterThan(0, "8 MB do not fit in loopback socket buffers");

        (await Receive(expected.Length)).Should().Equal(expected);
        await Eventually.WaitFor(() => _connection.PendingBytes == 0, "pending bytes back to 0");
    }

    [Fact]
    public async Task Bytes_queued_before_a_local_disconnect_are_written_before_the_stream_closes()
    {
        var logout = Frame(9);
        DeferredWrites.Enter();
        try
        {
            _connection.Send(logout);
            _connection.Disconnect("logged out");
        }
        finally
        {
            DeferredWrites.Leave();
        }

        (await Receive(logout.Length)).Should().Equal(logout);
        var buffer = new byte[16];
        (await _peer.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Should().Be(0, "then the connection closes");
        await _connection.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        _handler.Initiator.Should().Be(DisconnectInitiator.Local);
        _handler.Reason.Should().Be("logged out");
    }

    // Not a valid FIX frame (the peer here is a raw socket): numbered bytes, so order and loss show.
    private static byte[] Frame(int number, int padding = 0) =>
        Encoding.ASCII.GetBytes($"frame {number:D6}|{new string('x', padding)}\n");

    private async Task<byte[]> Receive(int count)
    {
        var received = new byte[count];
        var offset = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (offset < count)
        {
            var read = await _peer.ReceiveAsync(received.AsMemory(offset), timeout.Token);
            read.Should().BeGreaterThan(0, "the connection stays open");
            offset += read;
        }

        return received;
    }

    private byte[] ReceiveHere(int count)
    {
        var received = new byte[count];
        var offset = 0;
        _peer.ReceiveTimeout = 30_000;
        while (offset < count)
        {
            var read = _peer.Receive(received.AsSpan(offset));
            read.Should().BeGreaterThan(0, "the connection stays open");
            offset += read;
        }

        return received;
    }

    private sealed class ClosedRecorder : IFrameHandler
    {
        public DisconnectInitiator? Initiator { get; private set; }

        public string? Reason { get; private set; }

        public void OnFrame(StreamConnection connection, ReadOnlySpan<byte> frame)
        {
        }

        public void OnGarbled(StreamConnection connection, ScanResult rejected)
        {
        }

        public void OnClosed(StreamConnection connection, DisconnectInitiator initiator, string reason)
        {
            Initiator = initiator;
            Reason = reason;
        }
    }
}
