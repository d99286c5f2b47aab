using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using PortStress.Fix.Engine;
using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Dictionary;

namespace PortStress.Gateway.Probe;

/// <summary>Options of one probe.</summary>
internal sealed record ProbeOptions(int Orders, string Symbol, decimal Price, decimal Quantity, char Side, TimeSpan Timeout);

/// <summary>
/// Logs on to one configured initiator session (one connect attempt, no reconnect), measures
/// connect and logon latency, optionally sends test orders one at a time and times each until its
/// first ExecutionReport, then logs out and waits for the answer.
/// </summary>
internal sealed class ProbeRunner : IApplication, ISessionObserver
{
    private readonly ConcurrentDictionary<string, long> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<double> _roundTrips = new();
    private readonly TaskCompletionSource _loggedOn = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _loggedOut = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _connectTicks = -1;
    private long _logonTicks = -1;
    private string? _failure;

    public static async Task<ProbeResult> RunAsync(EngineSessionConfig config, ProbeOptions options, CancellationToken cancellationToken)
    {
        var probe = new ProbeRunner();
        var settings = config.Settings;
        var dictionary = settings.DataDictionary is { } path ? DataDictionary.Load(path) : null;
        var application = settings.AppDataDictionary is { } appPath ? DataDictionary.Load(appPath) : null;
        using var store = config.CreateStore();
        var session = new Session(settings, probe, store, dictionary, application, observer: probe);
        var initiator = new FixInitiator(
            [new InitiatorSessionOptions
            {
                Session = session,
                Targets = config.Targets,
                Connector = config.Connector,
                Tls = config.Tls,
                Reconnect = new ReconnectPolicy { Base = TimeSpan.FromDays(1) },
            }],
            observer: probe);
        await initiator.StartAsync().ConfigureAwait(false);
        var sent = 0;
        try
        {
            using var logonWait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            logonWait.CancelAfter(options.Timeout);
            try
            {
                await probe._loggedOn.Task.WaitAsync(logonWait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                probe._failure ??= $"not logged on within {options.Timeout.TotalSeconds:0.#} s";
            }

            if (session.IsLoggedOn)
            {
                for (var i = 0; i < options.Orders && !cancellationToken.IsCancellationRequested; i++)
                {
                    var clOrdId = $"PROBE-{Environment.ProcessId}-{i}";
                    probe._pending[clOrdId] = Stopwatch.GetTimestamp();
                    if (session.Send(Order(clOrdId, options)) != SendOutcome.Sent)
                    {
                        probe._failure ??= "an order could not be sent";
                        break;
                    }

                    sent++;
                    var deadline = Stopwatch.GetTimestamp() + (long)(options.Timeout.TotalSeconds * Stopwatch.Frequency);
                    while (probe._pending.ContainsKey(clOrdId) && Stopwatch.GetTimestamp() < deadline && session.IsLoggedOn)
                    {
                        await Task.Delay(1, cancellationToken).ConfigureAwait(false);
                    }
                }

                session.Logout("probe done");
                await Task.WhenAny(probe._loggedOut.Task, Task.Delay(settings.LogoutTimeout + TimeSpan.FromSeconds(1), cancellationToken)).ConfigureAwait(false);
            }
        }
        finally
        {
            await initiator.DisposeAsync().ConfigureAwait(false);
        }

        static double? Ms(long ticks) => ticks < 0 ? null : ticks * 1000.0 / Stopwatch.Frequency;
        return new ProbeResult(
            settings.SessionId.ToString(),
            string.Join(", ", config.Targets),
            probe._logonTicks >= 0,
            probe._failure,
            Ms(probe._connectTicks),
            Ms(probe._logonTicks),
            sent,
            probe._roundTrips.Count,
            [.. probe._roundTrips],
            probe._loggedOut.Task.IsCompleted);
    }

    private static FixMessage Order(string clOrdId, ProbeOptions options)
    {
        var order = new FixMessage();
        order.Header.Set(Tags.MsgType, "D");
        order.Body.Set(Tags.ClOrdID, clOrdId);
        order.Body.Set(Tags.HandlInst, '1');
        order.Body.Set(Tags.Symbol, options.Symbol);
        order.Body.Set(Tags.Side, options.Side);
        order.Body.SetTimestamp(Tags.TransactTime, DateTime.UtcNow);
        order.Body.Set(Tags.OrderQty, options.Quantity);
        order.Body.Set(Tags.OrdType, '2');
        order.Body.Set(Tags.Price, options.Price);
        order.Body.Set(Tags.TimeInForce, '0');
        return order;
    }

    public void OnCreate(SessionId sessionId)
    {
    }

    public void OnLogon(SessionId sessionId) => _loggedOn.TrySetResult();

    public void OnLogout(SessionId sessionId) => _loggedOut.TrySetResult();

    public void ToAdmin(FixMessage message, SessionId sessionId)
    {
    }

    public void FromAdmin(FixMessage message, SessionId sessionId)
    {
        if (message.MsgType == "5" && message.Body.GetString(Tags.Text) is { } text && !_loggedOn.Task.IsCompleted)
        {
            _failure ??= $"the counterparty refused the Logon: {text}";
        }
    }

    public void ToApp(FixMessage message, SessionId sessionId)
    {
    }

    public void FromApp(FixMessage message, SessionId sessionId)
    {
        if (message.MsgType == "8" && message.Body.GetString(Tags.ClOrdID) is { } clOrdId && _pending.TryRemove(clOrdId, out var sentAt))
        {
            _roundTrips.Enqueue((Stopwatch.GetTimestamp() - sentAt) * 1000.0 / Stopwatch.Frequency);
        }
    }

    public void ConnectStarted(in SessionId session, string host, int port, long timestamp)
    {
    }

    public void ConnectSucceeded(in SessionId session, string host, int port, long startTimestamp, long timestamp) =>
        _connectTicks = (long)((timestamp - startTimestamp) * (double)Stopwatch.Frequency / TimeProvider.System.TimestampFrequency);

    public void ConnectFailed(in SessionId session, string host, int port, SocketError socketError, int errno, long startTimestamp, long timestamp) =>
        _failure ??= $"connect to {host}:{port} failed: {socketError} (errno {errno})";

    public void TlsCompleted(in SessionId session, long startTimestamp, long timestamp)
    {
    }

    public void LogonSent(in SessionId session, long timestamp)
    {
    }

    public void LogonAcknowledged(in SessionId session, long logonSentTimestamp, long timestamp) =>
        _logonTicks = (long)((timestamp - logonSentTimestamp) * (double)Stopwatch.Frequency / TimeProvider.System.TimestampFrequency);

    public void Disconnected(in SessionId session, DisconnectInitiator initiator, string reason, long timestamp)
    {
        if (!_loggedOn.Task.IsCompleted)
        {
            _failure ??= $"disconnected before logon: {reason}";
        }

        _loggedOut.TrySetResult();
    }

    public void MessageSent(in SessionId session, ReadOnlySpan<byte> msgType, int seqNum, long timestamp)
    {
    }

    public void MessageReceived(in SessionId session, ReadOnlySpan<byte> msgType, int seqNum, long timestamp)
    {
    }
}
