using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PortStress.Telemetry;
using PortStress.Telemetry.Connect;

namespace PortStress.Gateway.Churn;

/// <summary>
/// A port-churning neighbour: keeps <see cref="ChurnOptions.Connections"/> short-lived TCP connections going to its
/// targets from kernel-chosen ephemeral ports. Each connects, stays open for the lifetime, is closed by this side first
/// (so its TIME_WAIT stays here) and starts again at once. With more connections than the range has ports for one
/// destination, connects fail with EADDRNOTAVAIL (or EADDRINUSE) and every other process connecting to that destination
/// from this network namespace hits the same wall: the gateway's reconnects fail for real. Stopping closes everything,
/// which frees the ports except those held in TIME_WAIT.
/// </summary>
internal sealed class ChurnSource(ChurnOptions options)
{
    private long _connects;
    private long _open;
    private long _addressNotAvailable;
    private long _addressInUse;
    private long _otherFailures;
    private long _lastOtherErrno;

    /// <summary>Connections established so far.</summary>
    public long Connects => Interlocked.Read(ref _connects);

    /// <summary>Connections open now.</summary>
    public long Open => Interlocked.Read(ref _open);

    /// <summary>Connects refused with EADDRNOTAVAIL (errno 99): no free local port for the destination.</summary>
    public long AddressNotAvailable => Interlocked.Read(ref _addressNotAvailable);

    /// <summary>Connects refused with EADDRINUSE (errno 98).</summary>
    public long AddressInUse => Interlocked.Read(ref _addressInUse);

    /// <summary>Connects that failed for any other reason (refused, reset, timed out).</summary>
    public long OtherFailures => Interlocked.Read(ref _otherFailures);

    /// <summary>The errno of the latest other failure (0 for none).</summary>
    public long LastOtherErrno => Interlocked.Read(ref _lastOtherErrno);

    /// <summary>Total failed connects.</summary>
    public long Failures => AddressNotAvailable + AddressInUse + OtherFailures;

    /// <summary>Runs the connections until <paramref name="cancellationToken"/> fires (or the duration ends), then closes them all.</summary>
    /// <param name="cancellationToken">Stops the churn.</param>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var duration = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.Duration is { } limit)
        {
            duration.CancelAfter(limit);
        }

        var workers = new Task[options.Connections];
        for (var i = 0; i < workers.Length; i++)
        {
            var target = options.Targets[i % options.Targets.Count];
            var seed = i;
            workers[i] = Task.Run(() => WorkAsync(target, seed, duration.Token), CancellationToken.None);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    /// <summary>One progress line: open connections, connects and failures (by cause) since the previous line.</summary>
    /// <param name="elapsed">Time since the start.</param>
    /// <param name="previous">The counters at the previous line.</param>
    public string Progress(TimeSpan elapsed, ChurnCounters previous) => string.Create(
        CultureInfo.InvariantCulture,
        $"churn {elapsed.TotalSeconds,6:0.0} s  open {Open,5}  connects +{Connects - previous.Connects,-6} EADDRNOTAVAIL +{AddressNotAvailable - previous.AddressNotAvailable,-7} EADDRINUSE +{AddressInUse - previous.AddressInUse,-5} other +{OtherFailures - previous.OtherFailures}{(LastOtherErrno != 0 ? $" (last errno {LastOtherErrno})" : string.Empty)}");

    /// <summary>The counters now.</summary>
    public ChurnCounters Counters() => new(Connects, AddressNotAvailable, AddressInUse, OtherFailures);

    private async Task WorkAsync(IPEndPoint target, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        while (!cancellationToken.IsCancellationRequested)
        {
            var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            var connected = false;
            try
            {
                await socket.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
                connected = true;
                Interlocked.Increment(ref _connects);
                Interlocked.Increment(ref _open);

                // Lifetimes spread over [0.5, 1.5] x the configured one so closes do not come in lockstep.
                var lifetime = options.Lifetime * (0.5 + random.NextDouble());
                await Task.Delay(lifetime, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                Count(e);
                await PauseAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping: the socket is closed below.
            }
            finally
            {
                // Dispose closes gracefully (FIN from this side first): the TIME_WAIT is ours.
                socket.Dispose();
                if (connected)
                {
                    Interlocked.Decrement(ref _open);
                }
            }
        }
    }

    private void Count(SocketException e)
    {
        switch (ConnectErrors.Classify(e).Cause)
        {
            case ConnectFailureCause.AddressNotAvailable:
                Interlocked.Increment(ref _addressNotAvailable);
                break;
            case ConnectFailureCause.AddressInUse:
                Interlocked.Increment(ref _addressInUse);
                break;
            default:
                Interlocked.Increment(ref _otherFailures);
                Interlocked.Exchange(ref _lastOtherErrno, e.NativeErrorCode);
                break;
        }
    }

    private async Task PauseAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(options.RetryDelay, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}

/// <summary>The churn's counters at one moment, for per-interval progress.</summary>
internal readonly record struct ChurnCounters(long Connects, long AddressNotAvailable, long AddressInUse, long OtherFailures);
