using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PortStress.Control;
using PortStress.Control.Loop;
using PortStress.Control.Records;
using PortStress.Gateway.Hosting;
using PortStress.Gateway.Tests.Hosting;
using PortStress.Testing;
using PortStress.Venue;
using AdminHost = PortStress.Gateway.Tests.Monitoring.GatewayHost;

namespace PortStress.Gateway.Tests.Admin;

/// <summary>
/// The run host keeps the admin API's shadow-mode switch across restarts (PortStress:Gateway:AdminStatePath): a real
/// gateway from a config dir, stopped and started again on the same dir.
/// </summary>
[Collection(GatewayHostCollection.Name)]
public sealed class ShadowOverrideTests : IAsyncLifetime
{
    // AdminLog event ids.
    private const int OverrideApplied = 6304;
    private const int OverrideCaughtUp = 6305;
    private const int OverrideUnreadable = 6306;
    private const int SwitchNotPersisted = 6307;

    private VenueSimulator _venue = null!;
    private GatewayConfigDir _config = null!;

    private string StatePath => Path.Combine(_config.Directory, "state", "admin.json");

    private JsonObject Control => (JsonObject)_config.PortStress["Control"]!;

    public async Task InitializeAsync()
    {
        _venue = await GatewayConfigDir.StartVenueAsync(seed: 5);
        _config = new GatewayConfigDir(_venue.LocalEndPoint.Port, upstreamPort: FreePort());
        ((JsonObject)_config.PortStress["Admin"]!)["Token"] = AdminHost.AdminToken;
        Control["Shadow"] = false;
        ((JsonObject)_config.AppSettings["Logging"]!["LogLevel"]!)["PortStress.Gateway.Admin"] = "Information";
    }

    public async Task DisposeAsync()
    {
        await _venue.DisposeAsync();
        _config.Dispose();
    }

    [Fact]
    public async Task A_shadow_switch_survives_a_restart_from_the_first_tick_and_switching_back_to_config_ends_it()
    {
        await using (var first = await Run.StartAsync(_config.Write()))
        {
            first.Loop.Shadow.Should().BeFalse("the config says Shadow false");
            var on = await first.SwitchAsync(true);
            on.GetProperty("persisted").GetBoolean().Should().BeTrue();
            var saved = Json(await File.ReadAllTextAsync(StatePath));
            saved.GetProperty("shadow").GetBoolean().Should().BeTrue();
            saved.GetProperty("remote").GetString().Should().Be("127.0.0.1");
            await Eventually.WaitFor(() => first.Loop.Shadow, "the switch applied at the next tick");
        }

        await using (var second = await Run.StartAsync(_config.Directory))
        {
            second.ShadowAtConstruction.Should().BeTrue("the override is applied before the loop is built, so before its first tick");
            await Eventually.WaitFor(() => second.Ticks.Snapshot().Count >= 3, "three ticks");
            second.Ticks.Snapshot().Should().OnlyContain(t => t.Shadow, "no tick ran in the configured (enforcing) mode");
            second.Published.Where(s => !s.IsShadow).Should().BeEmpty("no snapshot was published in the configured mode");
            second.Published.Should().NotBeEmpty("the first tick publishes the snapshot of the mode in force");
            second.Log(OverrideApplied).Should().ContainSingle().Which.Should().Match<FakeLogRecord>(r => r.Level == LogLevel.Warning
                && r.Message.Contains("shadow mode is on from an admin switch made at ", StringComparison.Ordinal)
                && r.Message.Contains("from 127.0.0.1, overriding PortStress:Control:Shadow=false", StringComparison.Ordinal)
                && r.Message.Contains("POST /admin/shadow {\"enabled\": false}", StringComparison.Ordinal));
            var state = await second.StateAsync();
            state.GetProperty("shadowRequested").GetBoolean().Should().BeTrue();
            state.GetProperty("shadow").GetBoolean().Should().BeTrue("the snapshot in force says shadow from the first tick");
            state.GetProperty("shadowSource").GetString().Should().MatchRegex(@"^admin switch at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ from 127\.0\.0\.1$");

            var off = await second.SwitchAsync(false);
            off.GetProperty("persisted").GetBoolean().Should().BeTrue();
            File.Exists(StatePath).Should().BeFalse("back in the configured mode, the configuration is in force again");
            (await second.StateAsync()).GetProperty("shadowSource").GetString().Should().Be("config");
        }

        await using var third = await Run.StartAsync(_config.Directory);
        third.ShadowAtConstruction.Should().BeFalse();
        await Eventually.WaitFor(() => third.Ticks.Snapshot().Count >= 2, "two ticks");
        third.Ticks.Snapshot().Should().OnlyContain(t => !t.Shadow);
        third.Log(OverrideApplied).Should().BeEmpty();
    }

