using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PortStress.Control.Internal;
using PortStress.Control.Loop;
using PortStress.Telemetry.Sampling;

namespace PortStress.Control.Hosting;

/// <summary>
/// Runs the <see cref="ControlLoop"/> on its own thread while the host runs and, when
/// <see cref="ControlOptions.SampleSockets"/> is set, the OS socket sampler at its adaptive cadence, pushing each
/// sample into the loop. Stopping cancels both and waits for them.
/// </summary>
public sealed class ControlHostedService : IHostedService, IDisposable
{
    private readonly ControlLoop _loop;
    private readonly ControlOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private CancellationTokenSource? _stopping;
    private Task _loopTask = Task.CompletedTask;
    private Task _samplerTask = Task.CompletedTask;
    private TransportSampler? _sampler;

    /// <summary>Creates the service.</summary>
    /// <param name="loop">The loop to run.</param>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    public ControlHostedService(ControlLoop loop, IOptions<ControlOptions> options, TimeProvider? timeProvider = null, ILogger<ControlHostedService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(options);
        _loop = loop;
        _options = options.Value;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = new CancellationTokenSource();
        _loopTask = _loop.RunAsync(_stopping.Token);
        if (_options.SampleSockets)
        {
            _sampler = new TransportSampler(_options.Sampler, _time);
            if (_sampler.Table.Source == SocketTableSource.Unavailable)
            {
                ControlLog.SamplerUnavailable(_logger, _sampler.Table.Sample().UnavailableReason ?? "unknown");
            }
            else
            {
                var sampler = _sampler;
                var token = _stopping.Token;
                _samplerTask = Task.Run(async () =>
                {
                    try
                    {
                        await sampler.RunAsync((sample, counters) => _loop.PushSocketSample(sample, counters), token).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        ControlLog.SamplerFailed(_logger, e);
                    }
                }, CancellationToken.None);
            }
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null)
            return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loopTask, _samplerTask).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping?.Dispose();
        _sampler?.Dispose();
    }
}
