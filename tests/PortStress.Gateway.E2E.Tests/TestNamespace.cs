using System.Diagnostics;
using System.Globalization;

namespace PortStress.Gateway.E2E.Tests;

/// <summary>
/// A throw-away network namespace (uniquely named) with loopback up, a veth pair to the root namespace on a private
/// 10.x /30 (the root side is <see cref="HostAddress"/>, the namespace side <see cref="Address"/>) and the kernel
/// settings the scenario needs, set inside it only: a small ephemeral range, <c>tcp_tw_reuse=0</c> (so TIME_WAIT blocks
/// reuse on every address, loopback included) and a cap on TIME_WAIT sockets. Processes started with
/// <see cref="Start"/> run inside it through <c>ip netns exec</c>. Dispose kills them and deletes the namespace (the
/// veth pair goes with it).
/// </summary>
internal sealed class TestNamespace : IDisposable
{
    private readonly List<NamespaceProcess> _processes = [];
    private readonly Lock _sync = new();

    private TestNamespace(string name, int subnet)
    {
        Name = name;
        HostAddress = $"10.231.{subnet}.1";
        Address = $"10.231.{subnet}.2";
        HostLink = $"{name}a";
        Link = $"{name}b";
    }

    /// <summary>The namespace's name (<c>pse2e</c> and 6 hex digits; also the stem of the veth names, within IFNAMSIZ).</summary>
    public string Name { get; }

    /// <summary>The root namespace's end of the veth pair.</summary>
    public string HostAddress { get; }

    /// <summary>The namespace's end of the veth pair: where its listeners are reached from the test process.</summary>
    public string Address { get; }

    private string HostLink { get; }

    private string Link { get; }

    /// <summary>Creates the namespace, the veth pair and the kernel settings.</summary>
    /// <param name="portLow">First port of the ephemeral range.</param>
    /// <param name="portHigh">Last port of the ephemeral range.</param>
    /// <param name="maxTimeWait">net.ipv4.tcp_max_tw_buckets inside the namespace.</param>
    public static TestNamespace Create(int portLow, int portHigh, int maxTimeWait)
    {
        var id = Random.Shared.Next(0, 1 << 24);
        var ns = new TestNamespace(string.Create(CultureInfo.InvariantCulture, $"pse2e{id:x6}"), id & 0xff);
        Run(Tools.Ip!, "netns", "add", ns.Name);
        try
        {
            Run(Tools.Ip!, "link", "add", ns.HostLink, "type", "veth", "peer", "name", ns.Link, "netns", ns.Name);
            Run(Tools.Ip!, "addr", "add", $"{ns.HostAddress}/30", "dev", ns.HostLink);
            Run(Tools.Ip!, "link", "set", ns.HostLink, "up");
            ns.Exec(Tools.Ip!, "link", "set", "lo", "up");
            ns.Exec(Tools.Ip!, "addr", "add", $"{ns.Address}/30", "dev", ns.Link);
            ns.Exec(Tools.Ip!, "link", "set", ns.Link, "up");
            ns.Sysctl("net.ipv4.ip_local_port_range", $"{portLow} {portHigh}");
            ns.Sysctl("net.ipv4.tcp_tw_reuse", "0");
            ns.Sysctl("net.ipv4.tcp_max_tw_buckets", maxTimeWait.ToString(CultureInfo.InvariantCulture));
        }
        catch
        {
            ns.Dispose();
            throw;
        }

        return ns;
    }

    /// <summary>Runs a command inside the namespace to completion and returns its standard output.</summary>
    public string Exec(params string[] command) => Run(Tools.Ip!, ["netns", "exec", Name, .. command]);

    /// <summary>Reads a sysctl inside the namespace.</summary>
    public string ReadSysctl(string key) =>
        Exec("cat", "/proc/sys/" + key.Replace('.', '/')).Trim();

    /// <summary>Starts a long-running command inside the namespace; it is killed on <see cref="Dispose"/> if still running.</summary>
    /// <param name="label">Short name for logs and failure messages.</param>
    /// <param name="logPath">Where its standard output and error are copied.</param>
    /// <param name="command">The command and its arguments.</param>
    public NamespaceProcess Start(string label, string logPath, params string[] command)
    {
        var process = NamespaceProcess.Start(label, logPath, Tools.Ip!, ["netns", "exec", Name, .. command]);
        lock (_sync)
        {
            _processes.Add(process);
        }

        return process;
    }

    /// <summary>TCP sockets inside the namespace in <paramref name="state"/> matching an <c>ss</c> filter, one line each.</summary>
    public IReadOnlyList<string> Sockets(string state, params string[] filter) =>
        Exec([Tools.Ss!, "-tnH", "state", state, .. filter]).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Kills the TCP sockets matching an <c>ss</c> filter inside the namespace (SOCK_DESTROY: both ends see the connection aborted).</summary>
    public void KillSockets(params string[] filter) => Exec([Tools.Ss!, "-K", .. filter]);

    public void Dispose()
    {
        NamespaceProcess[] processes;
        lock (_sync)
        {
            processes = [.. _processes];
        }

        foreach (var process in processes)
            process.Dispose();
        try
        {
            Run(Tools.Ip!, "netns", "del", Name);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        try
        {
            // Normally gone with the namespace; a half-made set-up may have left the root end.
            Run(Tools.Ip!, "link", "del", HostLink);
        }
        catch (InvalidOperationException)
        {
            // Gone.
        }
    }

    private void Sysctl(string key, string value) =>
        Exec("sh", "-c", $"echo '{value}' > /proc/sys/{key.Replace('.', '/')}");

    private static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {error.Trim()}");
        return output.Result;
    }
}
