using System.Diagnostics;

namespace PortStress.Gateway.E2E.Tests;

/// <summary>
/// A child process (started through <c>ip netns exec</c>, which executes the command in place, so the process is the
/// command itself): its output lines are kept in memory and copied to a log file; <see cref="Dispose"/> kills it (and
/// anything it started) if it is still running.
/// </summary>
internal sealed class NamespaceProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly List<string> _lines = [];
    private readonly Lock _sync = new();

    private NamespaceProcess(string label, Process process, StreamWriter log)
    {
        Label = label;
        _process = process;
        _log = log;
    }

    public string Label { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Every line it printed so far (standard output and error, as they came).</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_sync)
                return [.. _lines];
        }
    }

    public static NamespaceProcess Start(string label, string logPath, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        log.WriteLine($"# {file} {string.Join(' ', args)}");
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new NamespaceProcess(label, process, log);
        process.OutputDataReceived += (_, e) => child.Add(e.Data);
        process.ErrorDataReceived += (_, e) => child.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits until a printed line satisfies <paramref name="match"/>; fails with the output so far when it does not in time or the process exits.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var found = Lines.FirstOrDefault(match);
            if (found is not null)
                return found;
            if (_process.HasExited)
            {
                await Task.Delay(100); // let the last lines arrive
                found = Lines.FirstOrDefault(match);
                if (found is not null)
                    return found;
                throw new InvalidOperationException($"{Label} exited ({_process.ExitCode}) before {what}:{Environment.NewLine}{Tail()}");
            }

            if (Stopwatch.GetTimestamp() > deadline)
                throw new TimeoutException($"{Label}: no {what} within {timeout.TotalSeconds:0} s:{Environment.NewLine}{Tail()}");
            await Task.Delay(50);
        }
    }

    /// <summary>The last lines it printed, for failure messages.</summary>
    public string Tail(int count = 30)
    {
        var lines = Lines;
        return string.Join(Environment.NewLine, lines.Skip(Math.Max(0, lines.Count - count)).Select(l => $"  [{Label}] {l}"));
    }

    /// <summary>
    /// Sends SIGTERM (the programs stop as under a service manager) and waits up to <paramref name="timeout"/> for the
    /// exit. Not SIGINT: a test run started as a background job of a non-interactive shell inherits SIGINT ignored, and
    /// the runtime keeps an inherited ignore, so the child would never see it.
    /// </summary>
    public async Task<bool> TerminateAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
            return true;
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!)
            await kill.WaitForExitAsync();
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // It had exited.
        }

        _process.Dispose();
        lock (_sync)
            _log.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
            return;
        lock (_sync)
        {
            _lines.Add(line);
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Disposed while the last lines came in.
            }
        }
    }
}
