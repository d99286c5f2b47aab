using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PortStress.Control;
using PortStress.Control.Loop;
using PortStress.Execution.Gate;
using PortStress.Execution.Hosting;
using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Hosting;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Protocol;
using PortStress.Fix.Protocol.Dictionary;
using PortStress.Telemetry;
using PortStress.Testing;

namespace PortStress.Execution.Tests.Hosting;

/// <summary>The in-process shape: a trading app's host with the engine and the middleware, against a venue on loopback.</summary>
public sealed class InProcessHostTests
{
    private static readonly string Fix44Path = SharedMaterial.InRepository("fixspec", "FIX44.xml");

    [Fact]
    public async Task Child_orders_submitted_in_process_reach_the_venue_and_its_fills_come_back_while_the_ring_sees_the_session()
    {
        var venueApp = new FillingVenue();
        var venueSession = new Session(new SessionSettings
        {
            SessionId = new SessionId("FIX.4.4", "XNAS", "DESK"),
            ConnectionType = ConnectionType.Acceptor,
            HeartBtInt = TimeSpan.FromSeconds(30),
        }, venueApp, new MemoryStore(), DataDictionary.Load(Fix44Path));
        venueApp.Session = venueSession;
        await using var venue = new FixAcceptor([venueSession], new AcceptorOptions());
        await venue.StartAsync();

        var builder = Host.CreateApplicationBuilder();
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
                SocketConnectPort = venue.LocalEndPoint.Port,
            });
        });
        builder.Services.AddPortStressExecution<DeskApplication>();
        builder.Services.Configure<ControlOptions>(o => o.SampleSockets = false);
        using var host = builder.Build();
        await host.StartAsync();

        var registrar = host.Services.GetRequiredService<VenueSessionRegistrar>();
        var desk = registrar.Registered.Should().ContainSingle().Subject;
        desk.Venue.Should().Be("XNAS", "an unlisted session serves the venue its TargetCompID names");
        await Eventually.WaitFor(() => desk.IsLoggedOn, "the desk's session logged on");

        var submitter = host.Services.GetRequiredService<IChildOrderSubmitter>();
        submitter.Should().BeOfType<ChildOrderGate>();
        var listener = new Listener();
        var intent = new ChildOrderIntent
        {
            OrderId = 77,
            Venue = "XNAS",
            Symbol = "AAPL",
            Side = OrderSide.Buy,
            Quantity = 200,
            LimitPrice = 190m,
            DecisionTimestamp = TimeProvider.System.GetTimestamp(),
        };
        submitter.Submit(intent, listener);

        await Eventually.WaitFor(() => listener.Filled == 200 && listener.Events.Contains("outcome Sent 200"), "filled through the in-process gate");
        // The gate reports the outcome once the session has taken the order; the venue's answers arrive on the session's
        // own thread and may overtake that report, so only their order among themselves is fixed.
        listener.Events.Should().ContainSingle(e => e.StartsWith("outcome", StringComparison.Ordinal)).Which.Should().Be("outcome Sent 200");
        listener.Events.Where(e => !e.StartsWith("outcome", StringComparison.Ordinal)).Should().Equal("ack", "fill 200", "done");
        venueApp.Orders.Should().ContainSingle().Which.Should().Contain("|11=77|");
        host.Services.GetRequiredService<DeskApplication>().Reports.Should().BeGreaterThan(0, "the desk's own application still sees every report");

        var loop = host.Services.GetRequiredService<ControlLoop>();
        await Eventually.WaitFor(() => loop.Signals.LogonLatency.Count(TimeProvider.System.GetTimestamp()) > 0, "the logon reached the control loop through the ring");
        loop.State.Should().Be(StressState.Green);

        await host.StopAsync();
    }

    private sealed class DeskApplication : ApplicationBase
    {
        private int _reports;

        public int Reports => Volatile.Read(ref _reports);

        public override void FromApp(FixMessage message, SessionId sessionId) => Interlocked.Increment(ref _reports);
    }

    private sealed class Listener : IChildOrderListener
    {
        private decimal _filled;

        public ConcurrentQueue<string> Events { get; } = new();

        public decimal Filled
        {
            get
            {
                lock (Events)
                    return _filled;
            }
        }

        public void OnOutcome(in GateOutcome outcome) => Events.Enqueue($"outcome {outcome.Kind} {outcome.SentQuantity}");

        public void OnAcknowledged(ChildOrderIntent intent) => Events.Enqueue("ack");

        public void OnRejected(ChildOrderIntent intent, string reason) => Events.Enqueue("reject " + reason);

        public void OnFilled(ChildOrderIntent intent, decimal quantity, decimal price)
        {
            lock (Events)
                _filled += quantity;
            Events.Enqueue($"fill {quantity}");
        }

        public void OnDone(ChildOrderIntent intent, decimal leavesQuantity) => Events.Enqueue("done");
    }

    private sealed class FillingVenue : ApplicationBase
    {
        public Session? Session { get; set; }

        public ConcurrentQueue<string> Orders { get; } = new();

        public override void FromApp(FixMessage message, SessionId sessionId)
        {
            Orders.Enqueue(message.ToString());
            foreach (var (execType, status, cum) in new[] { ('0', '0', 0m), ('F', '2', message.Body.GetDecimal(Tags.OrderQty)) })
            {
                var report = new FixMessage();
                report.Header.Set(Tags.MsgType, "8");
                report.Body.Set(Tags.OrderID, "V1");
                report.Body.Set(Tags.ExecID, Guid.NewGuid().ToString("N"));
                report.Body.Set(Tags.ClOrdID, message.Body.GetString(Tags.ClOrdID)!);
                report.Body.Set(Tags.ExecType, execType);
                report.Body.Set(Tags.OrdStatus, status);
                report.Body.Set(Tags.Symbol, "AAPL");
                report.Body.Set(Tags.Side, '1');
                report.Body.Set(Tags.OrderQty, message.Body.GetDecimal(Tags.OrderQty));
                report.Body.Set(Tags.LeavesQty, message.Body.GetDecimal(Tags.OrderQty) - cum);
                report.Body.Set(Tags.CumQty, cum);
                report.Body.Set(Tags.AvgPx, 190m);
                if (cum > 0)
                {
                    report.Body.Set(Tags.LastQty, cum);
                    report.Body.Set(Tags.LastPx, 190m);
                }

                Session!.Send(report);
            }
        }
    }
}
