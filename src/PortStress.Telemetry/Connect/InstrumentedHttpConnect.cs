using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace PortStress.Telemetry.Connect;

/// <summary>
/// Measures the connects of HTTP dependencies (risk checks, pricing, reference data): a
/// <see cref="SocketsHttpHandler.ConnectCallback"/> that resolves the host and connects through an
/// <see cref="InstrumentedConnector"/>, trying each address in turn.
/// </summary>
public static class InstrumentedHttpConnect
{
    /// <summary>The callback to assign to <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    /// <param name="connector">The connector that records each attempt.</param>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Callback(InstrumentedConnector connector)
    {
        ArgumentNullException.ThrowIfNull(connector);
        return async (context, cancellationToken) =>
        {
            var target = context.DnsEndPoint;
            var addresses = IPAddress.TryParse(target.Host, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(target.Host, cancellationToken).ConfigureAwait(false);
            SocketException? last = null;
            foreach (var address in addresses)
            {
                try
                {
                    var socket = await connector.ConnectAsync(new IPEndPoint(address, target.Port), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch (SocketException e)
                {
                    last = e;
                }
            }
            throw last ?? new SocketException((int)SocketError.HostNotFound);
        };
    }

    /// <summary>A handler whose connects are measured and whose pooling follows <paramref name="policy"/>.</summary>
    /// <param name="connector">The connector that records each attempt.</param>
    /// <param name="policy">Pooling settings; defaults when null.</param>
    public static SocketsHttpHandler CreateHandler(InstrumentedConnector connector, HttpPoolingPolicy? policy = null)
    {
        var handler = new SocketsHttpHandler { ConnectCallback = Callback(connector) };
        (policy ?? new HttpPoolingPolicy()).ApplyTo(handler);
        return handler;
    }
}