    [Fact]
    public async Task An_override_the_config_has_caught_up_with_is_deleted_on_start()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(StatePath)!);
        await File.WriteAllTextAsync(StatePath, """{"shadow": true, "switchedAt": "2025-06-02T09:15:00Z", "remote": "10.0.0.7"}""");
        Control["Shadow"] = true;

        await using var gateway = await Run.StartAsync(_config.Write());

        File.Exists(StatePath).Should().BeFalse();
        gateway.ShadowAtConstruction.Should().BeTrue();
        gateway.Log(OverrideCaughtUp).Should().ContainSingle().Which.Should().Match<FakeLogRecord>(r => r.Level == LogLevel.Information
            && r.Message.Contains("PortStress:Control:Shadow=true now matches the admin switch made at 2025-06-02T09:15:00Z from 10.0.0.7", StringComparison.Ordinal));
        gateway.Log(OverrideApplied).Should().BeEmpty();
        (await gateway.StateAsync()).GetProperty("shadowSource").GetString().Should().Be("config");
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{"shadow": true}""")]
    public async Task An_override_file_that_cannot_be_parsed_is_logged_and_the_configured_mode_runs(string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(StatePath)!);
        await File.WriteAllTextAsync(StatePath, content);

        await using var gateway = await Run.StartAsync(_config.Write());

        gateway.ShadowAtConstruction.Should().BeFalse("the config says Shadow false");
        await Eventually.WaitFor(() => gateway.Ticks.Snapshot().Count >= 2, "two ticks");
        gateway.Ticks.Snapshot().Should().OnlyContain(t => !t.Shadow);
        gateway.Log(OverrideUnreadable).Should().ContainSingle().Which.Should().Match<FakeLogRecord>(r => r.Level == LogLevel.Error
            && r.Message.Contains(StatePath, StringComparison.Ordinal) && r.Message.Contains("PortStress:Control:Shadow=false", StringComparison.Ordinal));

        // The next switch replaces the file.
        (await gateway.SwitchAsync(true)).GetProperty("persisted").GetBoolean().Should().BeTrue();
        Json(await File.ReadAllTextAsync(StatePath)).GetProperty("shadow").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task A_switch_that_cannot_be_saved_still_applies_and_says_so()
    {
        ((JsonObject)_config.PortStress["Gateway"]!)["AdminStatePath"] = "blocked/admin.json";
        _config.Write();
        await File.WriteAllTextAsync(Path.Combine(_config.Directory, "blocked"), "a file where the folder should be");

        await using var gateway = await Run.StartAsync(_config.Directory);
        var response = await gateway.SwitchAsync(true);

        response.GetProperty("persisted").GetBoolean().Should().BeFalse();
        response.GetProperty("requested").GetBoolean().Should().BeTrue();
        await Eventually.WaitFor(() => gateway.Loop.Shadow, "the switch applied at the next tick all the same");
        gateway.Log(SwitchNotPersisted).Should().ContainSingle().Which.Level.Should().Be(LogLevel.Error);
        (await gateway.StateAsync()).GetProperty("shadowSource").GetString().Should().EndWith("from 127.0.0.1, not persisted");
    }

    private static JsonElement Json(string text)
    {
        using var json = JsonDocument.Parse(text);
        return json.RootElement.Clone();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A started run host with its tick records, published snapshots and log captured from before the start.</summary>
    private sealed class Run : IAsyncDisposable
    {
        private readonly GatewayHost _gateway;
        private readonly HttpClient _client;

        private Run(GatewayHost gateway, MemoryRecordSink<TickRecord> ticks)
        {
            _gateway = gateway;
            Ticks = ticks;
            Loop = gateway.Services.GetRequiredService<ControlLoop>();
            ShadowAtConstruction = Loop.Shadow;
            Loop.TickCount.Should().Be(0, "nothing has started yet");
            gateway.Services.GetRequiredService<ControlSnapshotPublisher>().Published += Published.Enqueue;
            _client = new HttpClient();
        }

        public ControlLoop Loop { get; }

        /// <summary>The loop's mode when it was built, before the host started and so before any tick.</summary>
        public bool ShadowAtConstruction { get; }

        public MemoryRecordSink<TickRecord> Ticks { get; }

        public ConcurrentQueue<ControlSnapshot> Published { get; } = new();

        public static async Task<Run> StartAsync(string directory)
        {
            var builder = GatewayHost.CreateBuilder(directory);
            builder.Web.Logging.ClearProviders().AddFakeLogging();
            var ticks = new MemoryRecordSink<TickRecord>();
            builder.Services.AddSingleton<IRecordSink<TickRecord>>(ticks);
            var run = new Run(builder.Build(), ticks);
            await run._gateway.StartAsync();
            run._client.BaseAddress = new Uri(run._gateway.AdminAddresses[0]);
            return run;
        }

        public IReadOnlyList<FakeLogRecord> Log(int eventId) =>
            [.. _gateway.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Id.Id == eventId)];

        public async Task<JsonElement> SwitchAsync(bool enabled)
        {
            using var response = await _client.SendAsync(AdminHost.Post("/admin/shadow", AdminHost.AdminToken, $$"""{"enabled": {{(enabled ? "true" : "false")}}}"""));
            response.StatusCode.Should().Be(HttpStatusCode.Accepted);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        public async Task<JsonElement> StateAsync() => Json(await _client.GetStringAsync(new Uri("/admin/state", UriKind.Relative)));

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            await _gateway.StopAsync();
            await _gateway.DisposeAsync();
        }
    }
}
