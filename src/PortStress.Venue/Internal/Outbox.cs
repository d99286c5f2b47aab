using System.Threading.Channels;
using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;

namespace PortStress.Venue.Internal;

/// <summary>
/// The reports for one session, sent in the order they were made by one worker that holds no other lock (so the
/// market can queue reports while a session thread is inside the market). Each report waits until its due time
/// (the slow-ack fault); while the session is not logged on, reports wait for the next Logon rather than being lost.
/// </summary>
internal sealed class Outbox
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(20);
    private readonly Channel<(FixMessage Message, DateTimeOffset Due)> _queue = Channel.CreateUnbounded<(FixMessage, DateTimeOffset)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Session _session;
    private readonly VenueFaults _faults;
    private readonly TimeProvider _time;
    private readonly object _sync = new();
    private DateTimeOffset _lastDue;
    private long _sent;
    private long _vetoed;
    private Task? _worker;

    public Outbox(Session session, VenueFaults faults, TimeProvider time)
    {
        _session = session;
        _faults = faults;
        _time = time;
    }

    /// <summary>Reports handed to the session.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Reports queued and not yet sent.</summary>
    public int Pending => _queue.Reader.Count;

    public void Start(CancellationToken stopping) => _worker = Task.Run(() => RunAsync(stopping));

    public void Enqueue(FixMessage report)
    {
        lock (_sync)
        {
            var now = _time.GetUtcNow();
            var delay = _faults.AckDelay;
            var due = delay > TimeSpan.Zero ? now + delay : now;
            if (delay > TimeSpan.Zero)
            {
                _faults.ReportDelayed();
            }

            // A shorter delay set later never lets a report overtake an earlier one.
            if (due < _lastDue)
            {
                due = _lastDue;
            }

            _lastDue = due;
            _queue.Writer.TryWrite((report, due));
        }
    }

    public async Task StopAsync()
    {
        _queue.Writer.TryComplete();
        if (_worker is not null)
        {
            try
            {
                await _worker.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped while waiting: what is queued is not sent.
            }
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(stopping).ConfigureAwait(false))
        {
            while (reader.TryPeek(out var item))
            {
                await ClockWait.UntilAsync(_time, item.Due, stopping).ConfigureAwait(false);

                while (true)
                {
                    var outcome = _session.Send(item.Message);
                    if (outcome == SendOutcome.Sent)
                    {
                        Interlocked.Increment(ref _sent);
                        break;
                    }

                    if (outcome == SendOutcome.Vetoed)
                    {
                        Interlocked.Increment(ref _vetoed);
                        break;
                    }

                    // Not logged on (dropped, reconnecting) or backpressure: wait in real time and try again.
                    await Task.Delay(RetryPause, TimeProvider.System, stopping).ConfigureAwait(false);
                }

                reader.TryRead(out _);
            }
        }
    }
}
