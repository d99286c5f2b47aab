using System.Collections.Concurrent;
using System.Diagnostics;
using PortStress.Testing;

namespace PortStress.Gateway.Tests.Hosting;

/// <summary><c>portstress run --config DIR</c> as a real child process (the dll built beside the tests), with its output kept.</summary>
internal sealed class GatewayProcess : IDisposable
{
    private readonly Process _process;

    private GatewayProcess(Process process)
    {
        _process = process;
    }

    public ConcurrentQueue<string> Output { get; } = new();

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Transcript => string.Join("\n", Output.TakeLast(60));

    public static async Task<GatewayProcess> StartAsync(string configDirectory)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "portstress.dll");
        File.Exists(dll).Should().BeTrue($"the gateway is built beside the tests ({dll})");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = configDirectory,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(configDirectory);
        var gateway = new GatewayProcess(new Process { StartInfo = start });
        gateway._process.OutputDataReceived += (_, e) => gateway.Keep(e.Data);
        gateway._process.ErrorDataReceived += (_, e) => gateway.Keep(e.Data);
        gateway._process.Start();
        gateway._process.BeginOutputReadLine();
        gateway._process.BeginErrorReadLine();
        await Eventually.WaitFor(() => gateway.Output.Any(l => l.StartsWith("gateway running", StringComparison.Ordinal)) || gateway.HasExited,
            "the gateway process running", 60_000, () => gateway.Transcript);
        gateway.HasExited.Should().BeFalse(gateway.Transcript);
        return gateway;
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a service manager stops it; waits for the exit.</summary>
    public async Task TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            Output.Enqueue(line);
        }
    }
}
