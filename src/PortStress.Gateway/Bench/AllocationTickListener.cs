using System.Diagnostics.Tracing;

namespace PortStress.Gateway.Bench;

/// <summary>
/// Listens to the runtime's GC AllocationTick event (one event about every 100 KB allocated, naming the
/// type whose allocation crossed the mark) and sums the sampled bytes per type: a statistical answer to
/// "what is allocated on this path". It allocates only per event, not per message.
/// </summary>
internal sealed class AllocationTickListener : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int AllocationTickEventId = 10;
    private readonly Dictionary<string, (long Events, long Bytes)> _byType = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private volatile bool _recording;

    /// <summary>Starts or stops counting (events outside a recording window are ignored).</summary>
    public bool Recording
    {
        get => _recording;
        set => _recording = value;
    }

    /// <summary>The sampled types, most bytes first.</summary>
    public IReadOnlyList<AllocationSample> Top(int count)
    {
        lock (_lock)
        {
            return [.. _byType.OrderByDescending(p => p.Value.Bytes).Take(count).Select(p => new AllocationSample(p.Key, p.Value.Events, p.Value.Bytes))];
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSource)
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventId != AllocationTickEventId || eventData.PayloadNames is not { } names || eventData.Payload is not { } payload)
        {
            return;
        }

        var typeIndex = names.IndexOf("TypeName");
        var amountIndex = names.IndexOf("AllocationAmount64");
        var type = typeIndex >= 0 ? payload[typeIndex] as string ?? "?" : "?";
        var bytes = amountIndex >= 0 && payload[amountIndex] is ulong amount ? (long)amount : 0;
        lock (_lock)
        {
            var (events, sum) = _byType.GetValueOrDefault(type);
            _byType[type] = (events + 1, sum + bytes);
        }
    }
}
