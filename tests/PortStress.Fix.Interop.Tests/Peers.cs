using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PortStress.Testing;

namespace PortStress.Fix.Interop.Tests;

/// <summary>
/// The third-party counterparties of scripts/peers (docs/interop.md): whether they can run here,
/// and the folder they run in. Installing them (apt packages, jspurefix from npm) happens once per
/// test process, the first time a test asks why it would skip, and starts nothing; the
/// <see cref="PeersFixture"/> starts and stops the peers themselves.
/// </summary>
internal static class Peers
{
    public const int OrdermatchPort = 9877;
    public const int ExecutorPort = 9878;
    public const int JspurefixPort = 9880;

    private const string QuickFixExamples = "/usr/share/doc/libquickfix-doc/examples";

    private static readonly Lazy<(string? WorkDir, string? SkipReason)> Prepared = new(Prepare);

    /// <summary>Why the interop tests skip here, or null when the peers are installed and can be started.</summary>
    public static string? SkipReason => Prepared.Value.SkipReason;

    /// <summary>This run's WORKDIR for peers-up.sh (jspurefix is installed under it).</summary>
    public static string WorkDir => Prepared.Value.WorkDir ?? throw new InvalidOperationException(SkipReason);

    public static string Script(string name) => SharedMaterial.InRepository("scripts", "peers", name);

    private static (string?, string?) Prepare()
    {
        if (!OperatingSystem.IsLinux())
        {
            return (null, "interop peers need Linux (Debian's QuickFIX examples, bash)");
        }

        if (!File.Exists(Script("peers-up.sh")))
        {
            return (null, $"scripts/peers/peers-up.sh is missing under {SharedMaterial.RepositoryRoot}");
        }

        if (OnPath("bash") is null)
        {
            return (null, "interop peers need bash to run scripts/peers/peers-up.sh");
        }

        if (OnPath("node") is null || OnPath("npm") is null)
        {
            return (null, "interop peers need node and npm for jspurefix (apt-get install nodejs npm)");
        }

        var quickFixInstalled = File.Exists(Path.Combine(QuickFixExamples, "executor", "C++", ".libs", "executor.gz"))
            && File.Exists(Path.Combine(QuickFixExamples, "ordermatch", ".libs", "ordermatch.gz"));
        if (!quickFixInstalled && !Environment.IsPrivilegedProcess)
        {
            return (null, "libquickfix17 and libquickfix-doc are not installed and installing them needs root (CI runs as root)");
        }

        if (!quickFixInstalled && OnPath("apt-get") is null)
        {
            return (null, "libquickfix17 and libquickfix-doc are not installed and apt-get is not available");
        }

        var workDir = Directory.CreateTempSubdirectory("portstress-interop-").FullName;
        var install = Run("bash", [Script("peers-up.sh"), "--install-only", workDir], workDir, TimeSpan.FromMinutes(5));
        if (install.ExitCode != 0)
        {
            TryDelete(workDir);
            return (null, $"the interop peers could not be installed (peers-up.sh --install-only exited {install.ExitCode}): {Tail(install.Output)}");
        }

        return (workDir, null);
    }

    /// <summary>Runs a program to completion (killing it after <paramref name="timeout"/>) and returns its exit code and interleaved output.</summary>
    public static (int ExitCode, string Output) Run(string file, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Append(output, $"(killed after {timeout.TotalSeconds:0} s)");
            return (-1, Text(output));
        }

        process.WaitForExit(); // drains the redirected output
        return (process.ExitCode, Text(output));
    }

    /// <summary>True when something on this host already listens on <paramref name="port"/>.</summary>
    public static bool Listening(int port)
    {
        try
        {
            using var probe = new TcpClient();
            probe.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static string Tail(string text, int lines = 15) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(lines));

    public static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string? OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}

/// <summary>A fact that needs the interop peers; it skips, saying why, when they cannot be installed or run here.</summary>
public sealed class PeersFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="needsShared">True when the test also needs ../shared (the full FIXT.1.1 / FIX.5.0SP2 dictionaries).</param>
    public PeersFactAttribute(bool needsShared = false)
    {
        if (Peers.SkipReason is { } reason)
        {
            Skip = reason;
        }
        else if (needsShared && SharedMaterial.MissingReason is { } shared)
        {
            Skip = shared;
        }
    }
}

/// <summary>A theory that needs the interop peers; it skips, saying why, when they cannot be installed or run here.</summary>
public sealed class PeersTheoryAttribute : TheoryAttribute
{
    /// <summary>Creates the attribute.</summary>
    public PeersTheoryAttribute()
    {
        if (Peers.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>
/// Starts the peers once for the whole run (scripts/peers/peers-up.sh into <see cref="Peers.WorkDir"/>)
/// and stops exactly them again (peers-down.sh) when the run ends, also if the process exits early.
/// </summary>
public sealed class PeersFixture : IDisposable
{
    private readonly string? _workDir;
    private readonly string? _startError;
    private int _stopped;

    /// <summary>Starts the peers unless the tests skip.</summary>
    public PeersFixture()
    {
        if (Peers.SkipReason is not null)
        {
            return;
        }

        _workDir = Peers.WorkDir;
        var busy = new[] { Peers.OrdermatchPort, Peers.ExecutorPort, Peers.JspurefixPort }.Where(Peers.Listening).ToArray();
        if (busy.Length > 0)
        {
            _startError = $"port(s) {string.Join(", ", busy)} already in use: another set of peers (or something else) is running; "
                + "stop it (scripts/peers/peers-down.sh WORKDIR) before running the interop tests";
            return;
        }

        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        var up = Peers.Run("bash", [Peers.Script("peers-up.sh"), _workDir], _workDir, TimeSpan.FromSeconds(90));
        if (up.ExitCode != 0)
        {
            _startError = $"peers-up.sh exited {up.ExitCode}: {Peers.Tail(up.Output)}";
            Stop();
        }
    }

    /// <summary>The folder the peers run in (their logs, stores and jspurefix).</summary>
    public string WorkDir => _workDir ?? throw new InvalidOperationException(Peers.SkipReason);

    /// <summary>Fails the calling test with the reason when the peers did not start.</summary>
    public void EnsureUp()
    {
        if (_startError is not null)
        {
            throw new InvalidOperationException($"the interop peers did not start: {_startError}");
        }
    }

    /// <summary>The last lines of a peer's log, for failure messages.</summary>
    public string LogTail(string peer)
    {
        var path = Path.Combine(WorkDir, peer + ".log");
        return File.Exists(path) ? Peers.Tail(File.ReadAllText(path)) : "(no log)";
    }

    /// <inheritdoc />
    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        Stop();
        if (_workDir is not null)
        {
            Peers.TryDelete(_workDir);
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => Stop();

    private void Stop()
    {
        if (_workDir is null || Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        Peers.Run("bash", [Peers.Script("peers-down.sh"), _workDir], _workDir, TimeSpan.FromSeconds(30));
    }
}

/// <summary>Every interop test class shares one set of running peers.</summary>
[CollectionDefinition(Name)]
public sealed class PeersCollection : ICollectionFixture<PeersFixture>
{
    public const string Name = "interop peers";
}
