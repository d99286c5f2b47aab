namespace PortStress.Execution.Schedules;

/// <summary>Traded market volume, for participation schedules (the venue simulator or a market-data feed).</summary>
public interface IMarketVolumeSource
{
    /// <summary>Total volume traded in <paramref name="symbol"/> since the source started (monotonic).</summary>
    /// <param name="symbol">The instrument.</param>
    decimal CumulativeVolume(string symbol);
}
