using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Transport;
using PortStress.Fix.Protocol;
using PortStress.Venue.Internal;

namespace PortStress.Venue.Transport;

/// <summary>
/// Listens, accepts, and routes each connection to a session by the CompIDs of its first Logon, applying the
/// connect and logon faults on the way. Unknown CompIDs, a first message that is not a Logon, no Logon within the
/// timeout and a second connection for a connected session are refused (the live connection is kept).
/// </summary>
internal sealed class VenueListener : IAsyncDisposable
{
    private readonly Dictionary<(string BeginString, string Sender, string Target), Session> _sessions;
    private readonly IPEndPoint _listen;
    private readonly TimeSpan _logonTimeout;
    private readonly VenueFaults _faults;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly HashSet<VenueConnection> _open = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<SessionTimer> _timers = [];
    private Socket? _socket;
    private Task? _acceptLoop;

    public VenueListener(IEnumerable<Session> sessions, IPEndPoint listen, TimeSpan logonTimeout, VenueFaults faults, TimeProvider time, ILogger log)
    {
        _sessions = sessions.ToDictionary(s => (s.Id.BeginString, s.Id.SenderCompId, s.Id.TargetCompId));
        _listen = listen;
        _logonTimeout = logonTimeout;
        _faults = faults;
        _time = time;
        _log = log;
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint?)_socket?.LocalEndPoint ?? _listen;

    public void Start()
    {
        var socket = new Socket(_listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(_listen);
        socket.Listen(512);
        _socket = socket;
        foreach (var session in _sessions.Values)
        {
            _timers.Add(new SessionTimer(session, _time));
        }

        _acceptLoop = Task.Run(AcceptLoopAsync);
        VenueLog.Listening(_log, LocalEndPoint.ToString());
    }

    /// <summary>Closes the connections of every logged-on session at once (the dropped-session fault); returns how many.</summary>
    public int DropLoggedOnSessions(string reason)
    {
        List<VenueConnection> victims;
        lock (_open)
        {
            victims = _open.Where(c => c.Session is { IsLoggedOn: true }).ToList();
        }

        foreach (var connection in victims)
        {
            VenueLog.Dropped(_log, connection.Session!.Id.ToString(), reason);
            connection.Disconnect(reason);
        }

        return victims.Count;
    }

    public async Task StopAsync(TimeSpan timeout)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        _socket?.Dispose();
        foreach (var session in _sessions.Values)
        {
            session.Logout("venue stopping");
        }

        await Task.WhenAny(Task.WhenAll(Completions()), Task.Delay(timeout)).ConfigureAwait(false);
        lock (_open)
        {
            foreach (var connection in _open)
            {
                connection.Disconnect("venue stopping");
            }
        }

        await Task.WhenAll(Completions()).ConfigureAwait(false);
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        foreach (var timer in _timers)
        {
            timer.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Routes the first frame of <paramref name="connection"/>; false when the connection was refused.</summary>
    public async Task<bool> AttachAsync(VenueConnection connection, byte[] frame)
    {
        string? beginString = null, msgType = null, sender = null, target = null;
        var reader = new FieldReader(frame);
        while (reader.MoveNext() && (beginString is null || msgType is null || sender is null || target is null))
        {
            switch (reader.Tag)
            {
                case Tags.BeginString: beginString = reader.GetString(); break;
                case Tags.MsgType: msgType = reader.GetString(); break;
                case Tags.SenderCompID: sender = reader.GetString(); break;
                case Tags.TargetCompID: target = reader.GetString(); break;
            }
        }

        if (msgType != "A")
        {
            return Refuse(connection, "the first message is not a Logon");
        }

        if (beginString is null || sender is null || target is null || !_sessions.TryGetValue((beginString, target, sender), out var session))
        {
            return Refuse(connection, $"no session {beginString}:{target}->{sender}");
        }

        var delay = _faults.LogonDelay;
        if (delay > TimeSpan.Zero)
        {
            var due = _time.GetUtcNow() + delay;
            _faults.LogonHeld();
            try
            {
                await ClockWait.UntilAsync(_time, due, connection.Closing).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            finally
            {
                _faults.LogonReleased();
            }
        }

        if (!session.OnConnected(connection))
        {
            return Refuse(connection, $"session {session.Id} is already connected; the live connection is kept");
        }

        connection.Attach(session);
        session.OnFrame(connection, frame);
        return true;
    }

    public void Forget(VenueConnection connection)
    {
        lock (_open)
        {
            _open.Remove(connection);
        }
    }

    private bool Refuse(VenueConnection connection, string reason)
    {
        VenueLog.Refused(_log, connection.RemoteEndPoint, reason);
        connection.Disconnect(reason);
        return false;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _socket!.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            if (_faults.RefuseConnects)
            {
                // Refused connects: reset at once (no Logon is read, and no TIME_WAIT is left on the venue's side).
                _faults.ConnectRefused();
                VenueLog.Refused(_log, socket.RemoteEndPoint?.ToString() ?? "?", "refusing connects (fault)");
                socket.LingerState = new LingerOption(true, 0);
                socket.Dispose();
                continue;
            }

            socket.NoDelay = true;
            var connection = new VenueConnection(socket, this, Fix.Protocol.CodecLimits.Default);
            lock (_open)
            {
                _open.Add(connection);
            }

            var timeout = _time.CreateTimer(
                static state =>
                {
                    var c = (VenueConnection)state!;
                    if (c.Session is null && !c.SawFrame)
                    {
                        c.Disconnect("no Logon within the logon timeout");
                    }
                },
                connection,
                _logonTimeout,
                Timeout.InfiniteTimeSpan);
            _ = connection.Completion.ContinueWith(_ => timeout.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            connection.Start();
        }
    }

    private Task[] Completions()
    {
        lock (_open)
        {
            return _open.Select(c => c.Completion).ToArray();
        }
    }
}
