using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PortStress.Control;
using PortStress.Execution;
using PortStress.Gateway.Tests.Monitoring;
using PortStress.Testing;

namespace PortStress.Gateway.Tests.Admin;

[Collection(GatewayHostCollection.Name)]
public sealed class AdminApiTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    [Fact]
    public async Task State_reads_the_live_snapshot_and_features()
    {
        await Eventually.WaitFor(() => host.Loop.TickCount > 2, "the loop ticked");
        using var json = JsonDocument.Parse(await host.Client.GetStringAsync("/admin/state"));
        var root = json.RootElement;
        root.GetProperty("state").GetString().Should().Be(host.Publisher.Current.State.ToString().ToUpperInvariant());
        root.GetProperty("version").GetInt64().Should().Be(host.Publisher.Current.Version);
        root.GetProperty("shadow").GetBoolean().Should().Be(host.Publisher.Current.IsShadow);
        root.GetProperty("stressProbability").GetDouble().Should().BeInRange(0, 1);
        root.GetProperty("features").GetProperty("ppr").GetDouble().Should().BeGreaterThanOrEqualTo(0);
        root.GetProperty("tickCount").GetInt64().Should().BeGreaterThan(0);
        root.GetProperty("parameters").GetProperty("clipTrim").GetDouble().Should().BeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public async Task Sessions_lists_every_engine_session_with_its_sequence_numbers()
    {
        using var json = JsonDocument.Parse(await host.Client.GetStringAsync("/admin/sessions"));
        var session = json.RootElement.EnumerateArray().Should().ContainSingle().Subject;
        session.GetProperty("id").GetString().Should().Be("FIX.4.4:DESK->XNAS");
        session.GetProperty("role").GetString().Should().Be("initiator");
        session.GetProperty("loggedOn").GetBoolean().Should().BeTrue();
        session.GetProperty("connected").GetBoolean().Should().BeTrue();
        session.GetProperty("nextSenderSeqNum").GetInt32().Should().BeGreaterThan(1, "the Logon went out");
        session.GetProperty("nextTargetSeqNum").GetInt32().Should().BeGreaterThan(1, "the Logon came back");
    }

    [Fact]
    public async Task Destinations_include_the_venue_with_its_connect_latency()
    {
        await Eventually.WaitFor(() => host.Loop.Status?.Signals.Destinations.Count > 0, "the connect reached the loop");
        var venue = $"127.0.0.1:{host.VenuePort}";
        JsonElement row = default;
        await Eventually.WaitFor(() =>
        {
            using var json = JsonDocument.Parse(host.Client.GetStringAsync("/admin/destinations").GetAwaiter().GetResult());
            var match = json.RootElement.GetProperty("destinations").EnumerateArray()
                .Where(d => d.GetProperty("destination").GetString() == venue).ToList();
            if (match.Count == 1)
                row = match[0].Clone();
            return match.Count == 1 && row.GetProperty("ctl95").ValueKind == JsonValueKind.Number;
        }, "the venue's row with CTL95");
        row.GetProperty("connectAttempts").GetInt64().Should().BeGreaterThan(0);
        row.GetProperty("cfr").GetDouble().Should().Be(0);
        row.GetProperty("ctl95").GetDouble().Should().BeInRange(0, 5);
    }

    [Fact]
    public async Task Writes_without_a_token_are_refused_401()
    {
        using var shadow = await host.Client.SendAsync(GatewayHost.Post("/admin/shadow", null, """{"enabled": true}"""));
        shadow.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        shadow.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
        using var approve = await host.Client.SendAsync(GatewayHost.Post("/admin/approvals/1/approve", null));
        approve.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using var deny = await host.Client.SendAsync(GatewayHost.Post("/admin/approvals/1/deny", null));
        deny.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        host.Loop.RequestedShadow.Should().BeFalse("a refused write changes nothing");
    }

    [Fact]
    public async Task Writes_with_a_wrong_token_are_refused_403()
    {
        using var shadow = await host.Client.SendAsync(GatewayHost.Post("/admin/shadow", "not-the-token-at-all-0000", """{"enabled": true}"""));
        shadow.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var approve = await host.Client.SendAsync(GatewayHost.Post("/admin/approvals/1/approve", "x"));
        approve.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        host.Loop.RequestedShadow.Should().BeFalse("a refused write changes nothing");
    }

    [Fact]
    public async Task Shadow_switch_with_the_token_is_applied_at_the_next_tick_and_recorded()
    {
        try
        {
            using var on = await host.Client.SendAsync(GatewayHost.Post("/admin/shadow", GatewayHost.AdminToken, """{"enabled": true}"""));
            on.StatusCode.Should().Be(HttpStatusCode.Accepted);
            (await on.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requested").GetBoolean().Should().BeTrue();
            await Eventually.WaitFor(() => host.Publisher.Current.IsShadow, "the next tick published a shadow snapshot");
            await Eventually.WaitFor(() => host.Ticks.Snapshot().Any(t => t.Shadow), "a tick recorded shadow = true");
            using var json = JsonDocument.Parse(await host.Client.GetStringAsync("/admin/state"));
            json.RootElement.GetProperty("shadow").GetBoolean().Should().BeTrue();
            json.RootElement.GetProperty("appliedState").GetString().Should().Be("GREEN");
        }
        finally
        {
            using var off = await host.Client.SendAsync(GatewayHost.Post("/admin/shadow", GatewayHost.AdminToken, """{"enabled": false}"""));
            off.StatusCode.Should().Be(HttpStatusCode.Accepted);
            await Eventually.WaitFor(() => !host.Publisher.Current.IsShadow, "shadow switched back off");
        }
    }

    [Fact]
    public async Task Shadow_switch_without_a_body_is_a_bad_request()
    {
        using var response = await host.Client.SendAsync(GatewayHost.Post("/admin/shadow", GatewayHost.AdminToken, "{}"));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_override_waits_in_approvals_and_is_sent_once_approved_with_the_token_and_a_credential()
    {
        var policy = host.Services.GetService(typeof(PortStress.Control.Policy.ControlPolicy)) as PortStress.Control.Policy.ControlPolicy;
        var current = host.Publisher.Current;
        host.Publisher.Publish(new ControlSnapshot(current.Version + 1000, StressState.Red, policy!.For(StressState.Red), false, 0.99, default, 0));
        try
        {
            var listener = host.Submit(urgencyOverride: true);
            JsonElement pending = default;
            await Eventually.WaitFor(() =>
            {
                using var json = JsonDocument.Parse(host.Client.GetStringAsync("/admin/approvals").GetAwaiter().GetResult());
                var items = json.RootElement.EnumerateArray().ToList();
                if (items.Count == 1)
                    pending = items[0].Clone();
                return items.Count == 1;
            }, "the override is pending");
            var id = pending.GetProperty("requestId").GetInt64();
            pending.GetProperty("venue").GetString().Should().Be("XNAS");
            pending.GetProperty("side").GetString().Should().Be("buy");
            pending.GetProperty("urgency").GetString().Should().Be("high");

            using (var noToken = await host.Client.SendAsync(GatewayHost.Post($"/admin/approvals/{id}/approve", null)))
                noToken.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            using (var badCredential = await host.Client.SendAsync(GatewayHost.Post($"/admin/approvals/{id}/approve", GatewayHost.AdminToken)))
            {
                badCredential.StatusCode.Should().Be(HttpStatusCode.Forbidden, "the admin token is not an approval credential here");
                (await badCredential.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString().Should().Be("invalid_credential");
            }
            listener.Events.Should().BeEmpty("nothing was decided yet");

            using var approved = await host.Client.SendAsync(GatewayHost.Post($"/admin/approvals/{id}/approve", GatewayHost.AdminToken,
                $$"""{"credential": "{{GatewayHost.ApproverCredential}}"}"""));
            approved.StatusCode.Should().Be(HttpStatusCode.OK);
            (await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString().Should().Be("approved");
            await Eventually.WaitFor(() => listener.Events.Contains("done"), "the approved order was sent and filled");
            listener.Events.Should().Contain($"outcome {GateOutcomeKind.HeldThenSent}", "the venue's ack may overtake the outcome call");
            (await host.Client.GetStringAsync("/admin/approvals")).Should().Be("[]");

            using var again = await host.Client.SendAsync(GatewayHost.Post($"/admin/approvals/{id}/deny", GatewayHost.AdminToken,
                $$"""{"credential": "{{GatewayHost.ApproverCredential}}"}"""));
            again.StatusCode.Should().Be(HttpStatusCode.NotFound, "the request was decided already");
        }
        finally
        {
            var now = host.Publisher.Current;
            host.Publisher.Publish(new ControlSnapshot(now.Version + 1, StressState.Green, ExecutionParameters.Standard, false, 0, default, 0));
        }
    }

    [Fact]
    public async Task Health_is_up_and_ready_once_the_engine_started_and_the_loop_ticks()
    {
        using var health = await host.Client.GetAsync("/healthz");
        health.StatusCode.Should().Be(HttpStatusCode.OK);
        JsonElement root = default;
        await Eventually.WaitFor(() =>
        {
            using var ready = host.Client.GetAsync("/readyz").GetAwaiter().GetResult();
            root = ready.Content.ReadFromJsonAsync<JsonElement>().GetAwaiter().GetResult();
            return ready.StatusCode == HttpStatusCode.OK;
        }, "ready", context: () => root.ToString());
        root.GetProperty("ready").GetBoolean().Should().BeTrue();
        root.GetProperty("checks").GetProperty("control").GetString().Should().Be("ok");
        root.GetProperty("checks").GetProperty("engine").GetString().Should().Be("ok");
    }
}
