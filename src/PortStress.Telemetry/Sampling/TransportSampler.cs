namespace PortStress.Telemetry.Sampling;

/// <summary>
/// The OS side of telemetry: the socket table at an adaptive cadence (slow when calm, fast when port pressure
/// is high or rising), the counters every second, and the sysctls re-read periodically.
/// </summary>
public sealed class TransportSampler : IDisposable
{
    private readonly SocketSamplerOptions _options;
    private readonly TimeProvider _time;
    private long _settingsReadAt;
    private double _lastPressure;

    /// <summary>Opens the samplers for the calling thread's network namespace.</summary>
    /// <param name="options">Options; defaults when null.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    public TransportSampler(SocketSamplerOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? new SocketSamplerOptions();
        _time = timeProvider ?? TimeProvider.System;
        Table = new SocketTableSampler(_options, _time);
        Counters = Table.Source == SocketTableSource.Unavailable ? null : new TcpCounterSampler(_time);
        _settingsReadAt = _time.GetTimestamp();
        NextTableInterval = _options.CalmInterval;
    }

    /// <summary>The socket table sampler.</summary>
    public SocketTableSampler Table { get; }

    /// <summary>The counters, or null where they are unavailable.</summary>
    public TcpCounterSampler? Counters { get; }

    /// <summary>How long to wait before the next table sample, given the last one.</summary>
    public TimeSpan NextTableInterval { get; private set; }

    /// <summary>Samples the table (re-reading the sysctls when due) and updates <see cref="NextTableInterval"/>.</summary>
    public SocketTableSample SampleTable()
    {
        if (_time.GetElapsedTime(_settingsReadAt) >= _options.SettingsRefreshInterval)
        {
            Table.RefreshSettings();
            _settingsReadAt = _time.GetTimestamp();
        }
        var sample = Table.Sample();
        var pressure = Math.Max(sample.MaxPortPressureRatio, sample.MaxTimeWaitRatio);
        NextTableInterval = NextInterval(pressure, _lastPressure, _options);
        _lastPressure = pressure;
        return sample;
    }

    /// <summary>The cadence rule: fast at or above the pressure threshold or when pressure rises fast, else calm.</summary>
    /// <param name="pressure">The latest max(PPR, TWR).</param>
    /// <param name="previous">The one before.</param>
    /// <param name="options">Thresholds and intervals.</param>
    public static TimeSpan NextInterval(double pressure, double previous, SocketSamplerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return pressure >= options.PressureThreshold || pressure - previous >= options.PressureRiseThreshold
            ? options.PressuredInterval
            : options.CalmInterval;
    }

    /// <summary>
    /// Samples until cancelled: counters every second, the table at the adaptive cadence; calls
    /// <paramref name="onSample"/> after each table sample (with the counters read at the same time).
    /// </summary>
    /// <param name="onSample">Receives each table sample; the objects are reused by the next sample.</param>
    /// <param name="cancellationToken">Stops the loop.</param>
    public async Task RunAsync(Action<SocketTableSample, TcpCounterSampler?> onSample, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onSample);
        var tableDue = _time.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            Counters?.Sample();
            if (_time.GetTimestamp() >= tableDue)
            {
                onSample(SampleTable(), Counters);
                tableDue = _time.GetTimestamp() + (long)(NextTableInterval.TotalSeconds * _time.TimestampFrequency);
            }
            var untilTable = TimeSpan.FromSeconds(Math.Max(0, tableDue - _time.GetTimestamp()) / (double)_time.TimestampFrequency);
            var wait = untilTable < TimeSpan.FromSeconds(1) ? untilTable : TimeSpan.FromSeconds(1);
            try
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Table.Dispose();
        Counters?.Dispose();
    }
}
