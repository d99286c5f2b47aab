using System.Globalization;
using PortStress.Control.Records;
using PortStress.Venue;
using PortStress.Venue.Records;

namespace PortStress.Gateway.Venue;

/// <summary>Runs a <see cref="VenueSimulator"/> until cancelled, saying where it listens and, at the end, what it did.</summary>
internal static class VenueRunner
{
    public static async Task<int> RunAsync(VenueOptions options, string? recordsDirectory, TextWriter output, CancellationToken cancellationToken)
    {
        JsonLinesRecordWriter<MidPriceRecord>? mids = null;
        JsonLinesRecordWriter<VenueFillRecord>? fills = null;
        if (recordsDirectory is not null)
        {
            mids = new JsonLinesRecordWriter<MidPriceRecord>(recordsDirectory);
            fills = new JsonLinesRecordWriter<VenueFillRecord>(recordsDirectory);
        }

        try
        {
            var venue = new VenueSimulator(options, mids: mids, fills: fills);
            await using (venue.ConfigureAwait(false))
            {
                await venue.StartAsync(CancellationToken.None).ConfigureAwait(false);
                var endPoint = venue.LocalEndPoint;
                output.WriteLine($"venue listening on {endPoint.Address}:{endPoint.Port.ToString(CultureInfo.InvariantCulture)}");
                foreach (var session in venue.Sessions)
                {
                    output.WriteLine($"  session  {session.Id}");
                }

                foreach (var symbol in options.Symbols)
                {
                    output.WriteLine(FormattableString.Invariant(
                        $"  symbol   {symbol.Symbol} mid {venue.Mid(symbol.Symbol)} tick {symbol.TickSize} spread {symbol.SpreadTicks} ticks volatility {symbol.Volatility}/√s volume {symbol.VolumePerSecond}/s"));
                }

                if (recordsDirectory is not null)
                {
                    output.WriteLine($"  records  {Path.GetFullPath(recordsDirectory)} (mid.jsonl, venue_fill.jsonl)");
                }

                output.WriteLine("press Ctrl+C to stop");
                output.Flush();
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C: stop cleanly.
                }

                await venue.StopAsync().ConfigureAwait(false);
                output.WriteLine(FormattableString.Invariant(
                    $"venue stopped: {venue.OrdersReceived} orders, {venue.OrdersRejected} rejected ({venue.OrdersRateLimited} by the rate limit), {venue.Fills} fills, {venue.Faults.ConnectionsRefused} connects refused, {venue.Faults.SessionsDropped} sessions dropped"));
            }
        }
        finally
        {
            if (mids is not null)
            {
                await mids.DisposeAsync().ConfigureAwait(false);
            }

            if (fills is not null)
            {
                await fills.DisposeAsync().ConfigureAwait(false);
            }
        }

        return 0;
    }
}
