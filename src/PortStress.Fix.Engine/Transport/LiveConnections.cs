namespace PortStress.Fix.Engine.Transport;

/// <summary>The open connections of an acceptor or initiator, and the orderly close both do on stop.</summary>
internal sealed class LiveConnections
{
    private readonly HashSet<StreamConnection> _open = [];

    public void Add(StreamConnection connection)
    {
        lock (_open)
        {
            _open.Add(connection);
        }
    }

    public void Remove(StreamConnection connection)
    {
        lock (_open)
        {
            _open.Remove(connection);
        }
    }

    /// <summary>
    /// Logs every session out, waits up to <paramref name="timeout"/> for the connections to close
    /// (the Logouts answered), then closes what is left and waits for it.
    /// </summary>
    public async Task LogoutAndCloseAsync(IEnumerable<Session> sessions, string reason, TimeSpan timeout)
    {
        foreach (var session in sessions)
        {
            session.Logout(reason);
        }

        await Task.WhenAny(Task.WhenAll(Completions()), Task.Delay(timeout)).ConfigureAwait(false);
        lock (_open)
        {
            foreach (var connection in _open)
            {
                connection.Disconnect(reason);
            }
        }

        await Task.WhenAll(Completions()).ConfigureAwait(false);
    }

    private Task[] Completions()
    {
        lock (_open)
        {
            return _open.Select(c => c.Completion).ToArray();
        }
    }
}
