using System.Text.Json;
using System.Text.Json.Nodes;

namespace PortStress.Gateway.E2E.Tests;

/// <summary>
/// Writes the configuration of the scenario's three FIX processes: two venue simulators (VA, where the pinned session
/// goes and the orders are routed, and VB, the venue whose session is dropped and must reconnect through the exhausted
/// range) and the gateway's config dir (appsettings.json with the upstream acceptor and the controller's compressed
/// windows; venues/VA.json and venues/VB.json with one initiator session each).
/// </summary>
internal static class ScenarioFiles
{
    public const int UpstreamPort = 9900;
    public const int VenueAPort = 9901;
    public const int VenueBPort = 9902;
    public const string UpstreamCompId = "OMS";
    public const string GatewayCompId = "GW";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>A venue simulator's JSON configuration (docs/venue.md).</summary>
    public static string Venue(string path, string listen, int port, string venueCompId)
    {
        var venue = new JsonObject
        {
            ["ListenAddress"] = listen,
            ["Port"] = port,
            ["Sessions"] = new JsonArray(new JsonObject
            {
                ["BeginString"] = "FIX.4.4",
                ["SenderCompId"] = venueCompId,
                ["TargetCompIds"] = new JsonArray(GatewayCompId),
            }),
            ["Symbols"] = new JsonArray(new JsonObject { ["Symbol"] = "INTC", ["InitialPrice"] = 30.00, ["Volatility"] = 0.0002 }),
            ["Seed"] = 7,
            ["LogonTimeout"] = "00:00:05",
        };
        File.WriteAllText(path, venue.ToJsonString(Indented));
        return path;
    }

    /// <summary>The gateway's config dir; returns its records directory.</summary>
    /// <param name="directory">The config dir (created).</param>
    /// <param name="venueHost">Where the venues listen.</param>
    /// <param name="dictionary">The FIX.4.4 dictionary.</param>
    public static string Gateway(string directory, string venueHost, string dictionary)
    {
        Directory.CreateDirectory(Path.Combine(directory, "venues"));
        var records = Path.Combine(directory, "records");
        var settings = new JsonObject
        {
            ["PortStressFix"] = new JsonObject
            {
                ["Sessions"] = new JsonArray(new JsonObject
                {
                    ["ConnectionType"] = "acceptor",
                    ["BeginString"] = "FIX.4.4",
                    ["SenderCompID"] = GatewayCompId,
                    ["TargetCompID"] = UpstreamCompId,
                    ["HeartBtInt"] = 30,
                    ["DataDictionary"] = dictionary,
                    ["ValidateUserDefinedFields"] = false,
                    ["SocketAcceptHost"] = "0.0.0.0",
                    ["SocketAcceptPort"] = UpstreamPort,
                }),
            },
            ["PortStress"] = new JsonObject
            {
                ["Gateway"] = new JsonObject { ["JournalPath"] = "state/orders.journal", ["RecordsDirectory"] = "records" },
                ["Routing"] = new JsonObject { ["DefaultVenue"] = "VA" },
                ["Control"] = new JsonObject
                {
                    ["RecordsDirectory"] = records,

                    // Time compressed so the scenario fits in about a minute: a 10 s window for connect failures, short
                    // dwells. The thresholds are the defaults (RED: >= 10 failures and CFR >= 0.25 in the window).
                    ["Signals"] = new JsonObject
                    {
                        ["CountWindow"] = "00:00:10",
                        ["CountBuckets"] = 10,
                        ["LatencyWindow"] = "00:00:05",
                        ["LatencySubWindows"] = 5,
                        ["ReconnectWindow"] = "00:00:20",
                    },
                    ["Baseline"] = new JsonObject { ["MinimumSamples"] = 8 },
                    ["Decoder"] = new JsonObject
                    {
                        ["YellowMinimumDwell"] = "00:00:02",
                        ["OrangeMinimumDwell"] = "00:00:02",
                        ["RedMinimumDwell"] = "00:00:04",
                    },
                },
                ["Gate"] = new JsonObject { ["ContainmentMaxHold"] = "00:01:30" },
                ["Admin"] = new JsonObject { ["Urls"] = "http://127.0.0.1:8088" },
            },
        };
        File.WriteAllText(Path.Combine(directory, "appsettings.json"), settings.ToJsonString(Indented));
        WriteVenue(directory, "VA", "VENUEA", venueHost, VenueAPort, dictionary);
        WriteVenue(directory, "VB", "VENUEB", venueHost, VenueBPort, dictionary);
        return records;
    }

    private static void WriteVenue(string directory, string name, string venueCompId, string host, int port, string dictionary)
    {
        var venue = new JsonObject
        {
            ["Venue"] = name,
            ["Sessions"] = new JsonArray(new JsonObject
            {
                ["BeginString"] = "FIX.4.4",
                ["SenderCompID"] = GatewayCompId,
                ["TargetCompID"] = venueCompId,
                ["HeartBtInt"] = 30,
                ["DataDictionary"] = dictionary,
                ["SocketConnectHost"] = host,
                ["SocketConnectPort"] = port,

                // A dropped session comes back quickly: full-jitter back-off up to 0.5 s, so a few attempts a second
                // fail while the range is exhausted.
                ["ReconnectInterval"] = 0.2,
                ["ReconnectMaxInterval"] = 0.5,
                ["ConnectTimeout"] = 2,
            }),
        };
        File.WriteAllText(Path.Combine(directory, "venues", name + ".json"), venue.ToJsonString(Indented));
    }
}
