using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using PortStress.Telemetry.Internal.Native;

namespace PortStress.Telemetry.Integration.Tests;

/// <summary>
/// A throw-away network namespace with loopback up, a small ephemeral port range and tcp_tw_reuse off.
/// <see cref="Run{T}"/> executes code on a thread that has joined the namespace: sockets, netlink sockets and
/// /proc/thread-self files opened there belong to it.
/// </summary>
internal sealed class NetworkNamespace : IDisposable
{
    private NetworkNamespace(string name) => Name = name;

    public string Name { get; }

    public static string? FindIp() =>
        new[] { "/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip" }.FirstOrDefault(File.Exists);

    public static NetworkNamespace Create(ushort portLow, ushort portHigh)
    {
        var ns = new NetworkNamespace($"ps-test-{Random.Shared.Next():x8}");
        Ip("netns", "add", ns.Name);
        try
        {
            ns.Exec("ip", "link", "set", "lo", "up");
            ns.Run(() =>
            {
                // /proc/sys/net belongs to the namespace of the writing thread: no sysctl binary needed.
                File.WriteAllText("/proc/sys/net/ipv4/ip_local_port_range", $"{portLow} {portHigh}");
                File.WriteAllText("/proc/sys/net/ipv4/tcp_tw_reuse", "0");
            });
        }
        catch
        {
            ns.Dispose();
            throw;
        }
        return ns;
    }

    /// <summary>Runs a command inside the namespace and returns its standard output.</summary>
    public string Exec(params string[] command) => Ip(["netns", "exec", Name, .. command]);

    /// <summary>Runs <paramref name="work"/> on a fresh thread that has joined the namespace.</summary>
    public T Run<T>(Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/var/run/netns/{Name}");
                if (LibC.SetNamespace((int)handle.DangerousGetHandle(), LibC.CloneNewNet) != 0)
                    throw new IOException($"setns failed: errno {Marshal.GetLastPInvokeError()}");
                result = work();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    public void Run(Action work) => Run(() =>
    {
        work();
        return 0;
    });

    /// <summary>A listener on 127.0.0.1:<paramref name="port"/> inside the namespace (call from <see cref="Run{T}"/>).</summary>
    public static Socket Listen(ushort port, AddressFamily family = AddressFamily.InterNetwork)
    {
        var listener = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
        if (family == AddressFamily.InterNetworkV6)
            listener.DualMode = true;
        listener.Bind(new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Loopback, port));
        listener.Listen(1024);
        return listener;
    }

    /// <summary>Counts lines of <c>ss -tanH</c> output for a state filter (e.g. "time-wait").</summary>
    public int SsCount(string state, string? filter = null)
    {
        string[] args = filter is null ? ["ss", "-tanH", "state", state] : ["ss", "-tanH", "state", state, filter];
        return Exec(args).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    public void Dispose()
    {
        try
        {
            Ip("netns", "del", Name);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    private static string Ip(params string[] args)
    {
        var start = new ProcessStartInfo(FindIp() ?? "ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"ip {string.Join(' ', args)} failed ({process.ExitCode}): {error}");
        return output;
    }
}
