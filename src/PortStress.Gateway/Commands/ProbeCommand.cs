using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PortStress.Fix.Engine;
using PortStress.Gateway.Probe;

namespace PortStress.Gateway.Commands;

/// <summary><c>portstress probe</c>: log on to a configured counterparty, time connect, logon and test orders, log out.</summary>
internal static class ProbeCommand
{
    public static Command Create()
    {
        var settings = new Option<FileInfo>("--settings") { Description = "QuickFIX-format settings file (.cfg) with the initiator session(s) to probe.", Required = true };
        var session = new Option<string?>("--session") { Description = "Probe only the session with this TargetCompID (or full id, e.g. FIX.4.4:GW->VENUE); default: every initiator session." };
        var orders = new Option<int>("--orders") { Description = "Send this many test orders, one at a time, and time each to its first ExecutionReport.", DefaultValueFactory = _ => 0 };
        var symbol = new Option<string>("--symbol") { Description = "Symbol (55) of the test orders.", DefaultValueFactory = _ => "TEST" };
        var price = new Option<decimal>("--price") { Description = "Limit price (44) of the test orders.", DefaultValueFactory = _ => 1m };
        var quantity = new Option<decimal>("--qty") { Description = "OrderQty (38) of the test orders.", DefaultValueFactory = _ => 1m };
        var side = new Option<string>("--side") { Description = "buy or sell.", DefaultValueFactory = _ => "buy" };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for the logon and for each order's answer.", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON." };
        var command = new Command("probe", "Log on to a configured counterparty, report connect and logon latency, optionally time test orders, log out cleanly.")
        {
            settings, session, orders, symbol, price, quantity, side, timeout, json,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            IReadOnlyList<EngineSessionConfig> configs;
            try
            {
                configs = QuickFixConfigReader.Load(parse.GetValue(settings)!.FullName);
            }
            catch (SettingsException e)
            {
                error.WriteLine($"probe: {e.Message}");
                return 2;
            }

            var wanted = parse.GetValue(session);
            var chosen = configs.Where(c => c.Settings.ConnectionType == ConnectionType.Initiator
                && (wanted is null || c.Settings.SessionId.TargetCompId == wanted || c.Settings.SessionId.ToString() == wanted)).ToList();
            if (chosen.Count == 0)
            {
                error.WriteLine($"probe: no initiator session{(wanted is null ? string.Empty : $" '{wanted}'")} in {parse.GetValue(settings)!.Name}");
                return 2;
            }

            var sideText = parse.GetValue(side)!.ToLowerInvariant();
            if (sideText is not ("buy" or "sell"))
            {
                error.WriteLine("probe: --side must be buy or sell");
                return 2;
            }

            var options = new ProbeOptions(
                Math.Max(0, parse.GetValue(orders)), parse.GetValue(symbol)!, parse.GetValue(price), parse.GetValue(quantity),
                sideText == "buy" ? '1' : '2', TimeSpan.FromSeconds(Math.Max(0.1, parse.GetValue(timeout))));
            var results = new List<ProbeResult>();
            foreach (var config in chosen)
            {
                if (!parse.GetValue(json))
                {
                    output.WriteLine($"probing {config.Settings.SessionId} at {string.Join(", ", config.Targets)} ...");
                }

                results.Add(await ProbeRunner.RunAsync(config, options, cancellation).ConfigureAwait(false));
            }

            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(results.Select(ToJson)));
            }
            else
            {
                foreach (var r in results)
                {
                    Print(output, r);
                }
            }

            return results.All(r => r.LoggedOn && r.Failure is null && r.OrdersAnswered == r.OrdersSent) ? 0 : 1;
        });
        return command;
    }

    private static void Print(TextWriter output, ProbeResult r)
    {
        static string Ms(double? v) => v is { } x ? x.ToString("0.000", CultureInfo.InvariantCulture) + " ms" : "-";
        output.WriteLine($"  session        {r.Session}");
        output.WriteLine($"  target         {r.Target}");
        output.WriteLine($"  connect        {Ms(r.ConnectMs)}");
        output.WriteLine($"  logon          {(r.LoggedOn ? Ms(r.LogonMs) : "failed")}");
        if (r.OrdersSent > 0)
        {
            output.WriteLine($"  orders         {r.OrdersAnswered}/{r.OrdersSent} answered");
            output.WriteLine($"  round trip     p50 {Ms(r.Percentile(0.5))}  p90 {Ms(r.Percentile(0.9))}  p99 {Ms(r.Percentile(0.99))}  max {Ms(r.Percentile(1))}");
        }

        output.WriteLine($"  logout         {(r.LoggedOutCleanly ? "clean" : "not answered")}");
        output.WriteLine($"  result         {(r.Failure is null && r.LoggedOn && r.OrdersAnswered == r.OrdersSent ? "OK" : "FAILED: " + (r.Failure ?? "orders unanswered"))}");
    }

    private static object ToJson(ProbeResult r) => new
    {
        session = r.Session,
        target = r.Target,
        loggedOn = r.LoggedOn,
        failure = r.Failure,
        connectMs = r.ConnectMs,
        logonMs = r.LogonMs,
        ordersSent = r.OrdersSent,
        ordersAnswered = r.OrdersAnswered,
        roundTripMs = new { p50 = r.Percentile(0.5), p90 = r.Percentile(0.9), p99 = r.Percentile(0.99), max = r.Percentile(1) },
        loggedOutCleanly = r.LoggedOutCleanly,
    };
}
