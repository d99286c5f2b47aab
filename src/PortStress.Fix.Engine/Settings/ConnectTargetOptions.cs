namespace PortStress.Fix.Engine;

/// <summary>A failover target of an initiator session (QuickFIX: SocketConnectHostN / SocketConnectPortN).</summary>
public sealed class ConnectTargetOptions
{
    /// <summary>Name or address to connect to.</summary>
    public string? Host { get; set; }

    /// <summary>TCP port, 1..65535.</summary>
    public int? Port { get; set; }
}
