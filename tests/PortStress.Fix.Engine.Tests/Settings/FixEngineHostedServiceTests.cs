using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PortStress.Fix.Engine.Hosting;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Engine.Tests.Sessions;
using static PortStress.Fix.Engine.Tests.EngineSettings.SettingsFixtures;
using static PortStress.Fix.Engine.Tests.Sessions.EngineFixtures;

namespace PortStress.Fix.Engine.Tests.EngineSettings;

/// <summary>The engine in a generic host: an acceptor host and an initiator host log on over loopback and log out on stop.</summary>
public sealed class FixEngineHostedServiceTests : IDisposable
{
    private readonly string _stores = Path.Combine(Path.GetTempPath(), $"portstress-hosted-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_stores))
        {
            Directory.Delete(_stores, recursive: true);
        }
    }

    private static IHost NewHost(RecordingApplication application, FixSessionOptions session)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IApplication>(application);
        builder.Services.AddPortStressFix(o =>
        {
            o.Sessions.Add(session);
            o.StopTimeout = 5;
        });
        return builder.Build();
    }

    [Fact]
    public async Task Hosted_engines_log_on_over_loopback_and_stop_logs_out_and_flushes_the_store()
    {
        var acceptorApp = new RecordingApplication();
        using var acceptorHost = NewHost(acceptorApp, new FixSessionOptions
        {
            ConnectionType = "acceptor",
            BeginString = "FIX.4.4",
            SenderCompID = "VENUE",
            TargetCompID = "GW",
            DataDictionary = SettingsFixtures.Fix44,
            NonStopSession = true,
            SocketAcceptHost = "127.0.0.1",
            SocketAcceptPort = 0,
        });
        await acceptorHost.StartAsync();
        var acceptorEngine = acceptorHost.Services.GetRequiredService<FixEngineHostedService>();
        var port = acceptorEngine.Acceptors.Should().ContainSingle().Subject.LocalEndPoint.Port;

        var initiatorApp = new RecordingApplication();
        using var initiatorHost = NewHost(initiatorApp, new FixSessionOptions
        {
            ConnectionType = "initiator",
            BeginString = "FIX.4.4",
            SenderCompID = "GW",
            TargetCompID = "VENUE",
            DataDictionary = SettingsFixtures.Fix44,
            NonStopSession = true,
            HeartBtInt = 5,
            SocketConnectHost = "127.0.0.1",
            SocketConnectPort = port,
            FileStorePath = _stores,
            FileStoreFlushPolicy = "EveryMessage",
        });
        await initiatorHost.StartAsync();
        var initiator = initiatorHost.Services.GetRequiredService<FixEngineHostedService>().Sessions.Should().ContainSingle().Subject;
        var acceptor = acceptorEngine.Sessions.Single();

        await WaitFor(() => initiator.IsLoggedOn && acceptor.IsLoggedOn, "both hosted sessions logged on");
        acceptor.HeartBtInt.Should().Be(TimeSpan.FromSeconds(5));

        await initiatorHost.StopAsync();

        initiatorApp.Events.Should().Contain("logout");
        await WaitFor(() => acceptorApp.Events.Contains("logout"), "the acceptor saw the logout");
        acceptorApp.FromAdminMessages.Should().Contain(m => m.Contains("|35=5|", StringComparison.Ordinal), "the initiator sent a Logout");
        using (var reopened = new FileStore(_stores, FileStore.FileNameFor(initiator.Id), StoreFlushPolicy.EveryMessage))
        {
            reopened.NextSenderSeqNum.Should().Be(3, "Logon and Logout were stored and flushed");
        }

        await acceptorHost.StopAsync();
        acceptorEngine.Acceptors.Should().BeEmpty();
    }

    [Fact]
    public async Task A_host_with_invalid_settings_does_not_start_and_lists_every_problem()
    {
        using var host = NewHost(new RecordingApplication(), new FixSessionOptions
        {
            ConnectionType = "initiator",
            BeginString = "FIX.4.4",
            SenderCompID = "GW",
            TargetCompID = "VENUE",
            HeartBtInt = 0,
            NonStopSession = true,
            SocketConnectHost = "127.0.0.1",
            SocketConnectPort = 0,
        });

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>()).Which.Failures.Should().BeEquivalentTo(
            "Sessions[0] FIX.4.4:GW->VENUE: HeartBtInt must be a whole number of seconds 1..3600 (got '0')",
            "Sessions[0] FIX.4.4:GW->VENUE: SocketConnectPort must be 1..65535 (got '0')",
            "Sessions[0] FIX.4.4:GW->VENUE: DataDictionary is required when UseDataDictionary=Y (set UseDataDictionary=N to run without validation)");
    }
}
