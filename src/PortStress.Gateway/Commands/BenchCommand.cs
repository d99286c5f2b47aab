using System.CommandLine;
using PortStress.Fix.Protocol.Dictionary;
using PortStress.Gateway.Bench;
using PortStress.Gateway.Decoding;

namespace PortStress.Gateway.Commands;

/// <summary><c>portstress bench</c>: measurements on this machine, one subcommand each (<c>roundtrip</c> so far).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure the engine on this machine. Always exits 0 when the run completes: it reports whether targets are met, it does not enforce them.");
        command.Subcommands.Add(CreateRoundTrip());
        return command;
    }

    private static Command CreateRoundTrip()
    {
        var defaults = new RoundTripOptions();
        var duration = new Option<double>("--duration") { Description = "Seconds of the pipelined phase and of the fixed-rate phase, each.", DefaultValueFactory = _ => defaults.Duration.TotalSeconds };
        var warmup = new Option<double>("--warmup") { Description = "Seconds of pipelined warm-up before the timed phases.", DefaultValueFactory = _ => defaults.Warmup.TotalSeconds };
        var rate = new Option<int>("--rate") { Description = "Orders per second in the fixed-rate (latency) phase.", DefaultValueFactory = _ => defaults.Rate };
        var window = new Option<int>("--window") { Description = "The most orders in flight at once.", DefaultValueFactory = _ => defaults.Window };
        var store = new Option<StoreKind>("--store") { Description = "Message store of both sessions: memory, file (a temporary folder, batched fsync), or none (PersistMessages off: isolates session and transport; not for production).", DefaultValueFactory = _ => defaults.Store };
        var allocationTypes = new Option<bool>("--alloc-types") { Description = "Sample the types the engine allocates in the timed phases (GC AllocationTick events)." };
        var json = new Option<bool>("--json") { Description = "Write the result as one JSON object (progress goes to standard error)." };
        var command = new Command(
            "roundtrip",
            "NewOrderSingle -> ExecutionReport between our initiator and acceptor on 127.0.0.1 (FIX.4.4), against a plain TCP echo of the same bytes: "
            + "pipelined round trips per second, then p50/p99/p99.9 at a fixed rate with coordinated-omission correction.")
        {
            duration, warmup, rate, window, store, allocationTypes, json,
        };
        command.SetAction((parse, cancellation) => RunRoundTripAsync(
            new RoundTripOptions
            {
                Duration = TimeSpan.FromSeconds(parse.GetValue(duration)),
                Warmup = TimeSpan.FromSeconds(parse.GetValue(warmup)),
                Rate = parse.GetValue(rate),
                Window = parse.GetValue(window),
                Store = parse.GetValue(store),
                AllocationTypes = parse.GetValue(allocationTypes),
            },
            parse.GetValue(json),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellation));
        return command;
    }

    internal static async Task<int> RunRoundTripAsync(RoundTripOptions options, bool json, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        if (Invalid(options) is { } problem)
        {
            error.WriteLine($"bench roundtrip: {problem}");
            return 2;
        }

        var dictionaryPath = Path.Combine(DictionaryCatalog.DefaultFolder, "FIX44.xml");
        DataDictionary dictionary;
        try
        {
            dictionary = DataDictionary.Load(dictionaryPath);
        }
        catch (Exception e) when (e is DictionaryException or IOException)
        {
            error.WriteLine($"bench: cannot load {dictionaryPath}: {e.Message}");
            return 2;
        }

        var bench = new RoundTripBench(options, dictionary, json ? error : output);
        RoundTripResult result;
        try
        {
            result = await bench.RunAsync(cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("bench: cancelled");
            return 130;
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or IOException or System.Net.Sockets.SocketException)
        {
            error.WriteLine($"bench: the run did not complete: {e.Message}");
            return 1;
        }

        if (json)
        {
            using var buffer = new MemoryStream();
            RoundTripReportWriter.WriteJson(buffer, result);
            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else
        {
            RoundTripReportWriter.WriteText(output, result);
        }

        return 0;
    }

    private static string? Invalid(RoundTripOptions options) =>
        options.Duration <= TimeSpan.Zero ? "--duration must be positive"
        : options.Warmup < TimeSpan.Zero ? "--warmup must not be negative"
        : options.Rate is <= 0 or > 1_000_000 ? "--rate must be between 1 and 1,000,000 orders per second"
        : options.Window is <= 0 or > 65_536 ? "--window must be between 1 and 65,536"
        : null;
}
