using System.Text.Json;
using PortStress.Fix.Engine;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Protocol.Dictionary;
using PortStress.Gateway.Bench;
using PortStress.Testing;

namespace PortStress.Gateway.Tests.Probe;

public sealed class ProbeCommandTests
{
    private static readonly string Dictionary = SharedMaterial.InRepository("fixspec", "FIX44.xml");

    [Fact]
    public async Task Probe_logs_on_times_test_orders_and_logs_out_against_a_real_acceptor()
    {
        var app = new AcknowledgingVenueApplication();
        var session = new Session(
            new SessionSettings { SessionId = new SessionId("FIX.4.4", "VENUE", "GW"), ConnectionType = ConnectionType.Acceptor },
            app, new MemoryStore(), DataDictionary.Load(Dictionary));
        app.Session = session;
        await using var acceptor = new FixAcceptor([session], new AcceptorOptions());
        await acceptor.StartAsync();
        var cfg = WriteConfig(acceptor.LocalEndPoint.Port);

        var (exit, output, error) = CommandRunner.Run("probe", "--settings", cfg, "--orders", "5", "--json");

        exit.Should().Be(0, error + output);
        var result = JsonDocument.Parse(output).RootElement[0];
        result.GetProperty("loggedOn").GetBoolean().Should().BeTrue();
        result.GetProperty("ordersSent").GetInt32().Should().Be(5);
        result.GetProperty("ordersAnswered").GetInt32().Should().Be(5);
        result.GetProperty("connectMs").GetDouble().Should().BePositive();
        result.GetProperty("logonMs").GetDouble().Should().BePositive();
        result.GetProperty("roundTripMs").GetProperty("p99").GetDouble().Should().BePositive();
        result.GetProperty("loggedOutCleanly").GetBoolean().Should().BeTrue();
        app.Refused.Should().Be(0);
    }

    [Fact]
    public void Probe_reports_a_refused_connection_with_its_cause()
    {
        var cfg = WriteConfig(port: FreePort());
        var (exit, output, _) = CommandRunner.Run("probe", "--settings", cfg, "--timeout", "2");
        exit.Should().Be(1);
        output.Should().Contain("FAILED: connect to 127.0.0.1").And.Contain("ConnectionRefused");
    }

    [Fact]
    public void Probe_names_bad_settings_and_exits_2()
    {
        var cfg = Path.Combine(Path.GetTempPath(), $"probe-bad-{Guid.NewGuid():N}.cfg");
        File.WriteAllText(cfg, "[SESSION]\nConnectionType=initiator\nBeginString=FIX.4.4\nSenderCompID=GW\nTargetCompID=VENUE\nHeartBtInt=x\nBogusKey=1\n");
        var (exit, _, error) = CommandRunner.Run("probe", "--settings", cfg);
        exit.Should().Be(2);
        error.Should().Contain("HeartBtInt").And.Contain("BogusKey");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string WriteConfig(int port)
    {
        var path = Path.Combine(Path.GetTempPath(), $"probe-{Guid.NewGuid():N}.cfg");
        File.WriteAllText(path, $"""
            [DEFAULT]
            BeginString=FIX.4.4
            SenderCompID=GW
            NonStopSession=Y
            HeartBtInt=30
            DataDictionary={Dictionary}

            [SESSION]
            ConnectionType=initiator
            TargetCompID=VENUE
            SocketConnectHost=127.0.0.1
            SocketConnectPort={port}
            ConnectTimeout=2
            """);
        return path;
    }
}
