namespace PortStress.Telemetry.Sampling;

/// <summary>
/// One destination's client-side sockets (local port in the ephemeral range) in a <see cref="SocketTableSample"/>.
/// The object is reused from sample to sample.
/// </summary>
public sealed class DestinationSocketStats
{
    private readonly int[] _byState = new int[14];

    internal DestinationSocketStats(DestinationKey destination) => Destination = destination;

    /// <summary>The remote ip:port.</summary>
    public DestinationKey Destination { get; }

    /// <summary>Sockets to this destination, all sampled states.</summary>
    public int Total { get; private set; }

    /// <summary>TIME_WAIT sockets to this destination.</summary>
    public int TimeWait => _byState[(int)TcpState.TimeWait];

    /// <summary>PPR: <see cref="Total"/> over the usable ports.</summary>
    public double PortPressureRatio { get; private set; }

    /// <summary>TWR: <see cref="TimeWait"/> over the usable ports.</summary>
    public double TimeWaitRatio { get; private set; }

    /// <summary>Until the oldest TIME_WAIT socket expires and frees a port (time to first relief); null without TIME_WAIT.</summary>
    public TimeSpan? OldestTimeWaitExpiresIn => TimeWait == 0 ? null : TimeSpan.FromMilliseconds(MinExpires);

    /// <summary>Until the newest TIME_WAIT socket expires (all TIME_WAIT gone if no more are made); null without TIME_WAIT.</summary>
    public TimeSpan? NewestTimeWaitExpiresIn => TimeWait == 0 ? null : TimeSpan.FromMilliseconds(MaxExpires);

    internal uint MinExpires { get; private set; }

    internal uint MaxExpires { get; private set; }

    internal long Generation { get; set; }

    /// <summary>Sockets to this destination in one state.</summary>
    /// <param name="state">The state.</param>
    public int CountIn(TcpState state) => (int)state < _byState.Length ? _byState[(int)state] : 0;

    internal void Reset()
    {
        Array.Clear(_byState);
        Total = 0;
        MinExpires = uint.MaxValue;
        MaxExpires = 0;
    }

    internal void Add(in SocketRecord socket)
    {
        _byState[(int)socket.State]++;
        Total++;
        if (socket.State == TcpState.TimeWait)
        {
            MinExpires = Math.Min(MinExpires, socket.ExpiresMilliseconds);
            MaxExpires = Math.Max(MaxExpires, socket.ExpiresMilliseconds);
        }
    }

    internal void Complete(int usablePorts)
    {
        PortPressureRatio = (double)Total / usablePorts;
        TimeWaitRatio = (double)TimeWait / usablePorts;
    }
}
