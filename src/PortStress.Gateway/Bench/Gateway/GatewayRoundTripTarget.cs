using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PortStress.Execution.Gate;
using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Dictionary;
using PortStress.Gateway.Decoding;
using PortStress.Gateway.Hosting;
using PortStress.Gateway.Routing;

namespace PortStress.Gateway.Bench.Gateway;

/// <summary>
/// Upstream simulator → gateway → venue simulator, all on 127.0.0.1 in this process: our initiator (BENCH → GW) sends
/// NewOrderSingles to the gateway's upstream acceptor; the gateway (<see cref="GatewayHost"/> built from a generated
/// config dir, controller on, journal and records on) routes each through its gate to its venue session (GW → VENUE);
/// our acceptor answers each order at once with an ExecutionReport, and by default fills it at once with a second (<see cref="AcknowledgingVenueApplication"/>); the
/// gateway reports it upstream, where <see cref="GatewayAcknowledgementApplication"/> hands it to the probe.
/// </summary>
internal sealed class GatewayRoundTripTarget : IRoundTripTarget
{
    private const string UpstreamCompId = "BENCH";
    private const string GatewayCompId = "GW";
    private readonly DataDictionary _dictionary;
    private readonly FixMessage _order = new();
    private readonly AcknowledgingVenueApplication _venue;
    private readonly GatewayAcknowledgementApplication _client;
    private string? _folder;
    private FixAcceptor? _acceptor;
    private GatewayHost? _gateway;
    private FixInitiator? _initiator;
    private Session? _session;

    /// <param name="probe">Where acknowledgements are reported.</param>
    /// <param name="dictionary">The FIX.4.4 dictionary.</param>
    /// <param name="fill">The venue fills each order right after acknowledging it, so orders complete.</param>
    public GatewayRoundTripTarget(RoundTripProbe probe, DataDictionary dictionary, bool fill)
    {
        _venue = new AcknowledgingVenueApplication { FillAfterAcknowledgement = fill };
        _dictionary = dictionary;
        _client = new GatewayAcknowledgementApplication(probe);
    }

    public string Name => "gateway";

    /// <summary>The gateway's records (ticks, transitions, orders), while the target lives.</summary>
    public string? RecordsDirectory { get; private set; }

    /// <summary>Rejects seen upstream.</summary>
    public long Rejected => _client.Rejected;

    /// <summary>Pending-new and restatement reports seen upstream.</summary>
    public long Interim => _client.Interim;

    /// <summary>Orders the gateway's router holds (live and done) and orders its gate still tracks (held, or sent and not done).</summary>
    public (int RouterOrders, int GateLive) Retained() => _gateway is null
        ? (0, 0)
        : (_gateway.Router.OrderCount, _gateway.Services.GetRequiredService<ChildOrderGate>().LiveCount);

    /// <summary>Reports the gateway sent upstream on the venue answer's own thread, and those its outbox's task sent (they had to wait).</summary>
    public OutboxCounts Outbox
    {
        get
        {
            var outbox = _gateway?.Services.GetRequiredService<UpstreamOutbox>();
            return outbox is null ? new OutboxCounts(0, 0) : new OutboxCounts(outbox.SentAtOnce, outbox.SentLater);
        }
    }

    /// <summary>Fill reports seen upstream.</summary>
    public long Fills => _client.Fills;

    /// <summary>Acknowledgements the venue could not send, plus reports without a readable ClOrdID.</summary>
    public long Faults => _venue.Refused + _client.Unreadable;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _folder = Directory.CreateTempSubdirectory("portstress-bench-gateway-").FullName;

