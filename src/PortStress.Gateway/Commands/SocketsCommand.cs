using System.CommandLine;
using System.Text.Json;
using PortStress.Telemetry.Sampling;

namespace PortStress.Gateway.Commands;

/// <summary>
/// <c>portstress sockets [--watch] [--json]</c>: the per-destination socket table (port pressure, states,
/// TIME_WAIT, time to relief) an operator runs instead of <c>ss | awk</c> on a box in trouble.
/// </summary>
internal static class SocketsCommand
{
    public static Command Create()
    {
        var watch = new Option<bool>("--watch") { Description = "Refresh until interrupted (adaptive cadence: faster under pressure)." };
        var json = new Option<bool>("--json") { Description = "Write JSON (one object per sample) instead of a table." };
        var top = new Option<int>("--top") { Description = "Most destinations to list, highest pressure first.", DefaultValueFactory = _ => 20 };
        var procFallback = new Option<bool>("--proc") { Description = "Read /proc/net/tcp instead of sock_diag." };
        var command = new Command("sockets", "Per-destination TCP socket pressure: PPR, TWR, states, TIME_WAIT and time to relief.")
        {
            watch, json, top, procFallback,
        };
        command.SetAction((ParseResult result, CancellationToken cancellationToken) => RunAsync(
            result.GetValue(watch), result.GetValue(json), result.GetValue(top), result.GetValue(procFallback), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(bool watch, bool asJson, int top, bool procFallback, CancellationToken cancellationToken)
    {
        using var sampler = new TransportSampler(new SocketSamplerOptions { ForceProcFallback = procFallback });
        if (sampler.Table.Source == SocketTableSource.Unavailable)
        {
            await Console.Error.WriteLineAsync($"portstress sockets: {sampler.Table.Sample().UnavailableReason}").ConfigureAwait(false);
            return 2;
        }
        if (!watch)
        {
            sampler.Counters?.Sample();
            Write(sampler.SampleTable(), sampler.Counters, asJson, top, clear: false);
            return 0;
        }
        await sampler.RunAsync((sample, counters) => Write(sample, counters, asJson, top, clear: !asJson), cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private static void Write(SocketTableSample sample, TcpCounterSampler? counters, bool asJson, int top, bool clear)
    {
        if (asJson)
        {
            using var stdout = Console.OpenStandardOutput();
            using (var writer = new Utf8JsonWriter(stdout))
                SocketTableReport.WriteJson(writer, sample, counters);
            stdout.WriteByte((byte)'\n');
            return;
        }
        if (clear)
            Console.Write("\u001b[H\u001b[2J");
        SocketTableReport.WriteText(Console.Out, sample, counters, top);
    }
}
