using System.CommandLine;
using PortStress.Fix.Protocol.Dictionary;
using PortStress.Gateway.Bench;
using PortStress.Gateway.Bench.Gateway;
using PortStress.Gateway.Decoding;

namespace PortStress.Gateway.Commands;

/// <summary><c>portstress bench</c>: measurements on this machine, one subcommand each (<c>roundtrip</c>, <c>gateway</c>).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure the engine on this machine. Always exits 0 when the run completes: it reports whether targets are met, it does not enforce them.");
        command.Subcommands.Add(CreateRoundTrip());
        command.Subcommands.Add(CreateGateway());
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

        if (LoadDictionary(error) is not { } dictionary)
        {
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

    private static Command CreateGateway()
    {
        var defaults = new GatewayBenchOptions();
        var rate = new Option<int>("--rate") { Description = "Orders per second of the latency comparison (direct vs through the gateway) and of the soak.", DefaultValueFactory = _ => defaults.Rate };
        var duration = new Option<double>("--duration") { Description = "Seconds of each latency phase.", DefaultValueFactory = _ => defaults.Duration.TotalSeconds };
        var warmup = new Option<double>("--warmup") { Description = "Seconds of pipelined warm-up of each target.", DefaultValueFactory = _ => defaults.Warmup.TotalSeconds };
        var pairs = new Option<int>("--pairs") { Description = "Latency pairs (direct and through the gateway, back to back, alternating which goes first); the verdict takes the pair with the median p99 ratio.", DefaultValueFactory = _ => defaults.Pairs };
        var pacing = new Option<string>("--pacing") { Description = "How the upstream simulator waits for each order's intended time: sleep (to a few microseconds before it, leaving the core to what is measured; default) or spin.", DefaultValueFactory = _ => "sleep" };
        pacing.AcceptOnlyFromAmong("sleep", "spin");
        var steps = new Option<int[]>("--steps") { Description = "Rates (orders/s) stepped through to find the most the gateway sustains, lowest first.", DefaultValueFactory = _ => [.. defaults.StepRates], AllowMultipleArgumentsPerToken = true };
        var stepDuration = new Option<double>("--step-duration") { Description = "Seconds of each rate step.", DefaultValueFactory = _ => defaults.StepDuration.TotalSeconds };
        var p99 = new Option<double>("--sustained-p99") { Description = "Milliseconds: a step whose corrected p99 is above this (or above 2x the direct round trip's p99 when that is more) is not sustained, nor one achieving under 99% of its rate.", DefaultValueFactory = _ => defaults.SustainedP99.TotalMilliseconds };
        var window = new Option<int>("--window") { Description = "The most orders in flight at once.", DefaultValueFactory = _ => defaults.Window };
        var soak = new Option<double?>("--soak") { Description = "Instead of the comparison and the steps: run --rate through the gateway for this many seconds, sampling memory every --sample seconds (e.g. --soak 300)." };
        var sample = new Option<double>("--sample") { Description = "Seconds between soak samples (memory after an induced full collection, working set, p99).", DefaultValueFactory = _ => defaults.SoakSampleInterval.TotalSeconds };
        var settle = new Option<double>("--settle") { Description = "Seconds of soak samples left out of the growth slope (warm-up).", DefaultValueFactory = _ => defaults.SoakSettle.TotalSeconds };
        var allocationTypes = new Option<bool>("--alloc-types") { Description = "Sample the types allocated in the latency phase through the gateway (GC AllocationTick events)." };
        var venue = new Option<string>("--venue") { Description = "fill: the venue acknowledges and fills each order at once, so orders complete (default); ack: it only acknowledges, so every order stays open.", DefaultValueFactory = _ => "fill" };
        venue.AcceptOnlyFromAmong("fill", "ack");
        var noRelay = new Option<bool>("--no-relay") { Description = "Leave out the third side of each pair: the same rate through a byte relay in the gateway's place (two more hops, no FIX work), the floor of any router." };
        var json = new Option<bool>("--json") { Description = "Write the result as one JSON object (progress goes to standard error)." };
        var command = new Command(
            "gateway",
            "Upstream simulator -> gateway (in process, from a generated config dir) -> venue simulator on 127.0.0.1: latency against the engine's direct round trip "
            + "at the same rate, the most child orders per second the gateway sustains, or memory over a soak.")
        {
            rate, duration, warmup, pairs, pacing, steps, stepDuration, p99, window, soak, sample, settle, venue, allocationTypes, noRelay, json,
        };
        command.SetAction((parse, cancellation) => RunGatewayAsync(
            new GatewayBenchOptions
            {
                Rate = parse.GetValue(rate),
                Duration = TimeSpan.FromSeconds(parse.GetValue(duration)),
                Warmup = TimeSpan.FromSeconds(parse.GetValue(warmup)),
                Pairs = parse.GetValue(pairs),
                SleepWhenEarly = parse.GetValue(pacing) != "spin",
                StepRates = parse.GetValue(steps) ?? [],
                StepDuration = TimeSpan.FromSeconds(parse.GetValue(stepDuration)),
                SustainedP99 = TimeSpan.FromMilliseconds(parse.GetValue(p99)),
                Window = parse.GetValue(window),
                Soak = parse.GetValue(soak) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                SoakSampleInterval = TimeSpan.FromSeconds(parse.GetValue(sample)),
                SoakSettle = TimeSpan.FromSeconds(parse.GetValue(settle)),
                AllocationTypes = parse.GetValue(allocationTypes),
                Fill = parse.GetValue(venue) != "ack",
                Relay = !parse.GetValue(noRelay),
            },
            parse.GetValue(json),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellation));
        return command;
    }

    internal static async Task<int> RunGatewayAsync(GatewayBenchOptions options, bool json, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        if (Invalid(options) is { } problem)
        {
            error.WriteLine($"bench gateway: {problem}");
            return 2;
        }

        if (LoadDictionary(error) is not { } dictionary)
        {
            return 2;
        }

        GatewayBenchResult result;
        try
        {
            result = await new GatewayBench(options, dictionary, json ? error : output).RunAsync(cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("bench: cancelled");
            return 130;
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or IOException or System.Net.Sockets.SocketException or Hosting.GatewayConfigurationException)
        {
            error.WriteLine($"bench: the run did not complete: {e.Message}");
            return 1;
        }

        if (json)
        {
            using var buffer = new MemoryStream();
            GatewayBenchReportWriter.WriteJson(buffer, result);
            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else
        {
            GatewayBenchReportWriter.WriteText(output, result);
        }

        return 0;
    }

    private static DataDictionary? LoadDictionary(TextWriter error)
    {
        var dictionaryPath = Path.Combine(DictionaryCatalog.DefaultFolder, "FIX44.xml");
        try
        {
            return DataDictionary.Load(dictionaryPath);
        }
        catch (Exception e) when (e is DictionaryException or IOException)
        {
            error.WriteLine($"bench: cannot load {dictionaryPath}: {e.Message}");
            return null;
        }
    }

    private static string? Invalid(GatewayBenchOptions options) =>
        options.Rate is <= 0 or > 1_000_000 ? "--rate must be between 1 and 1,000,000 orders per second"
        : options.Duration <= TimeSpan.Zero ? "--duration must be positive"
        : options.Warmup < TimeSpan.Zero ? "--warmup must not be negative"
        : options.Pairs is <= 0 or > 100 ? "--pairs must be between 1 and 100"
        : options.StepRates.Any(r => r is <= 0 or > 1_000_000) ? "--steps must be rates between 1 and 1,000,000 orders per second"
        : options.StepDuration <= TimeSpan.Zero ? "--step-duration must be positive"
        : options.SustainedP99 <= TimeSpan.Zero ? "--sustained-p99 must be positive"
        : options.Window is <= 0 or > 65_536 ? "--window must be between 1 and 65,536"
        : options.Soak is { } soak && soak <= TimeSpan.Zero ? "--soak must be positive"
        : options.SoakSampleInterval <= TimeSpan.Zero ? "--sample must be positive"
        : options.SoakSettle < TimeSpan.Zero ? "--settle must not be negative"
        : null;

    private static string? Invalid(RoundTripOptions options) =>
        options.Duration <= TimeSpan.Zero ? "--duration must be positive"
        : options.Warmup < TimeSpan.Zero ? "--warmup must not be negative"
        : options.Rate is <= 0 or > 1_000_000 ? "--rate must be between 1 and 1,000,000 orders per second"
        : options.Window is <= 0 or > 65_536 ? "--window must be between 1 and 65,536"
        : null;
}
