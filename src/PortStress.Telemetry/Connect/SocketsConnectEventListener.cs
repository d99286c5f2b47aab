using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Net.Sockets;

namespace PortStress.Telemetry.Connect;

/// <summary>
/// The no-code-change option: listens to the runtime's <c>System.Net.Sockets</c> event source (ConnectStart,
/// ConnectStop, ConnectFailed) and reports every outbound TCP connect of the process to an
/// <see cref="ITransportObserver"/>, whoever made it. Start and stop are paired by the activity ids the runtime
/// assigns; latency is measured between them. Costlier than <see cref="InstrumentedConnector"/> (event payloads
/// allocate), so use it where the connecting code cannot be changed.
/// </summary>
public sealed class SocketsConnectEventListener : EventListener
{
    private const int ConnectStartId = 1;
    private const int ConnectStopId = 2;
    private const int ConnectFailedId = 3;
    private readonly ConcurrentDictionary<Guid, (long Started, DestinationId Destination, long Attempt)> _pending = new();
    private readonly ITransportObserver? _observer;
    private readonly DestinationRegistry? _registry;
    private readonly TimeProvider _time = TimeProvider.System;
    private long _attempts;

    /// <summary>Starts listening.</summary>
    /// <param name="observer">Receives the connect events.</param>
    /// <param name="registry">Interns destinations.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    public SocketsConnectEventListener(ITransportObserver observer, DestinationRegistry registry, TimeProvider? timeProvider = null)
    {
        // EventListener's base constructor may already have called OnEventSourceCreated; events before this point are ignored.
        _time = timeProvider ?? TimeProvider.System;
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _observer = observer ?? throw new ArgumentNullException(nameof(observer));
    }

    /// <inheritdoc />
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        ArgumentNullException.ThrowIfNull(eventSource);
        if (eventSource.Name == "System.Net.Sockets")
            EnableEvents(eventSource, EventLevel.Informational);
        else if (eventSource.Name == "System.Threading.Tasks.TplEventSource")
            EnableEvents(eventSource, EventLevel.LogAlways, (EventKeywords)0x80); // TasksFlowActivityIds: pairs start/stop across awaits
    }

    /// <inheritdoc />
    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (_observer is null || _registry is null || eventData.EventSource.Name != "System.Net.Sockets")
            return;
        var now = _time.GetTimestamp();
        switch (eventData.EventId)
        {
            case ConnectStartId when eventData.Payload is [string address, ..] && TryParseAddress(address, out var key):
                var destination = _registry.GetOrAdd(key);
                var attempt = Interlocked.Increment(ref _attempts);
                _pending[eventData.ActivityId] = (now, destination, attempt);
                _observer.ConnectAttempt(destination, attempt);
                break;
            case ConnectStopId when _pending.TryRemove(eventData.ActivityId, out var started):
                _observer.ConnectSucceeded(started.Destination, started.Attempt, now - started.Started);
                break;
            case ConnectFailedId when _pending.TryRemove(eventData.ActivityId, out var started):
                var error = eventData.Payload is [int code, ..] ? (SocketError)code : SocketError.SocketError;
                _observer.ConnectFailed(started.Destination, started.Attempt, ConnectErrors.Classify(error), 0, now - started.Started);
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// Parses the runtime's <c>SocketAddress.ToString()</c> form, <c>InterNetwork:16:{p,p,a,a,a,a,...}</c> or
    /// <c>InterNetworkV6:28:{p,p,f,f,f,f,a*16,...}</c> (port big-endian, then the address bytes).
    /// </summary>
    internal static bool TryParseAddress(string text, out DestinationKey key)
    {
        key = default;
        var open = text.IndexOf('{', StringComparison.Ordinal);
        var close = text.LastIndexOf('}');
        if (open < 0 || close < open)
            return false;
        Span<byte> bytes = stackalloc byte[32];
        var count = 0;
        foreach (var part in text.AsSpan(open + 1, close - open - 1).Split(','))
        {
            if (count == bytes.Length || !byte.TryParse(text.AsSpan(open + 1, close - open - 1)[part].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out bytes[count]))
                break;
            count++;
        }
        var port = (ushort)((bytes[0] << 8) | bytes[1]);
        if (text.StartsWith("InterNetworkV6", StringComparison.Ordinal) && count >= 22)
            key = DestinationKey.FromIPv6(bytes.Slice(6, 16), port);
        else if (text.StartsWith("InterNetwork", StringComparison.Ordinal) && count >= 6)
            key = DestinationKey.FromIPv4(bytes.Slice(2, 4), port);
        else
            return false;
        return true;
    }
}
