using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using PortStress.Control.Hosting;
using PortStress.Control.Loop;
using PortStress.Control.Policy;
using PortStress.Telemetry;

namespace PortStress.Control.Tests.Hosting;

public class ControlHostingTests
{
    private static IConfiguration Json(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

    [Fact]
    public void Options_bind_from_the_section_with_defaults_for_the_rest()
    {
        var configuration = Json("""
            { "PortStress": { "Control": {
                "TickInterval": "00:00:00.100", "Shadow": true,
                "Decoder": { "YellowEntryProbability": 0.6, "RedMinimumDwell": "00:01:00" },
                "Policy": { "Red": { "MaxConcurrentNewSessions": 0 } },
                "Classifier": { "Intercept": -3, "PortPressure": { "Weight": 2.5 } } } } }
            """);
        var services = new ServiceCollection().AddPortStressControl(configuration.GetSection(ControlOptions.SectionName));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<ControlOptions>>().Value;
        options.TickInterval.Should().Be(TimeSpan.FromMilliseconds(100));
        options.Shadow.Should().BeTrue();
        options.Decoder.YellowEntryProbability.Should().Be(0.6);
        options.Decoder.YellowExitProbability.Should().Be(0.3);
        options.Decoder.RedMinimumDwell.Should().Be(TimeSpan.FromMinutes(1));
        options.Policy.Red.MaxConcurrentNewSessions.Should().Be(0);
        options.Policy.Red.ContainNonUrgent.Should().BeTrue("unset keys keep their defaults");
        options.Classifier.Intercept.Should().Be(-3);
        options.Classifier.PortPressure.Weight.Should().Be(2.5);
        options.Classifier.PortPressure.Scale.Should().Be(0.1, "binding into the default coefficient keeps its other values");
    }

    [Fact]
    public async Task Invalid_options_fail_the_host_start_listing_every_problem_with_its_key()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes("""
            { "PortStress": { "Control": {
                "TickInterval": "00:00:00.001",
                "Decoder": { "YellowExitProbability": 0.7, "OrangeExitMinimumSignals": 4 },
                "Policy": { "Orange": { "ClipTrim": 1.5 } },
                "Classifier": { "RetryBurstIndex": { "Scale": 0 } } } } }
            """)));
        builder.Services.AddPortStressControl(builder.Configuration.GetSection(ControlOptions.SectionName), o => o.SampleSockets = false);
        using var host = builder.Build();
        var act = () => host.StartAsync();
        var error = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Failures.Should().Contain("PortStress:Control:TickInterval must be between 00:00:00.010 and 00:01:00 (got 00:00:00.0010000)");
        error.Failures.Should().Contain("PortStress:Control:Decoder:YellowExitProbability (0.7) must be below PortStress:Control:Decoder:YellowEntryProbability (0.5): exit thresholds sit below entry thresholds");
        error.Failures.Should().Contain("PortStress:Control:Decoder:OrangeExitMinimumSignals must be between 1 and 3");
        error.Failures.Should().Contain("PortStress:Control:Policy:Orange:ClipTrim must be at least 0 and below 1 (a fraction of the clip; got 1.5)");
        error.Failures.Should().Contain("PortStress:Control:Classifier:RetryBurstIndex: Scale must be a finite number above 0 and Mean and Weight finite (got Mean 0.1, Scale 0, Weight 0.5)");
        error.Failures.Should().HaveCount(5, "each problem once");
    }

    [Fact]
    public async Task The_host_runs_the_loop_and_shares_one_ring_and_one_publisher()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"portstress-control-{Guid.NewGuid():N}");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddPortStressControl(o =>
        {
            o.SampleSockets = false;
            o.TickInterval = TimeSpan.FromMilliseconds(20);
            o.RecordsDirectory = directory;
        });
        using (var host = builder.Build())
        {
            var publisher = host.Services.GetRequiredService<ControlSnapshotPublisher>();
            host.Services.GetRequiredService<IControlSnapshotSource>().Should().BeSameAs(publisher);
            host.Services.GetRequiredService<ControlPolicy>().For(StressState.Red).ContainNonUrgent.Should().BeTrue();
            var loop = host.Services.GetRequiredService<ControlLoop>();
            var ring = host.Services.GetRequiredService<TransportEventRing>();
            await host.StartAsync();
            var published = new TaskCompletionSource<ControlSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
            publisher.Published += s => published.TrySetResult(s);
            for (var i = 0; i < 12; i++)
            {
                ring.TryPublish(new TransportEvent(TransportEventKind.ConnectAttempt, new DestinationId(1), TimeProvider.System.GetTimestamp()));
                ring.TryPublish(new TransportEvent(TransportEventKind.ConnectFailed, new DestinationId(1), TimeProvider.System.GetTimestamp(), cause: (byte)ConnectFailureCause.Refused));
            }
            var snapshot = await published.Task.WaitAsync(TimeSpan.FromSeconds(30));
            snapshot.State.Should().Be(StressState.Red);
            await host.StopAsync();
            loop.TickCount.Should().BeGreaterThan(0);
        }
        var ticks = await File.ReadAllLinesAsync(Path.Combine(directory, "ticks.jsonl"));
        ticks.Should().NotBeEmpty();
        var transitions = await File.ReadAllLinesAsync(Path.Combine(directory, "transitions.jsonl"));
        transitions.Should().ContainSingle().Which.Should().Contain("\"to\":\"RED\"").And.Contain("\"rule\":\"repeatedConnectFailures\"");
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task With_socket_sampling_on_the_host_starts_ticks_and_stops_cleanly()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddFakeLogging();
        builder.Services.AddPortStressControl(o => o.TickInterval = TimeSpan.FromMilliseconds(20));
        using var host = builder.Build();
        var loop = host.Services.GetRequiredService<ControlLoop>();
        await host.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (loop.TickCount < 5 && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        await host.StopAsync();
        loop.TickCount.Should().BeGreaterThanOrEqualTo(5);
        var logs = host.Services.GetFakeLogCollector().GetSnapshot();
        logs.Should().NotContain(r => r.Id.Id == ControlEventId.SamplerFailed || r.Id.Id == ControlEventId.TickFailed);
        logs.Should().Contain(r => r.Id.Id == ControlEventId.LoopStarted).And.Contain(r => r.Id.Id == ControlEventId.LoopStopped);
        if (OperatingSystem.IsLinux())
            loop.LastSocketPressure.Timestamp.Should().NotBe(0, "the sampler pushed its first sample at start");
        else
            logs.Should().Contain(r => r.Id.Id == ControlEventId.SamplerUnavailable, "there is no socket table to sample off Linux");
    }
}
