using System.Text.Json.Nodes;
using PortStress.Testing;
using PortStress.Venue;

namespace PortStress.Gateway.Tests.Hosting;

/// <summary>A gateway config dir in a temporary folder: a valid baseline (one upstream acceptor, venue XNAS with two sessions) that tests change, then write.</summary>
internal sealed class GatewayConfigDir : IDisposable
{
    public GatewayConfigDir(int venuePort = 9890, int upstreamPort = 0, string flushPolicy = "EveryMessage")
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("gw-config-").FullName;
        var dictionary = SharedMaterial.InRepository("fixspec", "FIX44.xml");
        AppSettings = new JsonObject
        {
            ["PortStressFix"] = new JsonObject
            {
                ["StopTimeout"] = 2,
                ["Sessions"] = new JsonArray(new JsonObject
                {
                    ["BeginString"] = "FIX.4.4",
                    ["SenderCompID"] = "GW",
                    ["TargetCompID"] = "OMS",
                    ["SocketAcceptHost"] = "127.0.0.1",
                    ["SocketAcceptPort"] = upstreamPort,
                    ["NonStopSession"] = true,
                    ["DataDictionary"] = dictionary,
                    ["ValidateUserDefinedFields"] = false,
                    ["FileStorePath"] = "state/store",
                    ["FileStoreFlushPolicy"] = flushPolicy,
                }),
            },
            ["PortStress"] = new JsonObject
            {
                ["Gateway"] = new JsonObject { ["JournalPath"] = "state/orders.journal" },
                ["Routing"] = new JsonObject { ["DefaultVenue"] = "XNAS" },
                ["Control"] = new JsonObject { ["SampleSockets"] = false },
                ["Admin"] = new JsonObject { ["Urls"] = "http://127.0.0.1:0" },
            },
            ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Warning" } },
        };
        Venues["XNAS"] = new JsonObject
        {
            ["Venue"] = "XNAS",
            ["Sessions"] = new JsonArray(Venue("GW", venuePort, dictionary, flushPolicy), Venue("GW2", venuePort, dictionary, flushPolicy)),
        };
    }

    public string Directory { get; }

    /// <summary>Starts the venue simulator these config dirs point at: FIX.4.4 VENUE for GW and GW2, MSFT at 400 with no drift and no volume.</summary>
    /// <param name="seed">The simulator's seed.</param>
    public static async Task<VenueSimulator> StartVenueAsync(int seed)
    {
        var venue = new VenueSimulator(new VenueOptions
        {
            Sessions = [new VenueSessionOptions { BeginString = "FIX.4.4", SenderCompId = "VENUE", TargetCompIds = ["GW", "GW2"] }],
            Symbols = [new VenueSymbolOptions { Symbol = "MSFT", InitialPrice = 400m, TickSize = 0.01m, Volatility = 0, SpreadTicks = 2, VolumePerSecond = 0 }],
            Seed = seed,
        });
        await venue.StartAsync();
        return venue;
    }

    public JsonObject AppSettings { get; }

    public Dictionary<string, JsonObject> Venues { get; } = new(StringComparer.Ordinal);

    public JsonObject Upstream => (JsonObject)AppSettings["PortStressFix"]!["Sessions"]![0]!;

    public JsonObject PortStress => (JsonObject)AppSettings["PortStress"]!;

    public JsonObject VenueSession(string venue, int index) => (JsonObject)Venues[venue]["Sessions"]![index]!;

    public string Write()
    {
        File.WriteAllText(Path.Combine(Directory, "appsettings.json"), AppSettings.ToJsonString());
        var venues = Path.Combine(Directory, "venues");
        System.IO.Directory.CreateDirectory(venues);
        foreach (var (name, venue) in Venues)
        {
            File.WriteAllText(Path.Combine(venues, name + ".json"), venue.ToJsonString());
        }

        return Directory;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the temp folder is cleaned by the OS.
        }
    }

    private static JsonObject Venue(string sender, int port, string dictionary, string flushPolicy) => new()
    {
        ["BeginString"] = "FIX.4.4",
        ["SenderCompID"] = sender,
        ["TargetCompID"] = "VENUE",
        ["SocketConnectHost"] = "127.0.0.1",
        ["SocketConnectPort"] = port,
        ["NonStopSession"] = true,
        ["DataDictionary"] = dictionary,
        ["ReconnectInterval"] = 0.1,
        ["ReconnectMaxInterval"] = 0.5,
        ["FileStorePath"] = "state/store",
        ["FileStoreFlushPolicy"] = flushPolicy,
    };
}
