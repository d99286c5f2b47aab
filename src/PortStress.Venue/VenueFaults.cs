namespace PortStress.Venue;

/// <summary>
/// The venue's fault switches, changeable at any time from any thread (e.g. <c>venue.Faults.RefuseConnects = true</c>),
/// and counters of what each fault did. Starts from <see cref="VenueOptions.Faults"/>.
/// </summary>
public sealed class VenueFaults
{
    private readonly Action<TimeSpan?> _dropScheduleChanged;
    private readonly Func<int> _dropNow;
    private int _refuseConnects;
    private long _logonDelayTicks;
    private long _ackDelayTicks;
    private long _dropEveryTicks = -1;
    private long _connectionsRefused;
    private long _logonsDelayed;
    private long _logonsHeld;
    private long _sessionsDropped;
    private long _reportsDelayed;

    internal VenueFaults(FaultOptions initial, Action<TimeSpan?> dropScheduleChanged, Func<int> dropNow)
    {
        _dropScheduleChanged = dropScheduleChanged;
        _dropNow = dropNow;
        RefuseConnects = initial.RefuseConnects;
        LogonDelay = initial.LogonDelay;
        AckDelay = initial.AckDelay;
        _dropEveryTicks = initial.DropSessionsEvery?.Ticks ?? -1;
    }

    /// <summary>Close every new connection at once (reset, before any Logon is read).</summary>
    public bool RefuseConnects
    {
        get => Volatile.Read(ref _refuseConnects) != 0;
        set => Volatile.Write(ref _refuseConnects, value ? 1 : 0);
    }

    /// <summary>Hold each arriving Logon this long before the session sees (and answers) it; zero: no delay.</summary>
    public TimeSpan LogonDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _logonDelayTicks));
        set => Interlocked.Exchange(ref _logonDelayTicks, NonNegative(value).Ticks);
    }

    /// <summary>Hold each ExecutionReport (and cancel reject) this long before sending it; zero: send at once. Order per session is kept.</summary>
    public TimeSpan AckDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _ackDelayTicks));
        set => Interlocked.Exchange(ref _ackDelayTicks, NonNegative(value).Ticks);
    }

    /// <summary>Disconnect every logged-on session at this period (the first drop one period after it is set); null: never.</summary>
    public TimeSpan? DropSessionsEvery
    {
        get => Interlocked.Read(ref _dropEveryTicks) is var t and >= 0 ? TimeSpan.FromTicks(t) : null;
        set
        {
            if (value is { } v && v <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "the drop period must be greater than 0 (or null: never)");
            }

            Interlocked.Exchange(ref _dropEveryTicks, value?.Ticks ?? -1);
            _dropScheduleChanged(value);
        }
    }

    /// <summary>Connections closed because <see cref="RefuseConnects"/> was on.</summary>
    public long ConnectionsRefused => Interlocked.Read(ref _connectionsRefused);

    /// <summary>Logons held by <see cref="LogonDelay"/> (total).</summary>
    public long LogonsDelayed => Interlocked.Read(ref _logonsDelayed);

    /// <summary>Logons being held right now.</summary>
    public long LogonsHeld => Interlocked.Read(ref _logonsHeld);

    /// <summary>Sessions disconnected by <see cref="DropSessionsNow"/> or <see cref="DropSessionsEvery"/>.</summary>
    public long SessionsDropped => Interlocked.Read(ref _sessionsDropped);

    /// <summary>Reports held by <see cref="AckDelay"/> (total).</summary>
    public long ReportsDelayed => Interlocked.Read(ref _reportsDelayed);

    /// <summary>Disconnects every logged-on session now (the counterparties see the connection close); returns how many.</summary>
    public int DropSessionsNow()
    {
        var dropped = _dropNow();
        Interlocked.Add(ref _sessionsDropped, dropped);
        return dropped;
    }

    internal void ConnectRefused() => Interlocked.Increment(ref _connectionsRefused);

    internal void LogonHeld()
    {
        Interlocked.Increment(ref _logonsDelayed);
        Interlocked.Increment(ref _logonsHeld);
    }

    internal void LogonReleased() => Interlocked.Decrement(ref _logonsHeld);

    internal void ReportDelayed() => Interlocked.Increment(ref _reportsDelayed);

    private static TimeSpan NonNegative(TimeSpan value) =>
        value < TimeSpan.Zero ? throw new ArgumentOutOfRangeException(nameof(value), value, "a delay must not be negative") : value;
}
