namespace PortStress.Telemetry.Connect;

/// <summary>
/// Pooled-connection settings enforced on a <see cref="System.Net.Http.SocketsHttpHandler"/> so HTTP dependencies
/// keep warm connections instead of churning ports. Defaults suit a long-lived gateway.
/// </summary>
public sealed class HttpPoolingPolicy
{
    /// <summary>Recycle a pooled connection after this long (lets DNS changes through). Default 10 minutes.</summary>
    public TimeSpan PooledConnectionLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Close a pooled connection idle for this long. Default 2 minutes.</summary>
    public TimeSpan PooledConnectionIdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Most connections per server: bounds the ports one dependency can take. Default 16.</summary>
    public int MaxConnectionsPerServer { get; set; } = 16;

    /// <summary>Connect timeout. Default 5 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Applies the policy to a handler.</summary>
    /// <param name="handler">The handler (before its first request).</param>
    public void ApplyTo(System.Net.Http.SocketsHttpHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        handler.PooledConnectionLifetime = PooledConnectionLifetime;
        handler.PooledConnectionIdleTimeout = PooledConnectionIdleTimeout;
        handler.MaxConnectionsPerServer = MaxConnectionsPerServer;
        handler.ConnectTimeout = ConnectTimeout;
    }
}
