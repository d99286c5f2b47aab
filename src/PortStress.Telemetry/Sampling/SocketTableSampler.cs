using System.Numerics;
using System.Runtime.InteropServices;
using PortStress.Telemetry.Internal;

namespace PortStress.Telemetry.Sampling;

/// <summary>
/// Samples the kernel's TCP socket table and groups client sockets (local port in the ephemeral range) by
/// destination: sockets by state, PPR, TWR and time until TIME_WAIT relief. Uses NETLINK_SOCK_DIAG (IPv4 and
/// IPv6 dumps, an explicit client state mask and a kernel-side filter on the local port range; dual-mode
/// IPv6 sockets merge with IPv4) and falls back to /proc/net/tcp when netlink is refused. A sample through
/// sock_diag allocates nothing once its destinations have been seen. Not thread-safe; the socket table is
/// that of the network namespace of the thread that created the sampler.
/// </summary>
public sealed class SocketTableSampler : IDisposable
{
    private const byte AfInet = 2;
    private const byte AfInet6 = 10;
    private static readonly Comparison<DestinationSocketStats> ByPressure =
        static (a, b) => b.Total != a.Total ? b.Total.CompareTo(a.Total) : a.Destination.GetHashCode().CompareTo(b.Destination.GetHashCode());

    private readonly SocketSamplerOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<DestinationKey, DestinationSocketStats> _stats = [];
    private readonly ulong[] _portsInUse = new ulong[1024];
    private readonly ulong[] _portsBound = new ulong[1024];
    private readonly SocketTableSample _sample = new();
    private SockDiagClient? _diag;
    private ProcTcpTable? _proc;
    private long _generation;

    /// <summary>Opens the socket table of the calling thread's network namespace.</summary>
    /// <param name="options">Options; defaults when null.</param>
    /// <param name="timeProvider">Stamps samples; the system clock when null.</param>
    public SocketTableSampler(SocketSamplerOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? new SocketSamplerOptions();
        _time = timeProvider ?? TimeProvider.System;
        if (!OperatingSystem.IsLinux())
        {
            MarkUnavailable($"socket sampling needs Linux (sock_diag or /proc/net/tcp); this is {RuntimeInformation.OSDescription}");
            return;
        }
        Settings = KernelNetSettings.Read();
        if (!_options.ForceProcFallback)
        {
            _diag = SockDiagClient.TryOpen(out var errno);
            _sample.LastError = errno;
        }
        if (_diag is null)
            OpenProcFallback();
        else
            _sample.Source = SocketTableSource.SockDiag;
    }

    /// <summary>Where the table is read from.</summary>
    public SocketTableSource Source => _sample.Source;

    /// <summary>The sysctls in force (null when unavailable).</summary>
    public KernelNetSettings? Settings { get; private set; }

    /// <summary>Re-reads the sysctls (port range, reserved ports, TIME_WAIT settings). Allocates; call it rarely.</summary>
    public void RefreshSettings()
    {
        if (Source != SocketTableSource.Unavailable)
            Settings = KernelNetSettings.Read();
    }

    /// <summary>Walks the table once. The returned object is reused by the next call.</summary>
    public SocketTableSample Sample()
    {
        var sample = _sample;
        sample.Timestamp = _time.GetTimestamp();
        sample.DestinationList.Clear();
        if (Settings is null || Source == SocketTableSource.Unavailable)
            return sample;
        _generation++;
        Array.Clear(_portsInUse);
        Array.Clear(_portsBound);
        var (low, high) = (Settings.PortRangeLow, Settings.PortRangeHigh);
        var clients = new ClientVisitor(this);
        if (_diag is not null)
        {
            var error = _diag.Dump(AfInet, _options.ClientStateMask, low, high, ref clients);
            if (error == 0)
                error = _diag.Dump(AfInet6, _options.ClientStateMask, low, high, ref clients);
            if (error == 0 && _options.CountBoundPorts)
            {
                var bound = new BoundVisitor(_portsBound);
                var boundMask = SocketSamplerOptions.StateMask(TcpState.BoundInactive);
                error = _diag.Dump(AfInet, boundMask, low, high, ref bound);
                if (error == 0)
                    error = _diag.Dump(AfInet6, boundMask, low, high, ref bound);
            }
            sample.LastError = error;
            if (error != 0)
            {
                // netlink refused mid-flight (e.g. a seccomp or LSM policy): restart this sample from /proc.
                _diag.Dispose();
                _diag = null;
                OpenProcFallback();
                return Source == SocketTableSource.Unavailable ? sample : Sample();
            }
        }
        else
        {
            _proc!.Walk(_options.ClientStateMask, low, high, ref clients);
        }
        Complete(sample, Settings);
        return sample;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _diag?.Dispose();
        _proc?.Dispose();
    }

