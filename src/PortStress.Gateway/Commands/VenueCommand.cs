using System.CommandLine;
using PortStress.Gateway.Venue;
using PortStress.Venue;

namespace PortStress.Gateway.Commands;

/// <summary><c>portstress venue --config FILE [--records DIR]</c>: run the venue simulator until Ctrl+C (see docs/venue.md).</summary>
internal static class VenueCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo>("--config") { Description = "The venue's JSON configuration (see config/venue.sample.json).", Required = true };
        var records = new Option<DirectoryInfo?>("--records") { Description = "Write mid.jsonl and venue_fill.jsonl records into this directory." };
        var command = new Command("venue", "Run the venue simulator (FIX acceptor with a price process, queue-position fills, rate limit and faults) until Ctrl+C.")
        {
            config, records,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var error = parse.InvocationConfiguration.Error;
            VenueOptions options;
            try
            {
                options = VenueOptionsLoader.Load(parse.GetValue(config)!.FullName);
            }
            catch (VenueConfigurationException e)
            {
                await error.WriteLineAsync($"venue: {e.Message}").ConfigureAwait(false);
                return 2;
            }

            try
            {
                return await VenueRunner.RunAsync(options, parse.GetValue(records)?.FullName, parse.InvocationConfiguration.Output, cancellation).ConfigureAwait(false);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                await error.WriteLineAsync($"venue: cannot listen on {options.ListenAddress}:{options.Port}: {e.Message}").ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }
}
