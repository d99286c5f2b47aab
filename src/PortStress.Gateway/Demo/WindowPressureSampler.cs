using System.Globalization;
using System.Net;
using PortStress.Control.Features;
using PortStress.Control.Loop;

namespace PortStress.Gateway.Demo;

/// <summary>What one sample of the window found.</summary>
/// <param name="Sockets">Sockets to the destination whose local port is in the window (any client state).</param>
/// <param name="TimeWait">Of those, in TIME_WAIT.</param>
/// <param name="WindowSize">Ports in the window.</param>
internal readonly record struct WindowSample(int Sockets, int TimeWait, int WindowSize)
{
    /// <summary>PPR over the window.</summary>
    public double PortPressure => WindowSize == 0 ? 0 : Math.Min(1, (double)Sockets / WindowSize);

    /// <summary>TWR over the window.</summary>
    public double TimeWaitRatio => WindowSize == 0 ? 0 : Math.Min(1, (double)TimeWait / WindowSize);
}

/// <summary>
/// PPR and TWR of the dependency's source-port window, from the kernel's socket table
/// (<c>/proc/thread-self/net/tcp</c>), pushed into the control loop at a fixed cadence. The project's socket sampler
/// measures against the kernel's ephemeral range (28,232 ports here), in which a 64-port window would never show; the
/// window is what is exhausted, so the demo measures pressure against it.
/// </summary>
internal sealed class WindowPressureSampler
{
    private const string TcpTable = "/proc/thread-self/net/tcp";
    private readonly (ushort First, ushort Last) _window;
    private readonly IPEndPoint _destination;
    private readonly string _remoteHex;
    private WindowSample _last;

    /// <summary>Creates a sampler of the sockets from <paramref name="window"/> to <paramref name="destination"/> (IPv4).</summary>
    /// <param name="window">The source-port window.</param>
    /// <param name="destination">The destination.</param>
    public WindowPressureSampler((ushort First, ushort Last) window, IPEndPoint destination)
    {
        _window = window;
        _destination = destination;
        var bytes = destination.Address.MapToIPv4().GetAddressBytes();
        // /proc/net/tcp prints the IPv4 address as a little-endian 32-bit hex number, the port big-endian.
        _remoteHex = string.Create(CultureInfo.InvariantCulture, $"{bytes[3]:X2}{bytes[2]:X2}{bytes[1]:X2}{bytes[0]:X2}:{destination.Port:X4}");
    }

    /// <summary>The last sample.</summary>
    public WindowSample Last => _last;

    /// <summary>True when the socket table can be read here.</summary>
    public static bool Available => File.Exists(TcpTable);

    /// <summary>Reads the table once.</summary>
    public WindowSample Sample()
    {
        var size = _window.Last - _window.First + 1;
        int sockets = 0, timeWait = 0;
        foreach (var line in File.ReadLines(TcpTable))
        {
            if (Parse(line, _remoteHex) is not { } entry || entry.LocalPort < _window.First || entry.LocalPort > _window.Last)
                continue;
            sockets++;
            if (entry.State == 0x06)
                timeWait++;
        }

        _last = new WindowSample(sockets, timeWait, size);
        return _last;
    }

    /// <summary>Samples every <paramref name="interval"/> and pushes PPR and TWR into <paramref name="loop"/> until cancelled.</summary>
    /// <param name="loop">The control loop.</param>
    /// <param name="time">The loop's clock.</param>
    /// <param name="interval">The cadence.</param>
    /// <param name="cancellationToken">Stops sampling.</param>
    public async Task RunAsync(ControlLoop loop, TimeProvider time, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            var sample = Sample();
            loop.PushSocketPressure(new SocketPressure(sample.PortPressure, sample.TimeWaitRatio, time.GetTimestamp()));
        }
        while (await WaitAsync(timer, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The local port and state of a table line whose remote address is <paramref name="remoteHex"/>; null otherwise.</summary>
    /// <param name="line">A line of /proc/net/tcp.</param>
    /// <param name="remoteHex">The remote address as the table prints it (<c>0100007F:1F90</c>).</param>
    internal static (int LocalPort, int State)? Parse(string line, string remoteHex)
    {
        // "  12: 0100007F:5DC1 0100007F:A3F2 06 00000000:00000000 03:00000F3A 00000000  1000 ..."
        var span = line.AsSpan().TrimStart();
        var colon = span.IndexOf(": ");
        if (colon < 0)
            return null;
        span = span[(colon + 2)..];
        if (span.Length < 32 || span[13] != ' ' || span[27] != ' ')
            return null;
        var local = span[..13];
        var remote = span.Slice(14, 13);
        if (!remote.Equals(remoteHex, StringComparison.OrdinalIgnoreCase))
            return null;
        if (!int.TryParse(local[9..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var port)
            || !int.TryParse(span.Slice(28, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var state))
            return null;
        return (port, state);
    }

    /// <inheritdoc />
    public override string ToString() => $"{_window.First}-{_window.Last} -> {_destination}";

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
