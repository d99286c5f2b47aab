using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using PortStress.Gateway.Churn;

namespace PortStress.Gateway.Commands;

/// <summary>
/// <c>portstress churn --target HOST:PORT [...]</c>: a neighbour that exhausts the local port range with short-lived
/// connections (real EADDRNOTAVAIL, real TIME_WAIT), for the end-to-end scenario in a network namespace
/// (scripts/netns-e2e.sh) and for trying the gateway by hand. It prints one line a second until stopped.
/// </summary>
internal static class ChurnCommand
{
    public static Command Create()
    {
        var defaults = new ChurnOptions { Targets = [] };
        var targets = new Option<string[]>("--target") { Description = "HOST:PORT to connect to (repeat for several; connections are spread over them).", Required = true, AllowMultipleArgumentsPerToken = true };
        var connections = new Option<int>("--connections") { Description = "Connections kept going at once; more than the ephemeral range has ports exhausts it.", DefaultValueFactory = _ => defaults.Connections };
        var lifetime = new Option<double>("--lifetime") { Description = "Milliseconds a connection stays open (spread over 0.5-1.5x) before this side closes it first.", DefaultValueFactory = _ => defaults.Lifetime.TotalMilliseconds };
        var retry = new Option<double>("--retry-delay") { Description = "Milliseconds to wait after a failed connect.", DefaultValueFactory = _ => defaults.RetryDelay.TotalMilliseconds };
        var duration = new Option<double?>("--duration") { Description = "Seconds to run (default: until Ctrl+C or SIGTERM)." };
        var command = new Command("churn", "Exhaust the local ephemeral port range towards the targets with short-lived connections closed client-first (EADDRNOTAVAIL, TIME_WAIT).")
        {
            targets, connections, lifetime, retry, duration,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var endPoints = new List<IPEndPoint>();
            foreach (var text in parse.GetValue(targets) ?? [])
            {
                if (!IPEndPoint.TryParse(text, out var endPoint) || endPoint.Port == 0)
                {
                    await error.WriteLineAsync($"churn: --target '{text}' is not an IP address and port (e.g. 10.1.2.3:9000)").ConfigureAwait(false);
                    return 2;
                }

                endPoints.Add(endPoint);
            }

            var seconds = parse.GetValue(duration);
            var options = new ChurnOptions
            {
                Targets = endPoints,
                Connections = parse.GetValue(connections),
                Lifetime = TimeSpan.FromMilliseconds(parse.GetValue(lifetime)),
                RetryDelay = TimeSpan.FromMilliseconds(parse.GetValue(retry)),
                Duration = seconds is { } s ? TimeSpan.FromSeconds(s) : null,
            };
            if (Invalid(options) is { } problem)
            {
                await error.WriteLineAsync($"churn: {problem}").ConfigureAwait(false);
                return 2;
            }

            return await RunAsync(options, output, cancellation).ConfigureAwait(false);
        });
        return command;
    }

    internal static async Task<int> RunAsync(ChurnOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var source = new ChurnSource(options);
        var started = Stopwatch.GetTimestamp();
        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"churn: {options.Connections} connections to {string.Join(", ", options.Targets)}, lifetime {options.Lifetime.TotalMilliseconds:0} ms, closed client-first; ephemeral range {PortRange()}")).ConfigureAwait(false);
        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        var run = source.RunAsync(cancellationToken);
        var previous = source.Counters();
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None)).ConfigureAwait(false);
            await output.WriteLineAsync(source.Progress(Stopwatch.GetElapsedTime(started), previous)).ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            previous = source.Counters();
        }

        await run.ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"churn stopped: {source.Connects} connects, {source.AddressNotAvailable} EADDRNOTAVAIL, {source.AddressInUse} EADDRINUSE, {source.OtherFailures} other failures")).ConfigureAwait(false);
        return 0;
    }

    private static string PortRange()
    {
        const string Path = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(Path) ? File.ReadAllText(Path).Trim().Replace('\t', '-') : "unknown";
    }

    private static string? Invalid(ChurnOptions options) =>
        options.Targets.Count == 0 ? "at least one --target is needed"
        : options.Connections is <= 0 or > 65_536 ? "--connections must be between 1 and 65,536"
        : options.Lifetime <= TimeSpan.Zero ? "--lifetime must be positive"
        : options.RetryDelay < TimeSpan.Zero ? "--retry-delay must not be negative"
        : options.Duration is { } d && d <= TimeSpan.Zero ? "--duration must be positive"
        : null;
}
