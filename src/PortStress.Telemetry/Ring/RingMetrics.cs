using System.Diagnostics.Metrics;

namespace PortStress.Telemetry;

/// <summary>
/// Exports an event ring through <see cref="System.Diagnostics.Metrics"/> (OpenTelemetry and
/// <c>dotnet-counters</c> read it with no further code): events consumed, events dropped because
/// the ring was full, and the backlog waiting for the consumer. Observable instruments read the
/// ring's own counters when collected, so producers pay nothing for them.
/// </summary>
public sealed class RingMetrics : IDisposable
{
    /// <summary>The name shared by the Meter (and, later, the ActivitySource).</summary>
    public const string MeterName = "PortStress.Telemetry";

    private readonly Meter _meter;

    /// <summary>Registers the instruments for <paramref name="ring"/>.</summary>
    /// <param name="ring">The ring to export.</param>
    /// <param name="meterFactory">Creates the meter (from DI); a standalone meter when null.</param>
    public RingMetrics(TransportEventRing ring, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(ring);
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableCounter("portstress.ring.events.consumed", () => ring.ConsumedSequence + 1, "{event}", "Transport events the consumer has drained.");
        _meter.CreateObservableCounter("portstress.ring.events.dropped", () => ring.DroppedCount, "{event}", "Transport events dropped because the ring was full (producers never block).");
        _meter.CreateObservableUpDownCounter("portstress.ring.backlog", () => ring.Backlog, "{event}", "Events claimed but not yet drained.");
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
