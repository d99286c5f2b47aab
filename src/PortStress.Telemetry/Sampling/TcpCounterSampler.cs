using PortStress.Telemetry.Internal;

namespace PortStress.Telemetry.Sampling;

/// <summary>
/// The cheap host-wide counters (sockstat, snmp, netstat TcpExt), meant to be read every second: values, per-second
/// rates since the previous read, and the TIME_WAIT creation rate. Reads allocate nothing. Not thread-safe;
/// counters are those of the network namespace of the thread that created the sampler.
/// </summary>
public sealed class TcpCounterSampler : IDisposable
{
    private static readonly int CounterCount = Enum.GetValues<TcpCounter>().Length;
    private readonly ProcNetCounters _files;
    private readonly TimeProvider _time;
    private long[] _current = new long[CounterCount];
    private long[] _previous = new long[CounterCount];
    private long _currentAt;
    private long _previousAt;

    /// <summary>Opens the counter files of the calling thread's network namespace (Linux only).</summary>
    /// <param name="timeProvider">Stamps reads; the system clock when null.</param>
    public TcpCounterSampler(TimeProvider? timeProvider = null)
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("TCP counters come from /proc/net and need Linux.");
        _time = timeProvider ?? TimeProvider.System;
        _files = new ProcNetCounters();
    }

    /// <summary>True once two reads make rates available.</summary>
    public bool HasRates => _previousAt != 0;

    /// <summary>Reads the counters now.</summary>
    public void Sample()
    {
        (_previous, _current) = (_current, _previous);
        _previousAt = _currentAt;
        _files.Read(_current);
        _currentAt = _time.GetTimestamp();
    }

    /// <summary>The value of a counter at the last read.</summary>
    /// <param name="counter">The counter.</param>
    public long this[TcpCounter counter] => _current[(int)counter];

    /// <summary>The change per second of a counter between the last two reads (0 before two reads).</summary>
    /// <param name="counter">The counter.</param>
    public double RatePerSecond(TcpCounter counter) => Rate(_current[(int)counter] - _previous[(int)counter]);

    /// <summary>TIME_WAIT sockets created per second between the last two reads (from <c>TcpExt: TW</c>).</summary>
    public double TimeWaitCreationRate => RatePerSecond(TcpCounter.TimeWaitCreated);

    /// <inheritdoc />
    public void Dispose() => _files.Dispose();

    private double Rate(long delta)
    {
        if (!HasRates)
            return 0;
        var seconds = _time.GetElapsedTime(_previousAt, _currentAt).TotalSeconds;
        return seconds <= 0 ? 0 : delta / seconds;
    }
}
