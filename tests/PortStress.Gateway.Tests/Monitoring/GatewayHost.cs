using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PortStress.Control;
using PortStress.Control.Loop;
using PortStress.Control.Records;
using PortStress.Execution;
using PortStress.Execution.Gate;
using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Hosting;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Dictionary;
using PortStress.Testing;

namespace PortStress.Gateway.Tests.Monitoring;

/// <summary>
/// A real gateway-shaped host on loopback: a venue acceptor on 127.0.0.1:0, a WebApplication (admin listener on
/// 127.0.0.1:0) with the engine (one initiator session to the venue), the controller, the gate, the metrics export and
/// the admin API, exactly as the <c>run</c> host wires them. Nothing under test is mocked.
/// </summary>
public class GatewayHost : IAsyncLifetime
{
    public const string AdminToken = "test-admin-token-0123456789";
    public const string ApproverCredential = "approver-credential-0123456789";
    private static readonly string Fix44Path = SharedMaterial.InRepository("fixspec", "FIX44.xml");
    private FixAcceptor? _venue;
    private FillingVenue? _venueApp;
    private long _nextOrderId = 1000;

    public WebApplication App { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public MemoryRecordSink<TickRecord> Ticks { get; } = new();

    public IServiceProvider Services => App.Services;

    public ControlLoop Loop => Services.GetRequiredService<ControlLoop>();

    public ControlSnapshotPublisher Publisher => Services.GetRequiredService<ControlSnapshotPublisher>();

    public ChildOrderGate Gate => Services.GetRequiredService<ChildOrderGate>();

    public int VenuePort => _venue!.LocalEndPoint.Port;

    /// <summary>The venue session's store (tests open sequence gaps with it).</summary>
    public MemoryStore VenueStore { get; } = new();

    /// <summary>Sends an unsolicited ExecutionReport from the venue (the gate ignores unknown ids).</summary>
    public void SendVenueReport(string clOrdId) => _venueApp!.Report(clOrdId, 1m, '0', '0');

    /// <summary>Configuration on top of the defaults.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings() => [];

    public async Task InitializeAsync()
    {
        var venueApp = _venueApp = new FillingVenue();
        var venueSession = new Session(new SessionSettings
        {
            SessionId = new SessionId("FIX.4.4", "XNAS", "DESK"),
            ConnectionType = ConnectionType.Acceptor,
            HeartBtInt = TimeSpan.FromSeconds(30),
        }, venueApp, VenueStore, DataDictionary.Load(Fix44Path));
        venueApp.Session = venueSession;
        _venue = new FixAcceptor([venueSession], new AcceptorOptions());
        await _venue.StartAsync();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PortStress:Admin:Token"] = AdminToken,
            ["PortStress:Gate:ApprovalCredentials:0"] = ApproverCredential,
            ["PortStress:Control:TickInterval"] = "00:00:00.100",
        });
        builder.Configuration.AddInMemoryCollection(Settings());
        builder.Services.AddPortStressFix(o =>
        {
            o.StopTimeout = 5;
            o.Sessions.Add(new FixSessionOptions
            {
                ConnectionType = "initiator",
                BeginString = "FIX.4.4",
                SenderCompID = "DESK",
                TargetCompID = "XNAS",
                DataDictionary = Fix44Path,
                NonStopSession = true,
                SocketConnectHost = "127.0.0.1",
                SocketConnectPort = _venue.LocalEndPoint.Port,
            });
        });
        builder.Services.AddSingleton<IRecordSink<TickRecord>>(Ticks);
        builder.Services.AddPortStressExecution<DeskApplication>(builder.Configuration);
        builder.Services.AddPortStressMonitoring(builder.Configuration);
        builder.Services.AddPortStressAdmin(builder.Configuration);
        App = builder.Build();
        App.MapPortStressAdmin();
        await App.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(App.Urls.Single()) };
        var engine = Services.GetRequiredService<FixEngineHostedService>();
        await Eventually.WaitFor(() => engine.Sessions.Count == 1 && engine.Sessions[0].IsLoggedOn, "the desk session logged on");
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        if (_venue is not null)
            await _venue.DisposeAsync();
    }

    /// <summary>Submits one child order to the venue and returns its listener.</summary>
    public OrderListener Submit(bool urgencyOverride = false)
    {
        var listener = new OrderListener();
        Gate.Submit(new ChildOrderIntent
        {
            OrderId = Interlocked.Increment(ref _nextOrderId),
            Venue = "XNAS",
            Symbol = "AAPL",
            Side = OrderSide.Buy,
            Quantity = 100,
            LimitPrice = 190m,
            Urgency = urgencyOverride ? Urgency.High : Urgency.Normal,
            UrgencyOverride = urgencyOverride,
            DecisionTimestamp = TimeProvider.System.GetTimestamp(),
        }, listener);
        return listener;
    }

    public static HttpRequestMessage Post(string path, string? token, string? json = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null)
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        return request;
    }

    public sealed class OrderListener : IChildOrderListener
    {
        public ConcurrentQueue<string> Events { get; } = new();

        public void OnOutcome(in GateOutcome outcome) => Events.Enqueue($"outcome {outcome.Kind}");

        public void OnAcknowledged(ChildOrderIntent intent) => Events.Enqueue("ack");

        public void OnRejected(ChildOrderIntent intent, string reason) => Events.Enqueue("reject " + reason);

        public void OnFilled(ChildOrderIntent intent, decimal quantity, decimal price) => Events.Enqueue("fill");

        public void OnDone(ChildOrderIntent intent, decimal leavesQuantity) => Events.Enqueue("done");
    }

    private sealed class DeskApplication : ApplicationBase
    {
    }

    private sealed class FillingVenue : ApplicationBase
    {
        public Session? Session { get; set; }

        public override void FromApp(FixMessage message, SessionId sessionId)
        {
            foreach (var (execType, status) in new[] { ('0', '0'), ('F', '2') })
                Report(message.Body.GetString(Tags.ClOrdID)!, message.Body.GetDecimal(Tags.OrderQty), execType, status);
        }

        public void Report(string clOrdId, decimal quantity, char execType, char status)
        {
            {
                var report = new FixMessage();
                report.Header.Set(Tags.MsgType, "8");
                report.Body.Set(Tags.OrderID, "V1");
                report.Body.Set(Tags.ExecID, Guid.NewGuid().ToString("N"));
                report.Body.Set(Tags.ClOrdID, clOrdId);
                report.Body.Set(Tags.ExecType, execType);
                report.Body.Set(Tags.OrdStatus, status);
                report.Body.Set(Tags.Symbol, "AAPL");
                report.Body.Set(Tags.Side, '1');
                report.Body.Set(Tags.OrderQty, quantity);
                report.Body.Set(Tags.LeavesQty, 0m);
                report.Body.Set(Tags.CumQty, execType == 'F' ? quantity : 0m);
                report.Body.Set(Tags.AvgPx, 190m);
                if (execType == 'F')
                {
                    report.Body.Set(Tags.LastQty, quantity);
                    report.Body.Set(Tags.LastPx, 190m);
                }
                Session!.Send(report);
            }
        }
    }
}