    private void Complete(SocketTableSample sample, KernelNetSettings settings)
    {
        sample.PortRange = (settings.PortRangeLow, settings.PortRangeHigh);
        sample.BoundPortsHeld = PopCount(_portsBound);
        sample.UsablePorts = Math.Max(1, settings.RangeSize - settings.ReservedInRange - sample.BoundPortsHeld);
        int total = 0, timeWait = 0;
        double maxPressure = 0, maxTimeWait = 0;
        var stale = _generation - 64;
        foreach (var (key, stats) in _stats)
        {
            if (stats.Generation != _generation)
            {
                if (stats.Generation < stale)
                    _stats.Remove(key);
                continue;
            }
            stats.Complete(sample.UsablePorts);
            sample.DestinationList.Add(stats);
            total += stats.Total;
            timeWait += stats.TimeWait;
            maxPressure = Math.Max(maxPressure, stats.PortPressureRatio);
            maxTimeWait = Math.Max(maxTimeWait, stats.TimeWaitRatio);
        }
        sample.DestinationList.Sort(ByPressure);
        sample.TotalSockets = total;
        sample.TotalTimeWait = timeWait;
        sample.MaxPortPressureRatio = maxPressure;
        sample.MaxTimeWaitRatio = maxTimeWait;
        sample.HostPortPressureRatio = (double)PopCount(_portsInUse) / sample.UsablePorts;
    }

    private void Record(in SocketRecord socket)
    {
        if (!_stats.TryGetValue(socket.Remote, out var stats))
        {
            stats = new DestinationSocketStats(socket.Remote);
            _stats.Add(socket.Remote, stats);
        }
        if (stats.Generation != _generation)
        {
            stats.Reset();
            stats.Generation = _generation;
        }
        stats.Add(socket);
        _portsInUse[socket.LocalPort >> 6] |= 1UL << (socket.LocalPort & 63);
    }

    private void OpenProcFallback()
    {
        try
        {
            _proc = new ProcTcpTable();
            _sample.Source = SocketTableSource.ProcNetTcp;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            MarkUnavailable($"neither sock_diag (errno {_sample.LastError}) nor /proc/net/tcp could be read: {e.Message}");
        }
    }

    private void MarkUnavailable(string reason)
    {
        _sample.Source = SocketTableSource.Unavailable;
        _sample.UnavailableReason = reason;
    }

    private static int PopCount(ulong[] bits)
    {
        var count = 0;
        foreach (var word in bits)
            count += BitOperations.PopCount(word);
        return count;
    }

    private readonly struct ClientVisitor(SocketTableSampler sampler) : ISocketVisitor
    {
        public void OnSocket(in SocketRecord socket) => sampler.Record(socket);
    }

    private readonly struct BoundVisitor(ulong[] ports) : ISocketVisitor
    {
        public void OnSocket(in SocketRecord socket)
        {
            // The bind-table walk reports bound-only sockets with their real state, CLOSE.
            if (socket.State is TcpState.BoundInactive or TcpState.Close)
                ports[socket.LocalPort >> 6] |= 1UL << (socket.LocalPort & 63);
        }
    }
}
