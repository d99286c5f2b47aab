using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PortStress.Fix.Engine.Hosting;
using PortStress.Telemetry;
using PortStress.Testing;

namespace PortStress.Gateway.Tests.Monitoring;

/// <summary>
/// Ties config/grafana/portstress-dashboard.json and config/prometheus/portstress-alerts.yml to reality: the alert file
/// parses as a Prometheus rule file, the dashboard as a Grafana model with the required panels, and every metric either
/// references exists in a real scrape of a gateway that went through a logon, orders, a state transition, an approval,
/// a sequence gap and a logout.
/// </summary>
[Collection(GatewayHostCollection.Name)]
public sealed partial class MonitoringConfigTests(MonitoringConfigTests.BusyGateway host) : IClassFixture<MonitoringConfigTests.BusyGateway>
{
    private static readonly string DashboardPath = SharedMaterial.InRepository("config", "grafana", "portstress-dashboard.json");
    private static readonly string AlertsPath = SharedMaterial.InRepository("config", "prometheus", "portstress-alerts.yml");

    [Fact]
    public void The_alert_rules_parse_as_a_prometheus_rule_file_with_the_required_alerts()
    {
        var rules = PrometheusRules.Load(AlertsPath);
        rules.Select(r => r.Alert).Should().Contain(["PortStressYellow", "PortStressOrange", "PortStressRed", "PortStressRingDrops"]);
        rules.Should().OnlyContain(r => r.Labels.ContainsKey("severity") && r.Annotations.ContainsKey("summary"));
        rules.Single(r => r.Alert == "PortStressRed").Expr.Should().Contain("portstress_control_state").And.Contain("== 3");
        rules.Single(r => r.Alert == "PortStressRingDrops").Expr.Should().Contain("portstress_ring_events_dropped_total");
    }

    [Fact]
    public void The_dashboard_is_a_grafana_model_with_the_required_panels()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        var panels = json.RootElement.GetProperty("panels").EnumerateArray().ToList();
        panels.Select(p => p.GetProperty("id").GetInt32()).Should().OnlyHaveUniqueItems();
        panels.Should().Contain(p => p.GetProperty("type").GetString() == "state-timeline" && p.GetProperty("title").GetString()!.Contains("state", StringComparison.OrdinalIgnoreCase));
        var titles = panels.Select(p => p.GetProperty("title").GetString()!).ToList();
        foreach (var required in new[] { "PPR", "TWR", "CFR", "CTL95", "RBI", "DSD95", "Sessions" })
            titles.Should().Contain(t => t.Contains(required, StringComparison.Ordinal), $"a panel shows {required}");
        panels.Should().OnlyContain(p => p.GetProperty("targets").GetArrayLength() > 0 && p.GetProperty("gridPos").ValueKind == JsonValueKind.Object);
    }

    [Fact]
    public async Task Every_metric_the_dashboard_and_the_alerts_use_is_in_a_real_scrape()
    {
        var referenced = MetricNames(File.ReadAllText(DashboardPath))
            .Concat(PrometheusRules.Load(AlertsPath).SelectMany(r => MetricNames(r.Expr)))
            .ToHashSet(StringComparer.Ordinal);
        referenced.Should().HaveCountGreaterThan(20);
        await host.Exercise();

        var scrape = await MetricsScrapeTests.ScrapeUntil(host, s => referenced.All(s.Names.Contains), "every referenced metric");
        scrape.Names.Should().Contain(referenced);
    }

    private static IEnumerable<string> MetricNames(string text) => MetricName().Matches(text).Select(m => m.Value).Distinct();

    [GeneratedRegex(@"\bportstress_[a-z0-9_]+")]
    private static partial Regex MetricName();

    /// <summary>A gateway that samples sockets every second (so the TIME_WAIT rate exists) and goes through the motions once.</summary>
    public sealed class BusyGateway : GatewayHost
    {
        private readonly SemaphoreSlim _once = new(1, 1);
        private bool _done;

        protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
            [new("PortStress:Control:Sampler:CalmInterval", "00:00:01")];

        public async Task Exercise()
        {
            await _once.WaitAsync();
            try
            {
                if (_done)
                    return;
                var order = Submit();
                await Eventually.WaitFor(() => order.Events.Contains("done"), "an order filled");

                // Twelve failed connects in the ring: the loop escalates to RED (a transition).
                var ring = Services.GetRequiredService<TransportEventRing>();
                var time = TimeProvider.System;
                for (var i = 0; i < 12; i++)
                {
                    ring.TryPublish(new TransportEvent(TransportEventKind.ConnectAttempt, new DestinationId(1), time.GetTimestamp()));
                    ring.TryPublish(new TransportEvent(TransportEventKind.ConnectFailed, new DestinationId(1), time.GetTimestamp(), cause: (byte)ConnectFailureCause.AddressNotAvailable));
                }
                await Eventually.WaitFor(() => Publisher.Current.State == PortStress.Control.StressState.Red, "RED");

                // An urgency override waits for approval in RED; deny it (an approval and a gate action).
                var urgent = Submit(urgencyOverride: true);
                await Eventually.WaitFor(() => Gate.Approvals.PendingCount == 1, "a pending approval");
                Gate.Approvals.Deny(Gate.Approvals.Pending()[0].RequestId, ApproverCredential);
                await Eventually.WaitFor(() => !urgent.Events.IsEmpty, "the denial");

                // A sequence gap from the venue: the desk asks for a resend.
                var engine = Services.GetRequiredService<FixEngineHostedService>();
                var expected = engine.Sessions[0].NextTargetSeqNum;
                VenueStore.IncrementNextSenderSeqNum();
                SendVenueReport("unknown-1");
                await Eventually.WaitFor(() => engine.Sessions[0].NextTargetSeqNum >= expected + 2, "the gap was filled");

                // Logout: a disconnect.
                var session = engine.Sessions[0];
                session.Logout("exercise over");
                await Eventually.WaitFor(() => !session.IsConnected, "logged out");
                _done = true;
            }
            finally
            {
                _once.Release();
            }
        }
    }
}

public sealed class MiniYamlTests
{
    [Fact]
    public void Block_mappings_sequences_and_quoted_scalars_parse()
    {
        var root = (Dictionary<string, object?>)MiniYaml.Parse("""
            # comment
            groups:
              - name: "g # not a comment"
                rules:
                  - alert: A
                    expr: 'x == 1'
                    labels:
                      severity: info
            """)!;
        var group = (Dictionary<string, object?>)((List<object?>)root["groups"]!)[0]!;
        group["name"].Should().Be("g # not a comment");
        var rule = (Dictionary<string, object?>)((List<object?>)group["rules"]!)[0]!;
        rule["expr"].Should().Be("x == 1");
        ((Dictionary<string, object?>)rule["labels"]!)["severity"].Should().Be("info");
    }

    [Theory]
    [InlineData("a:\n\tb: 1")]
    [InlineData("a: {b: 1}")]
    [InlineData("a: \"unterminated")]
    [InlineData("a: 1\n  b: 2")]
    [InlineData("a: 1\na: 2")]
    public void Anything_outside_the_subset_is_refused(string text) =>
        FluentActions.Invoking(() => MiniYaml.Parse(text)).Should().Throw<FormatException>();
}