        // The venue simulator: our acceptor answering every order at once.
        var venueId = new SessionId(BenchMessages.BeginString, BenchMessages.VenueCompId, GatewayCompId);
        var venueSession = new Session(Settings(venueId, ConnectionType.Acceptor), _venue, new MemoryStore(), _dictionary);
        _venue.Session = venueSession;
        _acceptor = new FixAcceptor([venueSession], new AcceptorOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0) });
        await _acceptor.StartAsync().ConfigureAwait(false);

        // The gateway, in process, from a config dir written for this run.
        WriteConfig(_folder, _acceptor.LocalEndPoint.Port);
        RecordsDirectory = Path.Combine(_folder, "records");
        _gateway = GatewayHost.CreateBuilder(_folder).Build();
        await _gateway.StartAsync(cancellationToken).ConfigureAwait(false);
        var upstreamPort = _gateway.UpstreamEndPoints[0].Port;

        // The upstream simulator.
        var clientId = new SessionId(BenchMessages.BeginString, UpstreamCompId, GatewayCompId);
        _session = new Session(Settings(clientId, ConnectionType.Initiator), _client, new MemoryStore(), _dictionary);
        _initiator = new FixInitiator([new InitiatorSessionOptions { Session = _session, Targets = [new ConnectTarget("127.0.0.1", upstreamPort)] }]);
        await _initiator.StartAsync().ConfigureAwait(false);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        while (!(_session.IsLoggedOn && venueSession.IsLoggedOn))
        {
            try
            {
                await Task.Delay(10, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"the gateway bench did not log on within 15 s (upstream {(_session.IsLoggedOn ? "logged on" : "not logged on")}, venue {(venueSession.IsLoggedOn ? "logged on" : "not logged on")})");
            }
        }
    }

    public bool TrySend(long index) => BenchSessions.TrySendOrder(_session, _order, index);

    /// <summary>Nothing to do: the session's connection coalesces what is queued on its own.</summary>
    public void Flush()
    {
    }

    public async ValueTask DisposeAsync()
    {
        await BenchSessions.LogoutAsync(_session).ConfigureAwait(false);

        if (_initiator is not null)
        {
            await _initiator.DisposeAsync().ConfigureAwait(false);
        }

        if (_gateway is not null)
        {
            await _gateway.StopAsync().ConfigureAwait(false);
            await _gateway.DisposeAsync().ConfigureAwait(false);
        }

        if (_acceptor is not null)
        {
            await _acceptor.DisposeAsync().ConfigureAwait(false);
        }

        if (_folder is not null)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>
    /// The gateway's config dir: an upstream acceptor on a free loopback port, one venue (VENUE) at the simulator,
    /// everything else at its defaults (controller on, journal in state/, records in records/, memory stores), the admin
    /// endpoint on a free loopback port, logging at Warning.
    /// </summary>
    private static void WriteConfig(string folder, int venuePort)
    {
        var dictionary = Path.Combine(DictionaryCatalog.DefaultFolder, "FIX44.xml");
        var settings = new JsonObject
        {
            ["PortStressFix"] = new JsonObject
            {
                ["Sessions"] = new JsonArray(new JsonObject
                {
                    ["ConnectionType"] = "acceptor",
                    ["BeginString"] = BenchMessages.BeginString,
                    ["SenderCompID"] = GatewayCompId,
                    ["TargetCompID"] = UpstreamCompId,
                    ["HeartBtInt"] = 30,
                    ["NonStopSession"] = true,
                    ["DataDictionary"] = dictionary,
                    ["SocketAcceptHost"] = "127.0.0.1",
                    ["SocketAcceptPort"] = 0,
                }),
            },
            ["PortStress"] = new JsonObject
            {
                ["Gateway"] = new JsonObject { ["RecordsDirectory"] = "records" },
                ["Routing"] = new JsonObject { ["DefaultVenue"] = "VENUE" },
                ["Admin"] = new JsonObject { ["Urls"] = "http://127.0.0.1:0" },
            },

            // The bench prints its own progress; the gateway says only what goes wrong.
            ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Warning" } },
        };
        File.WriteAllText(Path.Combine(folder, GatewayConfiguration.AppSettingsFile), settings.ToJsonString());
        var venue = new JsonObject
        {
            ["Sessions"] = new JsonArray(new JsonObject
            {
                ["BeginString"] = BenchMessages.BeginString,
                ["SenderCompID"] = GatewayCompId,
                ["TargetCompID"] = BenchMessages.VenueCompId,
                ["HeartBtInt"] = 30,
                ["NonStopSession"] = true,
                ["DataDictionary"] = dictionary,
                ["SocketConnectHost"] = "127.0.0.1",
                ["SocketConnectPort"] = venuePort,
            }),
        };
        Directory.CreateDirectory(Path.Combine(folder, GatewayConfiguration.VenuesFolder));
        File.WriteAllText(Path.Combine(folder, GatewayConfiguration.VenuesFolder, "VENUE.json"), venue.ToJsonString());
    }

    /// <summary>
    /// The simulators' sessions keep sequence numbers only (PersistMessages off): they never resend, and a soak then
    /// measures what the gateway retains, not 100,000 saved frames on each simulator. The gateway's own sessions persist,
    /// as the two sessions of the direct round trip do.
    /// </summary>
    private static SessionSettings Settings(SessionId id, ConnectionType type) => new()
    {
        SessionId = id,
        ConnectionType = type,
        HeartBtInt = TimeSpan.FromSeconds(30),
        PersistMessages = false,
    };
}
