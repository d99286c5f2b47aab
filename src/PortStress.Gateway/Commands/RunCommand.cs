using System.CommandLine;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using PortStress.Fix.Engine;
using PortStress.Gateway.Hosting;

namespace PortStress.Gateway.Commands;

/// <summary>
/// <c>portstress run --config DIR</c>: the FIX-to-FIX gateway (docs/gateway.md) until SIGTERM or Ctrl+C, then a
/// graceful stop (exit 0). A bad config dir prints every problem, one per line, and exits 2; a start failure (a port
/// in use) exits 1.
/// </summary>
internal static class RunCommand
{
    /// <summary>Exit code of a configuration error.</summary>
    public const int ConfigurationError = 2;

    /// <summary>Exit code of a failure to start (a listen port in use, a file that cannot be opened).</summary>
    public const int StartFailure = 1;

    public static Command Create()
    {
        var config = new Option<DirectoryInfo>("--config") { Description = "The config dir: appsettings.json and venues/*.json (see config/gateway).", Required = true };
        var command = new Command("run", "Run the FIX-to-FIX gateway: upstream acceptors, venue initiators, routing through the port-stress gate, until SIGTERM or Ctrl+C.")
        {
            config,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var directory = parse.GetValue(config)!.FullName;
            GatewayHost host;
            try
            {
                host = GatewayHost.CreateBuilder(directory).Build();
            }
            catch (GatewayConfigurationException e)
            {
                await error.WriteLineAsync($"run: {directory}: {e.Errors.Count} configuration problem{(e.Errors.Count == 1 ? string.Empty : "s")}:").ConfigureAwait(false);
                foreach (var line in e.Errors)
                {
                    await error.WriteLineAsync($"  {line}").ConfigureAwait(false);
                }

                return ConfigurationError;
            }

            await using (host.ConfigureAwait(false))
            {
                try
                {
                    await host.StartAsync(cancellation).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OptionsValidationException or SettingsException)
                {
                    await error.WriteLineAsync($"run: {directory}: {e.Message}").ConfigureAwait(false);
                    return ConfigurationError;
                }
                catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException)
                {
                    await error.WriteLineAsync($"run: cannot start: {e.Message}").ConfigureAwait(false);
                    return StartFailure;
                }
                catch (OperationCanceledException)
                {
                    return 0;
                }

                await output.WriteLineAsync($"gateway running: upstream on {string.Join(", ", host.UpstreamEndPoints)}; venues {string.Join(", ", host.Configuration.Venues.Select(v => v.Name))}; admin on {string.Join(", ", host.AdminAddresses)}").ConfigureAwait(false);
                await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                await host.WaitForShutdownAsync(cancellation).ConfigureAwait(false);
                await output.WriteLineAsync("gateway stopped: sessions logged out, stores and journal closed").ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }
}
