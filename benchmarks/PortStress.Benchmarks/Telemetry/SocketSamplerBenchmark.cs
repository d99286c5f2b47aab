using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using PortStress.Telemetry.Internal.Native;
using PortStress.Telemetry.Sampling;

namespace PortStress.Benchmarks.Telemetry;

/// <summary>
/// One socket-table sample at 1k, 10k and 30k TIME_WAIT sockets: sock_diag (baseline) against the /proc/net/tcp
/// parser in the same run. Each benchmark process moves its thread into a fresh network namespace
/// (unshare(CLONE_NEWNET); needs root), widens the port range and makes the TIME_WAIT sockets client-first.
/// TIME_WAIT lasts 60 s, so run with a short job.
/// </summary>
[MemoryDiagnoser]
public class SocketSamplerBenchmark
{
    private SocketTableSampler? _diag;
    private SocketTableSampler? _proc;

    [Params(1_000, 10_000, 30_000)]
    public int TimeWaitSockets { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkNamespace.Enter();
        using (var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 9001));
            listener.Listen(4096);
            for (var i = 0; i < TimeWaitSockets; i++)
            {
                using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                client.Connect(new IPEndPoint(IPAddress.Loopback, 9001));
                using var server = listener.Accept();
                client.Close();
                server.Close();
            }
        }
        _diag = new SocketTableSampler(new SocketSamplerOptions { CountBoundPorts = false });
        _proc = new SocketTableSampler(new SocketSamplerOptions { ForceProcFallback = true });
        var seen = _diag.Sample().TotalTimeWait;
        if (_diag.Source != SocketTableSource.SockDiag || seen < TimeWaitSockets * 0.99)
            throw new InvalidOperationException($"setup saw {seen} TIME_WAIT sockets via {_diag.Source}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _diag?.Dispose();
        _proc?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int SockDiag() => _diag!.Sample().TotalTimeWait;

    [Benchmark]
    public int ProcNetTcp() => _proc!.Sample().TotalTimeWait;
}

/// <summary>The cheap counters read every second (sockstat, snmp, netstat), in the benchmark process's own namespace.</summary>
[MemoryDiagnoser]
public class TcpCounterSamplerBenchmark
{
    private TcpCounterSampler? _counters;

    [GlobalSetup]
    public void Setup() => _counters = new TcpCounterSampler();

    [GlobalCleanup]
    public void Cleanup() => _counters?.Dispose();

    [Benchmark]
    public double Counters()
    {
        _counters!.Sample();
        return _counters.TimeWaitCreationRate;
    }
}

/// <summary>Moves the calling thread into a new network namespace with loopback up and a wide port range.</summary>
internal static class BenchmarkNamespace
{
    public static void Enter()
    {
        if (LibC.Unshare(LibC.CloneNewNet) != 0)
            throw new InvalidOperationException($"unshare(CLONE_NEWNET) failed (errno {Marshal.GetLastPInvokeError()}): run as root");
        using (var ip = Process.Start("ip", "link set lo up"))
            ip.WaitForExit();
        File.WriteAllText("/proc/sys/net/ipv4/ip_local_port_range", "10000 60999");
        File.WriteAllText("/proc/sys/net/ipv4/tcp_tw_reuse", "0");
        File.WriteAllText("/proc/sys/net/ipv4/tcp_max_tw_buckets", "262144");
    }
}
