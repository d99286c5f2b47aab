using PortStress.Testing;

namespace PortStress.Gateway.Tests.Monitoring;

[Collection(GatewayHostCollection.Name)]
public sealed class MetricsScrapeTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    /// <summary>Scrapes until <paramref name="ready"/> holds (the loop builds its status for readers from the next tick on).</summary>
    internal static async Task<PrometheusText> ScrapeUntil(GatewayHost host, Func<PrometheusText, bool> ready, string what)
    {
        PrometheusText? scrape = null;
        await Eventually.WaitFor(() =>
        {
            scrape = PrometheusText.Parse(host.Client.GetStringAsync("/metrics").GetAwaiter().GetResult());
            return ready(scrape);
        }, what, timeoutMs: 20_000, context: () => string.Join(", ", scrape?.Names.Order() ?? Enumerable.Empty<string>()));
        return scrape!;
    }

    [Fact]
    public async Task The_scrape_parses_and_holds_the_control_and_ring_instruments()
    {
        var scrape = await ScrapeUntil(host, s => s.Names.Contains("portstress_control_state"), "the control state gauge");
        var state = scrape["portstress_control_state"].Should().ContainSingle().Subject;
        state.Value.Should().BeInRange(0, 3);
        state.Labels.Should().ContainKey("shadow");
        scrape["portstress_control_stress_probability"].Should().ContainSingle().Which.Value.Should().BeInRange(0, 1);
        scrape["portstress_ring_events_dropped_total"].Should().ContainSingle().Which.Value.Should().Be(0);
        scrape.Types["portstress_ring_events_dropped_total"].Should().Be("counter");
        scrape.Names.Should().Contain("portstress_control_tick_duration_seconds_bucket");
    }

    [Fact]
    public async Task Signals_appear_per_destination_once_the_session_connected_and_an_order_went_out()
    {
        var listener = host.Submit();
        await Eventually.WaitFor(() => listener.Events.Contains("done"), "an order went out and was filled");
        var venue = $"127.0.0.1:{host.VenuePort}";
        var scrape = await ScrapeUntil(host,
            s => s["portstress_connect_latency_p95_seconds"].Any(x => x.Labels.GetValueOrDefault("destination") == venue)
                && s.Names.Contains("portstress_order_decision_to_send_p95_seconds"),
            "CTL95 of the venue and DSD95");
        scrape["portstress_connect_latency_p95_seconds"].Single(x => x.Labels["destination"] == venue).Value.Should().BeInRange(0, 5);
        scrape["portstress_connect_failure_ratio"].Single(x => x.Labels["destination"] == "all").Value.Should().Be(0);
        scrape["portstress_order_decision_to_send_p95_seconds"].Single().Value.Should().BeInRange(0, 5);
        scrape["portstress_logon_latency_p95_seconds"].Single().Value.Should().BeInRange(0, 5);
        scrape["portstress_gate_outcomes_total"].Should().Contain(x => x.Labels["kind"] == "sent");
    }
}
